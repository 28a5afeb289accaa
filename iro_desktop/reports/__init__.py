"""The annual IRO report from the work itself: review facts, KPI figures, the team report, the
903 return, and the review history import."""
