"""Types steadily into a text box through the app's own autosave until it is killed (the victim
of the crash test's continuous-typing rounds).

    python -m tests.support.typing_writer VAULT_HOME PASSPHRASE EVERY_MS

Offscreen Qt: one letter every EVERY_MS goes into a QPlainTextEdit by keyboard events, and the
app's autosave (``ui.records.autosave.Autosaver`` on a ``ui.common.workers.Worker``, so through the drafts' lane
and its own connection) saves the box as the draft ``KEY``, starting from whatever that draft
already holds. Prints "ready" once typing starts, then "typed N T" after each keystroke: N the
length of the text, T its ``time.monotonic()``. The text of length N is ``text_of(N)``. Only
counters and times are printed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

KEY = "scratch:typing-crash-test"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def text_of(n: int) -> str:
    return "".join(LETTERS[i % len(LETTERS)] for i in range(n))


def main(home: str, passphrase: str, every_ms: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from iro_desktop.reviews import drafts
    from iro_desktop.vault import Vault
    from ui.records.autosave import Autosaver
    from ui.common.garbage import collect_on_gui_thread
    from ui.common.workers import Worker

    app = QApplication([])
    collect_on_gui_thread()
    vault = Vault.unlock(Path(home), passphrase, None, allow_no_keychain=True)
    text = drafts.load_draft_text(vault, KEY)
    box = QPlainTextEdit()
    box.setPlainText(json.loads(text)["text"] if text else "")
    box.moveCursor(QTextCursor.MoveOperation.End)
    box.show()
    box.setFocus()
    worker = Worker()
    saver = Autosaver(worker, vault, KEY, lambda: {"text": box.toPlainText()})
    box.textChanged.connect(saver.changed)

    def type_one() -> None:
        n = len(box.toPlainText())
        QTest.keyClicks(box, LETTERS[n % len(LETTERS)])
        print(f"typed {len(box.toPlainText())} {time.monotonic():.6f}", flush=True)

    timer = QTimer()
    timer.timeout.connect(type_one)
    timer.start(every_ms)
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
