"""The PySide6 client. Widgets, Qt models and workers only: business rules live in iro_desktop."""

from ui.app import qt_fixes

# Before any widget emits a signal: see ui/app/qt_fixes.py.
qt_fixes.install()
