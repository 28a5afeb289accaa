"""The strength meter and the backups dialog as the IRO sees them: a passphrase of 1,024
characters is judged (zxcvbn alone refuses over 72), and the dialog states the retention."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from iro_desktop.vault.backups import RETENTION
from ui.session.backups_dialog import BackupsDialog
from ui.session.passphrase_fields import NewPassphraseFields

LONG = ("Kettle orbit meadow 42, harbour lantern copper 57, quarry fresh 93; " * 16)[:1024]


def test_the_meter_judges_a_passphrase_of_1024_characters(qtbot):
    fields = NewPassphraseFields()
    qtbot.addWidget(fields)
    fields.first.setText(LONG)
    fields.second.setText(LONG)
    assert fields.is_acceptable()
    assert fields.passphrase() == LONG
    assert "strong" in fields.meter.label.text()
    fields.first.setText("a" * 200)  # long but weak: still refused
    assert not fields.is_acceptable()


def test_the_backups_dialog_states_the_retention(qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = BackupsDialog(parent, tmp_path, lambda: None, lambda _p: None)
    assert dialog.retention.text() == RETENTION
