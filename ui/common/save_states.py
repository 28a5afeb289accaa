"""The states of a record being written, as the autosave reports them and the save indicator
shows them."""

UNSAVED, SAVING, SAVED, FAILED = "unsaved", "saving", "saved", "failed"
