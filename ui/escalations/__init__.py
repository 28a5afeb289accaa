"""The Escalations tab: the dispute resolution tracker and good-practice notifications."""
