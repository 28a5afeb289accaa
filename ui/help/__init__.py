"""The Help menu: a short guide, the keyboard shortcuts, the audit log (read only) and About."""
