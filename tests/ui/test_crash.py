"""An unexpected error reports where it happened, never the child data in its message."""

import sys

from ui import crash


def test_crash_report_withholds_the_message(capsys, monkeypatch):
    monkeypatch.setattr(crash.QMessageBox, "critical", lambda *a, **k: None)
    try:
        raise ValueError("Zebediah Quillfeather born 2014-03-09")
    except ValueError:
        crash.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert "ValueError" in err and "test_crash.py" in err
    assert "Zebediah" not in err and "2014-03-09" not in err
