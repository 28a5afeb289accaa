"""The Reports tab: the annual report figures, charts, summary and team report."""
