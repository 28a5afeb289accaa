"""Words and phrases: the IRO's phrase bank and letter templates, the words children asked for,
and the IRO's words for the spell check, each listed, changed and deleted in one window.

Everything is read and changed on the vault thread (``own_lists.read_own_lists`` and each
list's own module); the window shows what comes back and reads the lists again after a change.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from iro_desktop.documents import phrasebank, spelling, wording
from iro_desktop.documents.letter import DEFAULT_SECTIONS
from iro_desktop.documents.own_lists import OwnLists, read_own_lists
from ui.common.focus import show_tab_focus
from ui.common.messages import error_text
from ui.common.window_context import WindowContext

_SECTION_NAMES = {key: heading for key, heading, _prompt in DEFAULT_SECTIONS}


def _table(name: str, headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the fields below it
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name)
    b.clicked.connect(slot)
    return b


class WordsAndPhrasesDialog(QDialog):
    def __init__(self, ctx: WindowContext, lists: OwnLists, parent: QWidget | None = None) -> None:
        super().__init__(parent or ctx.window)
        self.setWindowTitle("Words and phrases — IRO Desktop")
        self.ctx = ctx
        self._session = ctx.session()
        self.lists = lists
        self.tabs = QTabWidget()
        show_tab_focus(self.tabs)
        self.tabs.setAccessibleName("Lists")
        self.tabs.addTab(self._phrases_tab(), "&Phrases and templates")
        self.tabs.addTab(self._wording_tab(), "&Children's words")
        self.tabs.addTab(self._spelling_tab(), "&Spelling: my words")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(880, 560)
        self.show_lists(lists)

    # ---- the tabs ----------------------------------------------------------------------------

    def _phrases_tab(self) -> QWidget:
        page = QWidget()
        self.phrase_table = _table("Phrases and templates", ["Title", "Kind", "Section"])
        self.phrase_table.itemSelectionChanged.connect(self._phrase_chosen)
        self.phrase_title = QLineEdit()
        self.phrase_title.setAccessibleName("Phrase title")
        self.phrase_body = QPlainTextEdit()
        self.phrase_body.setAccessibleName("Phrase text")
        self.phrase_body.setTabChangesFocus(True)
        form = QFormLayout()
        title_label, body_label = QLabel("&Title"), QLabel("Te&xt")
        title_label.setBuddy(self.phrase_title)
        body_label.setBuddy(self.phrase_body)
        form.addRow(title_label, self.phrase_title)
        form.addRow(body_label, self.phrase_body)
        self.save_phrase_button = _button("Save &changes", "Save the phrase's changes", self._save_phrase)
        self.delete_phrase_button = _button("&Delete", "Delete the phrase or template", self._delete_phrase)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_phrase_button)
        buttons.addWidget(self.delete_phrase_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.phrase_table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _wording_tab(self) -> QWidget:
        page = QWidget()
        intro = QLabel("Offered as you write a letter: the professional term, and the words children asked "
                       "for instead (in a letter they are said to the child: “my plan” becomes “your plan”).")
        intro.setWordWrap(True)
        self.wording_table = _table("Children's words", ["Term", "Children's words", "From"])
        self.wording_table.itemSelectionChanged.connect(self._wording_chosen)
        self.term = QLineEdit()
        self.term.setAccessibleName("Professional term")
        self.child_words = QLineEdit()
        self.child_words.setAccessibleName("Children's words for it")
        form = QFormLayout()
        term_label, words_label = QLabel("T&erm"), QLabel("C&hildren's words")
        term_label.setBuddy(self.term)
        words_label.setBuddy(self.child_words)
        form.addRow(term_label, self.term)
        form.addRow(words_label, self.child_words)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_wording_button = _button("Sa&ve", "Save the term and its words", self._save_wording)
        self.remove_wording_button = _button("Stop &offering", "Stop offering this term", self._remove_wording)
        self.restore_wording_button = _button("&Restore the built-in words", "Restore the built-in words",
                                              self._restore_wording)
        for b in (self.save_wording_button, self.remove_wording_button, self.restore_wording_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.wording_table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def _spelling_tab(self) -> QWidget:
        page = QWidget()
        intro = QLabel("Words the spell check accepts as well as its dictionary: names and places you use. "
                       "Add one by right-clicking it in a letter.")
        intro.setWordWrap(True)
        self.spelling_table = _table("My words", ["Word"])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.remove_word_button = _button("Re&move the word", "Remove the word from my words", self._remove_word)
        buttons.addWidget(self.remove_word_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.spelling_table, 1)
        layout.addLayout(buttons)
        return page

    # ---- showing -----------------------------------------------------------------------------

    def _all_phrases(self) -> list[phrasebank.Phrase]:
        return self.lists.phrases + self.lists.templates

    def show_lists(self, lists: OwnLists) -> None:
        self.lists = lists
        _fill(self.phrase_table, [[p.title, "Template" if p.kind == phrasebank.TEMPLATE else "Phrase",
                                   _SECTION_NAMES.get(p.section_key or "", "Any section")]
                                  for p in self._all_phrases()])
        rows = [[w.term, w.child_words, "Changed by you" if w.changed else "Built in" if w.built_in else "Yours"]
                for w in lists.wording]
        rows += [[t, "(not offered)", "Built in, switched off"] for t in lists.switched_off]
        _fill(self.wording_table, rows)
        _fill(self.spelling_table, [[w] for w in lists.spelling_words])
        self._phrase_chosen()

    def _chosen_row(self, table: QTableWidget) -> int | None:
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _phrase_chosen(self) -> None:
        row = self._chosen_row(self.phrase_table)
        phrase = self._all_phrases()[row] if row is not None else None
        self.phrase_title.setText(phrase.title if phrase else "")
        is_phrase = phrase is not None and phrase.kind == phrasebank.PHRASE
        self.phrase_body.setPlainText(phrase.body if is_phrase else "")
        self.phrase_body.setEnabled(is_phrase)  # a template's text is a whole letter: edit it in a letter
        for w in (self.phrase_title, self.save_phrase_button, self.delete_phrase_button):
            w.setEnabled(phrase is not None)

    def _wording_chosen(self) -> None:
        row = self._chosen_row(self.wording_table)
        if row is None:
            return
        self.term.setText(self.wording_table.item(row, 0).text())
        words = self.wording_table.item(row, 1).text()
        self.child_words.setText("" if row >= len(self.lists.wording) else words)

    # ---- changing ----------------------------------------------------------------------------

    def _change(self, work: Callable[[Any], object], done_text: str) -> None:
        vault = self.ctx.vault()
        if vault is None:
            return
        session = self._session

        def done(lists: OwnLists) -> None:
            if self.ctx.current(session):
                self.show_lists(lists)
                self.message.setText(done_text)

        def failed(exc: BaseException) -> None:
            if self.ctx.current(session):
                problems = getattr(exc, "problems", None)
                self.message.setText(" ".join(m for _w, m in problems) if problems else error_text(exc))

        def job() -> OwnLists:
            work(vault)
            return read_own_lists(vault)

        self.ctx.worker.run(job, text="Saving…", done=done, failed=failed)

    def _save_phrase(self) -> None:
        row = self._chosen_row(self.phrase_table)
        if row is None:
            return
        phrase = self._all_phrases()[row]
        title = self.phrase_title.text()
        body = self.phrase_body.toPlainText() if phrase.kind == phrasebank.PHRASE else None
        self._change(lambda v: phrasebank.update_phrase(v, phrase.id, title=title, body=body), "Saved.")

    def _delete_phrase(self) -> None:
        row = self._chosen_row(self.phrase_table)
        if row is not None:
            phrase_id = self._all_phrases()[row].id
            self._change(lambda v: phrasebank.delete_phrase(v, phrase_id), "Deleted.")

    def _save_wording(self) -> None:
        term, words = self.term.text(), self.child_words.text()
        self._change(lambda v: wording.save_wording(v, term, words), "Saved.")

    def _remove_wording(self) -> None:
        term = self.term.text().strip()
        if term:
            self._change(lambda v: wording.remove_wording(v, term), "It will not be offered any more.")

    def _restore_wording(self) -> None:
        term = self.term.text().strip()
        if term:
            self._change(lambda v: wording.restore_built_in(v, term), "The built-in words are back.")

    def _remove_word(self) -> None:
        row = self._chosen_row(self.spelling_table)
        if row is not None:
            word = self.lists.spelling_words[row]
            self._change(lambda v: spelling.remove_own_word(v, word), "Removed from your words.")


def show_words_and_phrases(ctx: WindowContext) -> None:
    """Read the lists on the vault thread, then open the window."""
    vault = ctx.vault()
    if vault is None:
        return
    session = ctx.session()

    def opened(lists: OwnLists) -> None:
        if ctx.current(session):
            dialog = WordsAndPhrasesDialog(ctx, lists)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    ctx.worker.run(lambda: read_own_lists(vault), text="Opening…", done=opened,
                   failed=lambda exc: ctx.show_error("Your words and phrases could not be read", exc, session))
