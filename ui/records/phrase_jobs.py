"""The phrase bank's two vault jobs for a record's editor: keep the selected words as a phrase,
and add the starter phrases and templates. Both run on the vault thread; the editor's lists
(``ctx.phrases``, ``ctx.templates``) take the answer, so the menus show it when next opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iro_desktop.documents import phrasebank

if TYPE_CHECKING:
    from ui.records.record_editor import RecordEditor


def keep_phrase(editor: "RecordEditor", title: str, body: str, section_key: str | None) -> None:
    vault = editor.vault

    def done(phrase) -> None:
        if editor.session_ok():
            editor.ctx.phrases.append(phrase)
            editor.ctx.status("Phrase kept in your phrase bank.")

    editor.ctx.worker.run(lambda: phrasebank.add_phrase(vault, title, body, section_key), text="Keeping the phrase…",
                          done=done, failed=editor._failed("The phrase was not kept"))


def add_starters(editor: "RecordEditor") -> None:
    vault = editor.vault

    def work():
        phrasebank.add_starters(vault)
        return phrasebank.list_phrases(vault), phrasebank.list_phrases(vault, phrasebank.TEMPLATE)

    def done(result) -> None:
        if editor.session_ok():
            editor.ctx.phrases[:], editor.ctx.templates[:] = result

    editor.ctx.worker.run(work, text="Adding the starter phrases…", done=done,
                          failed=editor._failed("The starter phrases were not added"))
