"""Shared set-up for the review editor tests: a vault with children ready for records, and the
steps a test takes through the real window (unlock, start a record, type, answer a question)."""

from __future__ import annotations

import socket
from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import PeriodOfCare, Placement
from iro_desktop.reviews import records
from iro_desktop.reviews.model import Recommendation
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.review_helpers import complete
from tests.ui.conftest import sample_child
from tests.ui.window_support import unlock  # noqa: F401 - the review tests import it from here

TODAY = date.today()
EARLIER = TODAY - timedelta(days=70)  # the finalised review the midway review follows
IRO = "Sam Ravensmoss"


@pytest.fixture
def no_network(monkeypatch):
    """Every way out to the network refuses, as on a train; the list says who tried."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("The network is unavailable.")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse(*args)

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def review_vault(vault_home, keychain):
    """A locked vault: C100 Mira (11, a finalised review with two open decisions), C200 Amira
    (12), C300 Ada (2, so PN0). No IRO name is set: finalising asks for it once."""
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        start = TODAY - timedelta(days=400)
        mira = sample_child("C100", "Miranda", "Quillfeather")
        mira.preferred_name = "Mira"
        mira.date_of_birth = TODAY.replace(year=TODAY.year - 11) - timedelta(days=40)
        amira = sample_child("C200", "Amira", "Okafor", area="Cornwall", social_worker="Priya Shah")
        amira.date_of_birth = TODAY.replace(year=TODAY.year - 12) - timedelta(days=10)
        ada = sample_child("C300", "Ada", "Baker")
        ada.date_of_birth = TODAY - timedelta(days=2 * 365 + 30)
        for child in (mira, amira, ada):
            child.periods = [PeriodOfCare(max(start, child.date_of_birth + timedelta(days=1)), "C2")]
            child.placements = [Placement(child.periods[0].start_date, "U4", area="Northshire")]
            repository.add_child(vault, child)
        # Mira's last review, finalised with two decisions still open.
        record = records.start_review(vault, "C100", EARLIER, "first")
        content = record.content
        d = content.details
        d.venue_mode, d.venue = "in_person", "Joan and Pete's"
        d.seen_alone, d.seen_alone_date, d.participation_code = True, EARLIER, "PN1"
        content.letter.set_body("how_you_are", "It was lovely to see you.")
        content.recommendations = [
            Recommendation("Arrange family time with Nan every month", "social_worker", EARLIER + timedelta(days=60),
                           "Priya Shah"),
            Recommendation("Find a swimming club", "foster_carer", EARLIER + timedelta(days=90), "Joan"),
        ]
        complete(content)  # the child attended (PN1), the sections not written are hidden
        records.finalise_review(vault, record.id, finalised_by="A. Previous", content=content, on=EARLIER)
    finally:
        vault.close()
    return vault_home, code


def editors(window) -> list:
    return list(window.records.editors.values())


def start_review(window, qtbot, child_id: str = "C100", when: date = TODAY, kind: str = "second"):
    """Write a review record for a review not yet in the caseload, through the dialog."""
    before = set(window.records.editors)
    window.records.write_review(child_id)
    qtbot.waitUntil(lambda: isinstance(window.records.dialog, QDialog) and shiboken6.isValid(window.records.dialog)
                    and window.records.dialog.isVisible(), timeout=5_000)
    dialog = window.records.dialog
    dialog.new_button.setChecked(True)
    dialog.new_date.set_value(when)
    dialog.new_type.set_value(kind)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(set(window.records.editors) - before), timeout=10_000)
    editor = window.records.editors[(set(window.records.editors) - before).pop()]
    qtbot.waitUntil(lambda: not window.worker.is_busy, timeout=10_000)
    return editor


def section_editor(editor, key: str):
    page = editor.letter_page
    editor.tabs.setCurrentWidget(page)
    page.select_section(key)
    text = page.editors[key]
    text.setFocus()
    return text


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def answer_name(qtbot, editor, name: str = IRO) -> None:
    qtbot.waitUntil(lambda: isinstance(editor.pending_dialog, QInputDialog) and editor.pending_dialog.isVisible(),
                    timeout=5_000)
    dialog = editor.pending_dialog
    dialog.setTextValue(name)
    dialog.accept()


def press(qtbot, editor, button_text: str) -> None:
    """Click ``button_text`` in the message box the editor is waiting on."""
    qtbot.waitUntil(lambda: isinstance(editor.pending_dialog, QMessageBox) and editor.pending_dialog.isVisible(),
                    timeout=5_000)
    box = editor.pending_dialog
    button = next(b for b in box.buttons() if b.text() == button_text)
    button.click()


def fill_for_finalising(editor) -> None:
    """What finalising a review needs, entered through the Details and Decisions pages."""
    details = editor.details_page
    details.venue_mode.set_value("in_person")
    details.venue.setText("Joan and Pete's")
    details.venue.textEdited.emit("Joan and Pete's")
    details.seen_alone.set_value(True)
    details.seen_alone_date.set_value(details.review_date.value())
    index = details.participation.findData("PN1")
    details.participation.setCurrentIndex(index)
    details.child_attended.set_value(True)  # PN1: the child was there
    for row in editor.decisions_page.earlier:
        row.outcome.set_value("done")
    hide_empty_sections(editor)


def hide_empty_sections(editor) -> None:
    """Every letter section is written or hidden before finalising: hide the empty ones, as the
    IRO does with the Hide button."""
    page = editor.letter_page
    for section in page.collect().sections:
        if not section.hidden and not section.body.strip():
            page.select_section(section.key)
            page.hide_button.click()
