"""How easy the letter is to read, beside it: words, sentences, an estimated reading age beside
the child's age, the longest sentences (a click shows one in the letter) and the acronyms to
spell out. The figures are the core's (``documents.readability``); the panel only shows them.
The letter page (a part per section) and the midway note (one part, "") both use it."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from iro_desktop.documents import wording
from iro_desktop.documents.readability import Readability

from ui.common.widgets import heading_label


class ReadabilityPanel(QFrame):
    """Words, sentences, an estimated reading age beside the child's age, and the longest
    sentences (a click shows one in the letter)."""

    sentence_requested = Signal(str, int, int)  # part (section key), start, end

    def __init__(self, parent: QWidget | None = None, *, noun: str = "letter") -> None:
        super().__init__(parent)
        self._noun = noun  # what the text is called: "letter", or "note"
        self.setObjectName("readability")
        self.setStyleSheet("QFrame#readability { background: #f7f8fa; border: 1px solid #dde1e6; "
                           "border-radius: 4px; }")
        self.setMinimumWidth(230)
        self.setMaximumWidth(300)
        self.title = heading_label("How easy it is to read", 1.05)
        self.figures = QLabel()
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setWordWrap(True)
        self.figures.setAccessibleName("Readability figures")
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("readabilityWarnings")
        self.warnings.setStyleSheet("QLabel#readabilityWarnings { background: #fff4e0; border: 1px solid #e5c07b; "
                                    "border-radius: 4px; padding: 6px; color: #4a3000; }")
        self.warnings.setAccessibleName("Readability advice")
        self.warnings.hide()
        self.longest_title = QLabel(f"<b>Longest sentences</b> (marked in yellow in the {noun})")
        self.longest_title.setWordWrap(True)
        self.longest = QListWidget()
        self.longest.setAccessibleName("Longest sentences")
        self.longest.setWordWrap(True)
        self.longest.setFrameShape(QFrame.Shape.NoFrame)
        self.longest.setStyleSheet("QListWidget { background: transparent; } QListWidget::item { padding: 4px 0; "
                                   "border-bottom: 1px solid #e3e6ea; }")
        self.longest.itemClicked.connect(self._clicked)
        self.longest.itemActivated.connect(self._clicked)
        self.acronyms = QLabel()
        self.acronyms.setWordWrap(True)
        self.acronyms.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addWidget(self.warnings)
        layout.addWidget(self.longest_title)
        layout.addWidget(self.longest, 1)
        layout.addWidget(self.acronyms)
        self.result: Readability | None = None
        self.show_waiting()

    def show_waiting(self) -> None:
        self.figures.setText("<span style='color:#555'>Working this out…</span>")

    def show_result(self, r: Readability, child_age_words: str,
                    sentences: list[tuple[str, str, str, int, int, int]], acronyms: list[str]) -> None:
        """``sentences``: (part key, part heading, text, words, start, end), longest first."""
        self.result = r
        over = r.over_limit
        words = (f"<b style='color:#8a5300'>{r.words}</b>" if over else f"<b>{r.words}</b>")
        age = r.reading_age_text or "—"
        rows = [("Words", f"{words} <span style='color:#555'>(aim for under {r.word_limit})</span>"),
                ("Sentences", f"<b>{r.sentences}</b>" + (f" <span style='color:#555'>· about "
                                                        f"{round(r.average_sentence_words)} words each</span>"
                                                        if r.sentences else "")),
                ("Reading age", f"<b>{age}</b> <span style='color:#555'>(an estimate)</span>"),
                ("Child's age", f"<b>{child_age_words}</b>")]
        self.figures.setText("<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td style='color:#444; padding-right:10px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
            + "</table>")
        self.warnings.setText("\n\n".join(r.warnings))
        self.warnings.setVisible(bool(r.warnings))
        self.longest.clear()
        for part_key, heading, text, n, start, end in sentences:
            short = text if len(text) <= 110 else text[:107].rstrip() + "…"
            item = QListWidgetItem(f"{heading} · {n} words\n“{short}”")
            item.setData(Qt.ItemDataRole.UserRole, (part_key, start, end))
            item.setToolTip(f"Show this sentence in the {self._noun}")
            self.longest.addItem(item)
        self.longest_title.setVisible(bool(sentences))
        self.longest.setVisible(bool(sentences))
        if acronyms:
            self.acronyms.setText("<b>Spell these out for the child:</b> " + ", ".join(acronyms))
        self.acronyms.setVisible(bool(acronyms))

    def show_parts(self, r: Readability, child_age_words: str, *, heading: Callable[[str], str],
                   plain: Callable[[str], str], whole_text: str) -> None:
        """Show ``r`` for text in parts (a sentence's ``part``): ``heading`` names a part,
        ``plain`` gives its plain text (the offsets are into it); acronyms come from
        ``whole_text``."""
        sentences = [(s.part, heading(s.part), plain(s.part)[s.start:s.end], s.words, s.start, s.end)
                     for s in r.longest]
        acronyms = sorted({a for _s, _e, a in wording.acronyms(whole_text)})
        self.show_result(r, child_age_words, sentences, acronyms)

    def _clicked(self, item: QListWidgetItem) -> None:
        part, start, end = item.data(Qt.ItemDataRole.UserRole)
        self.sentence_requested.emit(part, start, end)


def long_sentence_spans(r: Readability) -> dict[str, list[tuple[int, int]]]:
    """The sentences to mark in yellow (the longest and every one over the limit), by part."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for s in {*r.longest, *r.long_sentences}:
        spans.setdefault(s.part, []).append((s.start, s.end))
    return spans
