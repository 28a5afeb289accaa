"""The PySide6 client. Widgets, Qt models and workers only: business rules live in iro_desktop."""
