"""An unexpected error reports where it happened, never the child data in its message."""

import sys

from ui.app import crash


def test_crash_report_withholds_the_message(capsys, monkeypatch):
    monkeypatch.setattr(crash.QMessageBox, "critical", lambda *a, **k: None)
    try:
        raise ValueError("Zebediah Quillfeather born 2014-03-09")
    except ValueError:
        crash.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert "ValueError" in err and "test_crash.py" in err
    assert "Zebediah" not in err and "2014-03-09" not in err


def test_a_second_copy_of_the_app_says_so_and_exits(tmp_path, monkeypatch, qapp):
    import argparse

    from iro_desktop.vault.instance import AppInstance
    from ui.app import app

    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    monkeypatch.setattr(app.QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(app, "MainWindow", lambda *_a: (_ for _ in ()).throw(AssertionError("no window")))
    first = AppInstance(tmp_path).acquire()
    try:
        code = app.run(argparse.Namespace(vault=str(tmp_path), demo=False, no_keychain=False))
    finally:
        first.release()
    assert code == 1
    assert "already open in another copy" in shown[0]
