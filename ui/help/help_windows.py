"""The Help menu's windows: a short guide, the keyboard shortcuts (read from the window's own
menus, so the list is never out of date), the audit log to read, and About (the version and the
licences of what the app bundles)."""

from __future__ import annotations

import platform
from datetime import datetime, timezone

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMenuBar, QPushButton,
                               QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

from iro_desktop import __version__
from iro_desktop.audit_log_view import PAGE, AuditEntry, audit_entries
from ui.common.window_context import WindowContext

GUIDE = """
<h2>Getting started</h2>
<p><b>Your caseload.</b> Import the council's caseload extract (File, Import caseload) or add a child
(Child, Add child). Everything is kept in your encrypted vault on this laptop and works with no
network.</p>
<p><b>What is due.</b> My week lists the reviews, midway reviews and paperwork due, with the statutory
limits; the Calendar shows them by day, and Trips groups visits to placements far away.</p>
<p><b>Writing a review.</b> Choose a child and Child, Write review record. The record is saved as you
type: the corner of the window says "Saved at 14:32", and closing the window or locking keeps
everything in the record (Ctrl+S saves at once, the same way). A record is Being written, Finalised
or Amending. Finalise (Ctrl+Shift+F) checks it first: if anything is missing, such as a section of
the letter neither written nor hidden, or a participation code the attendance disagrees with, the
checks list it and Enter on a line takes you there. An amendment makes a new version and keeps the
old.</p>
<p><b>Printing.</b> Child, Preview and print shows the child's letter in their chosen look, the
professional record and the "My IRO" leaflet, made in memory: nothing is saved unless you choose
Save as PDF. File, My details for children holds your name, photo and how children can reach you,
as they see them on their letters and the leaflet.</p>
<p><b>Sending to the council.</b> Finalised records wait in the Outbox and are sent when you are
connected (Sync, Sync now), each checked at the council's end.</p>
<p><b>Locking.</b> File, Lock (Ctrl+L) closes the vault, after putting what you were writing into
its record; it also locks itself when you are away.</p>
"""

LICENCES = """
<p><b>IRO Desktop</b> {version}, with Python {python} and Qt for Python (PySide6) {pyside}.</p>
<p>It bundles:</p>
<ul>
<li>Andika (SIL International) and Atkinson Hyperlegible (Braille Institute of America) fonts:
SIL Open Font Licence 1.1.</li>
<li>DejaVu Sans font (the professional record): Bitstream Vera licence, DejaVu changes in the public
domain.</li>
<li>Tabler Icons: MIT licence.</li>
<li>The British English Hunspell dictionary (Marco A.G. Pinto and others): LGPL.</li>
</ul>
<p>The licence texts are in the app's <code>resources</code> folder, beside the fonts, icons and
dictionary they cover.</p>
"""


def _close_box(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    box.rejected.connect(dialog.reject)
    box.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
    return box


def _text_dialog(parent: QWidget, title: str, html: str, name: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"{title} — IRO Desktop")
    text = QTextBrowser()
    text.setHtml(html)
    text.setAccessibleName(name)
    text.setOpenExternalLinks(False)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(_close_box(dialog))
    dialog.resize(640, 520)
    return dialog


def guide_dialog(parent: QWidget) -> QDialog:
    return _text_dialog(parent, "Getting started", GUIDE, "Getting started")


def about_dialog(parent: QWidget) -> QDialog:
    html = LICENCES.format(version=__version__, python=platform.python_version(), pyside=PySide6.__version__)
    return _text_dialog(parent, "About IRO Desktop", html, "About IRO Desktop")


def shortcuts(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command with a shortcut, as the menus have them."""
    out = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and not action.isSeparator():
                out.append((top.text().replace("&", ""), action.text().replace("&", ""), keys))
    return out


def _table(name: str, headings: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    return table


def shortcuts_dialog(parent: QWidget, menu_bar: QMenuBar) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts — IRO Desktop")
    rows = [list(r) for r in shortcuts(menu_bar)]
    rows += [["Everywhere", "Next / previous tab", "Ctrl+Tab / Ctrl+Shift+Tab"],
             ["Everywhere", "Open a menu", "Alt and the underlined letter"],
             ["Letter", "Bold / italics / bullet list", "Ctrl+B / Ctrl+I / Ctrl+Shift+8"],
             ["Letter", "Spelling suggestions", "The menu key or Shift+F10 on the word"]]
    layout = QVBoxLayout(dialog)
    layout.addWidget(_table("Keyboard shortcuts", ["Where", "Command", "Keys"], rows))
    layout.addWidget(_close_box(dialog))
    dialog.resize(640, 520)
    return dialog


def _local(utc: str) -> str:
    try:
        moment = datetime.strptime(utc[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).astimezone()
    except ValueError:
        return utc
    return f"{moment:%d/%m/%Y %H:%M:%S}"


class AuditLogDialog(QDialog):
    """The audit log, newest first, to read (it cannot be changed from here or anywhere)."""

    def __init__(self, ctx: WindowContext, entries: list[AuditEntry]) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self._session = ctx.session()
        self.setWindowTitle("Audit log — IRO Desktop")
        intro = QLabel("Every change to your vault, newest first: when, what, and which record (by its "
                       "number, never its contents). Nothing can change or remove a row.")
        intro.setWordWrap(True)
        self.table = _table("Audit log", ["Row", "When", "What", "Which"], [])
        self.more_button = QPushButton("Show &older rows")
        self.more_button.setAccessibleName("Show older rows")
        self.more_button.clicked.connect(self._more)
        self.check_button = QPushButton("&Check that it is intact")
        self.check_button.setAccessibleName("Check that the audit log is intact")
        self.check_button.clicked.connect(self._check)
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.check_result.setAccessibleName("Result of the check")
        buttons = QHBoxLayout()
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.check_result)
        layout.addWidget(_close_box(self))
        self.resize(860, 560)
        self.entries: list[AuditEntry] = []
        self._add(entries)

    def _add(self, entries: list[AuditEntry]) -> None:
        self.entries += entries
        start = self.table.rowCount()
        self.table.setRowCount(start + len(entries))
        for r, e in enumerate(entries, start=start):
            for c, text in enumerate((str(e.seq), _local(e.at_utc), e.what, f"{e.record_type} {e.record_id}")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.more_button.setEnabled(len(entries) == PAGE)

    def _check(self) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return
        session = self._session

        def done(result) -> None:
            if self.ctx.current(session):
                self.check_result.setText(str(result))

        self.ctx.worker.run(vault.verify_audit, text="Checking the audit log…", done=done,
                            failed=lambda exc: self.ctx.show_error("The audit log could not be checked", exc, session))

    def _more(self) -> None:
        vault = self.ctx.vault()
        if vault is None or not self.entries:
            return
        before, session = self.entries[-1].seq, self._session
        self.ctx.worker.run(lambda: audit_entries(vault, before_seq=before), text="Reading the audit log…",
                            done=lambda more: self._add(more) if self.ctx.current(session) else None,
                            failed=lambda exc: self.ctx.show_error("The audit log could not be read", exc, session))


def show_audit_log(ctx: WindowContext) -> None:
    vault = ctx.vault()
    if vault is None:
        return
    session = ctx.session()

    def opened(entries: list[AuditEntry]) -> None:
        if ctx.current(session):
            dialog = AuditLogDialog(ctx, entries)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    ctx.worker.run(lambda: audit_entries(vault), text="Reading the audit log…", done=opened,
                   failed=lambda exc: ctx.show_error("The audit log could not be read", exc, session))


def help_actions(window, ctx: WindowContext) -> list[QAction | None]:
    """The Help menu's commands (None: a separator)."""
    def action(text: str, slot, shortcut=None) -> QAction:
        a = QAction(text, window)
        a.triggered.connect(slot)
        if shortcut is not None:
            a.setShortcut(shortcut)
        return a

    def open_(make):
        def run() -> None:
            dialog = make()
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
        return run

    window.audit_log_action = action("&Audit log…", lambda: show_audit_log(ctx))
    return [action("&Getting started", open_(lambda: guide_dialog(window)), QKeySequence.StandardKey.HelpContents),
            action("&Keyboard shortcuts", open_(lambda: shortcuts_dialog(window, window.menuBar()))),
            None, window.audit_log_action, None,
            action("A&bout IRO Desktop", open_(lambda: about_dialog(window)))]
