"""The dispute resolution (escalation) tracker and good-practice notifications."""
