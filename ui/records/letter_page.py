"""The letter to the child: its sections down the side (``letter_sections``), the one being
written in the middle, and on the right, as tabs, how easy it is to read (``readability_panel``),
what people told me (``told_me_panel``) and the easy-read letter's pictures
(``picture_choice``); the template menu is built by ``phrase_menus``.

The layout (which sections, their headings, order and whether they are shown) is a core
``Letter`` changed only through its own methods (rename, move, hide, add, remove). Each body is a
``MarkupTextEdit``; ``collect`` reads them back into the letter as markup. The formatting bar, the
phrase bank and the children's-words bar are ``writing_tools``, shared with the midway note.

Why this module is long: the page wires its parts (sections, editors, toolbar, menus, the
children's-words suggestions, readability) to the one letter they all change; the parts that
stand alone are already modules of their own.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QSplitter, QStackedWidget, QTabWidget,
    QVBoxLayout, QWidget,
)

from iro_desktop.documents import markup, phrasebank, wording
from iro_desktop.documents.layouts import apply_layout
from iro_desktop.documents.letter import PROMPTS, WHAT_NEXT, Letter
from iro_desktop.documents.pictures import follow_edit
from iro_desktop.documents.readability import Readability

from ui.common.focus import place_after
from ui.common.widgets import InfoBar, hint_label
from ui.records.letter_sections import OPENING, OPENING_HEADING, SIGN_OFF, SIGN_OFF_HEADING, SectionList
from ui.records.phrase_menus import fill_template_menu
from ui.records.picture_choice import PictureChoice, PictureSection, choose_picture, picture_section
from ui.records.readability_panel import ReadabilityPanel, long_sentence_spans
from ui.records.text.markup_edit import MarkupTextEdit
from ui.records.told_me_panel import ToldMePanel, quote_at_cursor
from ui.records.writing_tools import FormattingBar, SuggestionBar


class LetterPage(QWidget):
    changed = Signal()
    regenerate_requested = Signal()  # write "What will happen next" from the decisions again

    def __init__(self, *, phrases: Callable[[], list[phrasebank.Phrase]],
                 keep_phrase: Callable[[str, str, str | None], None],
                 add_starters: Callable[[], None],
                 templates: Callable[[], list[phrasebank.Phrase]] = lambda: [],
                 table: list[wording.Wording] | None = None,
                 adopt_clipboard: Callable[[str], None] | None = None,
                 spell: Callable[[MarkupTextEdit], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spell = spell
        self._add_starters = add_starters
        self._templates = templates
        self._table = table
        self._adopt_clipboard = adopt_clipboard
        self.letter: Letter | None = None
        self.editors: dict[str, MarkupTextEdit] = {}
        self._read_only = False
        self._loading = False
        self.pending_dialog: QWidget | None = None  # the question this page is waiting on

        # ---- sections (left) ----
        left = self.section_list = SectionList()
        # The page's own names for the list's parts: the editor and its tests reach them here.
        self.sections = left.sections
        self.up_button, self.down_button, self.hide_button = left.up_button, left.down_button, left.hide_button
        self.add_button, self.remove_button = left.add_button, left.remove_button
        self.template_menu, self.template_button = left.template_menu, left.template_button
        self.sections.currentItemChanged.connect(lambda _c, _p: self._show_current())
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.hide_button.clicked.connect(self._toggle_hidden)
        self.add_button.clicked.connect(self._add_section)
        self.remove_button.clicked.connect(self._remove_section)
        self.template_menu.aboutToShow.connect(self._fill_template_menu)

        # ---- the section being written (middle) ----
        self.dear = QLineEdit()
        self.dear.setAccessibleName("The name the child likes to be called")
        self.dear.setPlaceholderText("name")
        self.dear.textEdited.connect(lambda _t: self._emit_changed())
        dear_row = QHBoxLayout()
        dear_row.setSpacing(4)
        dear_label = QLabel("Dear")
        dear_row.addWidget(dear_label)
        dear_row.addWidget(self.dear)
        dear_row.addWidget(QLabel(","))
        dear_row.addStretch(1)
        self.dear.setMaximumWidth(220)
        self.heading_edit = QLineEdit()
        self.heading_edit.setAccessibleName("Section heading")
        font = self.heading_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading_edit.setFont(font)
        self.heading_edit.setToolTip("The heading the child sees. Type to rename the section.")
        self.heading_edit.textEdited.connect(self._rename)
        self.prompt = hint_label("")
        self.what_next_bar = InfoBar(tone="info")
        self.regenerate_button = self.what_next_bar.add_button("Write it from the decisions again",
                                                                self.regenerate_requested.emit)

        self.toolbar = FormattingBar(self.current_editor, phrases=phrases, keep_phrase=keep_phrase,
                                     add_starters=add_starters, section_key=self.current_key,
                                     keepable_key=lambda key: key if key not in (OPENING, SIGN_OFF) else None)
        # The page's own names for the bar's parts: the editor and its tests reach them here.
        self.bold_button, self.italic_button = self.toolbar.bold_button, self.toolbar.italic_button
        self.bullets_button, self.phrase_button = self.toolbar.bullets_button, self.toolbar.phrase_button
        self.undo_button, self.redo_button = self.toolbar.undo_button, self.toolbar.redo_button
        self.phrase_menu = self.toolbar.phrase_menu
        self._fill_phrase_menu = self.toolbar.fill_phrase_menu
        self.insert_phrase = self.toolbar.insert_phrase
        self.current_editor_call = self.toolbar.call
        self._update_tools = self.toolbar.update_tools

        self.stack = QStackedWidget()
        self.sign_off = QPlainTextEdit()
        self.sign_off.setAccessibleName("Signing off")
        self.sign_off.textChanged.connect(self._emit_changed)
        self.stack.addWidget(self.sign_off)
        self.suggestion_bar = SuggestionBar(self.current_editor)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(6, 0, 6, 0)
        middle_layout.addLayout(dear_row)
        middle_layout.addWidget(self.heading_edit)
        middle_layout.addWidget(self.prompt)
        middle_layout.addWidget(self.what_next_bar)
        middle_layout.addWidget(self.toolbar)
        middle_layout.addWidget(self.stack, 1)
        middle_layout.addWidget(self.suggestion_bar)

        self.readability = ReadabilityPanel()
        self.readability.sentence_requested.connect(self.show_sentence)
        # Beside the letter, as tabs: how easy it is to read, what people told me (the child's
        # words to quote), and the easy-read letter's pictures.
        self.told_me = ToldMePanel()
        self.told_me.quote_requested.connect(self.quote_child_words)
        self.picture_choice = PictureChoice(self._picture_section)
        self.picture_choice.choice_made.connect(self._choose_picture)
        self.side = QTabWidget()
        self.side.setAccessibleName("Beside the letter")
        self.side.setMaximumWidth(330)
        for panel, tab, tip in ((self.readability, "Readability", "How easy it is to read"),
                                (self.told_me, "Told me", "What people told me"),
                                (self.picture_choice, "Pictures", "The easy-read letter's pictures")):
            self.side.setTabToolTip(self.side.addTab(panel, tab), tip)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([210, 620, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addWidget(splitter)

    # ---- loading and collecting ------------------------------------------------------------

    def load(self, letter: Letter) -> None:
        self._loading = True
        try:
            current = self.current_key()
            self.letter = letter.copy()
            keys = [OPENING] + [s.key for s in letter.sections]
            for key in list(self.editors):
                if key not in keys:
                    editor = self.editors.pop(key)
                    self.stack.removeWidget(editor)
                    editor.deleteLater()
            for key in keys:
                editor = self.editors.get(key) or self._new_editor(key)
                editor.set_markup(letter.opening if key == OPENING else letter.section(key).body)
                editor.set_read_only(self._read_only)
            self.dear.setText(letter.addressed_to)
            self.sign_off.setPlainText(letter.sign_off)
            self._rebuild_list(current or (letter.sections[0].key if letter.sections else OPENING))
        finally:
            self._loading = False

    def _new_editor(self, key: str) -> MarkupTextEdit:
        editor = MarkupTextEdit(accessible_name="Letter text")
        editor.wording_table = self._table
        editor.on_copied = self._adopt_clipboard
        if self._spell is not None:
            self._spell(editor)
        editor.setPlaceholderText("Write to the child here…")
        editor.use_letter_style()
        editor.markup_changed.connect(lambda k=key: self._editor_changed(k))
        self.suggestion_bar.follow(editor)
        self.toolbar.watch(editor)
        self.editors[key] = editor
        self.stack.addWidget(editor)
        place_after(self.sign_off, [editor])  # with the stack's other page, not at the window's end
        return editor

    def collect(self) -> Letter:
        assert self.letter is not None
        letter = self.letter.copy()
        letter.addressed_to = self.dear.text().strip()
        letter.opening = self.editors[OPENING].markup()
        letter.sign_off = self.sign_off.toPlainText().strip()
        for s in letter.sections:
            s.body = self.editors[s.key].markup()
        return letter

    def set_generated(self, key: str, body: str) -> None:
        """Show a section written by the core (it follows the decisions while untouched)."""
        if self.letter is None or not self.letter.has_section(key):
            return
        self.letter.section(key).generated = body
        self.editors[key].set_markup(body)
        self._update_what_next()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self.editors.values():
            editor.set_read_only(read_only)
        self.sign_off.setReadOnly(read_only)
        self.dear.setEnabled(not read_only)
        self.heading_edit.setEnabled(not read_only)
        self.toolbar.set_read_only(read_only)
        for w in (self.add_button, self.template_button):
            w.setEnabled(not read_only)
        self.regenerate_button.setEnabled(not read_only)
        self.suggestion_bar.set_read_only(read_only)
        self.told_me.set_read_only(read_only)
        self.picture_choice.set_read_only(read_only)
        self._update_buttons()

    # ---- the list of sections --------------------------------------------------------------

    def current_key(self) -> str | None:
        return self.section_list.current_key()

    def current_editor(self) -> MarkupTextEdit | None:
        key = self.current_key()
        return self.editors.get(key) if key else None

    def select_section(self, key: str) -> None:
        self.section_list.select(key)

    def _rebuild_list(self, select: str | None) -> None:
        assert self.letter is not None
        self.section_list.show_letter(self.letter, select)
        self._show_current()

    def _show_current(self) -> None:
        key = self.current_key()
        if key is None or self.letter is None:
            return
        if key == SIGN_OFF:
            self.stack.setCurrentWidget(self.sign_off)
            heading, prompt = SIGN_OFF_HEADING, "How you end the letter: your name and how the child can reach you."
        elif key == OPENING:
            self.stack.setCurrentWidget(self.editors[OPENING])
            heading, prompt = OPENING_HEADING, "A line or two after “Dear …,” before the first section (optional)."
        else:
            section = self.letter.section(key)
            self.stack.setCurrentWidget(self.editors[key])
            heading = section.heading
            prompt = PROMPTS.get(key, "A section of your own.")
            if section.hidden:
                prompt = "Hidden: this section is not part of the letter. Show it to put it back. " + prompt
        self.heading_edit.setText(heading)
        self.heading_edit.setReadOnly(key in (OPENING, SIGN_OFF))
        self.prompt.setText(prompt)
        self.suggestion_bar.hide()
        self._update_buttons()
        self._update_what_next()
        self._update_tools()
        self.picture_choice.refresh()

    def _update_buttons(self) -> None:
        self.section_list.update_buttons(self.letter, self._read_only)

    def _update_what_next(self) -> None:
        key = self.current_key()
        if key != WHAT_NEXT or self.letter is None or not self.letter.has_section(WHAT_NEXT):
            self.what_next_bar.hide()
            return
        section = self.letter.section(WHAT_NEXT)
        follows = section.generated is not None and self.editors[WHAT_NEXT].markup() == section.generated
        if follows:
            self.what_next_bar.show_text("This section is written for you from the decisions, in words for the "
                                         "child, and changes when they do. Change it and it becomes yours.")
            self.regenerate_button.hide()
        else:
            self.what_next_bar.show_text("You have written this section yourself, so it no longer changes "
                                         "with the decisions.")
            self.regenerate_button.show()

    # ---- changing the layout ---------------------------------------------------------------

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _editor_changed(self, key: str) -> None:
        if self.letter is not None and self.letter.has_section(key):
            # The letter kept in step with its editor, so that a chosen picture follows its
            # sentence as sentences are added or removed before it (``pictures.follow_edit``).
            section = self.letter.section(key)
            body = self.editors[key].markup()
            if section.pictures and body != section.body:
                section.pictures = follow_edit(section.body, body, section.pictures)
            section.body = body
        if key == WHAT_NEXT and self.current_key() == WHAT_NEXT:
            self._update_what_next()
        self.picture_choice.refresh()
        self._emit_changed()

    def _rename(self, text: str) -> None:
        key = self.current_key()
        if self.letter is None or key in (None, OPENING, SIGN_OFF) or not text.strip():
            return
        self.letter.rename_section(key, text)
        item = self.sections.currentItem()
        hidden = self.letter.section(key).hidden
        item.setText(f"{self.letter.section(key).heading} (hidden)" if hidden else self.letter.section(key).heading)
        self._emit_changed()

    def _move(self, step: int) -> None:
        key = self.current_key()
        if self.letter is None or key in (None, OPENING, SIGN_OFF):
            return
        keys = [s.key for s in self.letter.sections]
        self.letter.move_section(key, keys.index(key) + step)
        self._rebuild_list(key)
        self._emit_changed()

    def _toggle_hidden(self) -> None:
        key = self.current_key()
        if self.letter is None or key in (None, OPENING, SIGN_OFF):
            return
        self.letter.hide_section(key, not self.letter.section(key).hidden)
        self._rebuild_list(key)
        self._emit_changed()

    def _add_section(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Add a section")
        dialog.setLabelText("The heading the child will see, for example “Your football”:")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.add_section)
        dialog.open()
        self.pending_dialog = dialog

    def add_section(self, heading: str) -> None:
        if self.letter is None or not heading.strip():
            return
        key = self.current_key()
        after = key if key not in (None, OPENING, SIGN_OFF) else None
        if key == OPENING and self.letter.sections:
            after = None
        section = self.letter.add_section(heading, after=after)
        if key == OPENING:
            self.letter.move_section(section.key, 0)
        editor = self._new_editor(section.key)
        editor.set_markup("")
        editor.set_read_only(self._read_only)
        self._rebuild_list(section.key)
        self._emit_changed()
        editor.setFocus()

    def _remove_section(self) -> None:
        key = self.current_key()
        if self.letter is None or not key or not key.startswith("own-"):
            return
        if self.editors[key].markup().strip():
            box = QMessageBox(QMessageBox.Icon.Question, "Remove this section?",
                              "Remove this section and the words in it from the letter? (Undo cannot bring it "
                              "back; hide it instead to keep the words.)", QMessageBox.StandardButton.Cancel, self)
            remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.buttonClicked.connect(lambda b: self.remove_section(key) if b is remove else None)
            box.open()
            return
        self.remove_section(key)

    def remove_section(self, key: str) -> None:
        if self.letter is None:
            return
        self.letter.remove_section(key)
        editor = self.editors.pop(key)
        self.stack.removeWidget(editor)
        editor.deleteLater()
        self._rebuild_list(OPENING)
        self._emit_changed()

    # ---- templates -------------------------------------------------------------------------

    def _fill_template_menu(self) -> None:
        fill_template_menu(self.template_menu, self._templates(), self._confirm_template, self._add_starters)

    def _confirm_template(self, phrase: phrasebank.Phrase) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Use this template?",
                          f"Lay the letter out like “{phrase.title}”? The sections, their order and headings "
                          "change; nothing you have written is lost or hidden.", QMessageBox.StandardButton.Cancel,
                          self)
        use = box.addButton("Use the template", QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self.use_template(phrase.template) if b is use else None)
        self.pending_dialog = box
        box.open()

    def use_template(self, template: Letter) -> None:
        if self.letter is None or self._read_only:
            return
        laid_out = apply_layout(self.collect(), template)
        first = laid_out.visible_sections[0].key if laid_out.visible_sections else OPENING
        self.load(laid_out)
        self.select_section(first)
        self._emit_changed()

    # ---- readability -----------------------------------------------------------------------

    def show_readability(self, r: Readability, child_age_words: str, *, highlight: bool) -> None:
        assert self.letter is not None
        headings = {s.key: s.heading for s in self.letter.sections}
        headings["opening"] = OPENING_HEADING
        plains: dict[str, str] = {}

        def plain(part: str) -> str:
            if part not in plains:
                editor = self.editors.get(OPENING if part == "opening" else part)
                plains[part] = markup.strip_markup(editor.markup()) if editor else ""
            return plains[part]

        self.readability.show_parts(r, child_age_words, heading=lambda part: headings.get(part, part), plain=plain,
                                    whole_text=self.collect().body_text())
        if highlight:
            spans = long_sentence_spans(r)
            for key, editor in self.editors.items():
                editor.set_highlights(spans.get("opening" if key == OPENING else key, []))

    def show_sentence(self, part: str, start: int, end: int) -> None:
        key = OPENING if part == "opening" else part
        self.select_section(key)
        editor = self.editors.get(key)
        if editor is not None:
            editor.select_plain_span(start, end)
            editor.setFocus()

    # ---- beside the letter: what people told me, the easy-read pictures ---------------------

    def quote_child_words(self, words: str) -> None:
        """The child's words at the cursor of the section being written (with the signing off
        showing, at the end of "What you told me")."""
        if self.letter is None or self._read_only:
            return
        if self.current_editor() is None and self.letter.has_section("what_you_told_me"):
            self.select_section("what_you_told_me")
        editor = self.current_editor()
        if editor is not None:
            quote_at_cursor(editor, words)

    def _picture_section(self) -> PictureSection | None:
        key = self.current_key()
        editor = self.editors.get(key) if key else None
        return picture_section(self.letter, key, editor.markup() if editor else "", read_only=self._read_only)

    def _choose_picture(self, key: str, number: int, picture: str | None) -> None:
        if self.letter is None or self._read_only or not self.letter.has_section(key):
            return
        choose_picture(self.letter, key, number, picture)
        self._emit_changed()
        self.picture_choice.refresh_now()
