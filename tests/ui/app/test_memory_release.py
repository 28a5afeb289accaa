"""A closed preview or record editor gives back what it held: the window itself, the PDF it
showed, the letter it was editing. Not whenever Python's collector next gets round to it (the app
collects on the GUI thread, on thresholds, and a quiet app may not reach them for a long time),
but straight after closing, without the test collecting anything itself."""

from __future__ import annotations

import gc
import weakref

from tests.ui.print_support import open_preview, print_vault  # noqa: F401
from tests.ui.window_support import unlock

SETTLED_MS = 3_000  # the app's own collection follows a close within a fraction of a second


def _pdfs_reachable() -> int:
    """PDFs (bytes of more than a few KB that start like one) held by any live Python object."""
    return sum(1 for o in gc.get_objects() for r in gc.get_referents(o)
               if isinstance(r, bytes) and len(r) > 4096 and r.startswith(b"%PDF-"))


def test_closed_previews_keep_no_pdf(print_vault, window, qtbot):  # noqa: F811
    unlock(window, qtbot)
    windows, documents = [], []
    for child_id in ("C100", "C200", "C300"):
        preview = open_preview(window, qtbot, child_id)
        assert preview.rendered is not None and preview.viewer.page_count() > 0
        windows.append(weakref.ref(preview))
        documents.append(weakref.ref(preview.rendered))
        preview.close()
        del preview
    qtbot.waitUntil(lambda: all(ref() is None for ref in windows + documents), timeout=SETTLED_MS)
    assert _pdfs_reachable() == 0
    assert window.outputs.open_windows() == []


def test_closed_editors_keep_no_letter(print_vault, window, qtbot):  # noqa: F811
    unlock(window, qtbot)
    held = []
    for child_id in ("C100", "C300"):
        record_id = print_vault.records[child_id]
        window.records.open_record("review", record_id)
        qtbot.waitUntil(lambda: window.records.editor_for("review", record_id) is not None, timeout=10_000)
        qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
        editor = window.records.editor_for("review", record_id)
        held += [weakref.ref(editor), weakref.ref(editor.record), weakref.ref(editor.record.content)]
        editor.close()
        del editor
    qtbot.waitUntil(lambda: all(ref() is None for ref in held), timeout=SETTLED_MS)
