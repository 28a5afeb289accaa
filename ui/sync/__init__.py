"""Sync in the app: the sync thread, the status-bar indicator, the Outbox screen and the sync settings."""
