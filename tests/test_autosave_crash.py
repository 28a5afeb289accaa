"""A process autosaving a growing draft is killed (SIGKILL) at random moments: every state it
reported saved survives, and the vault is sound after every kill. And a process typing steadily
through the app's autosave is killed mid-typing: it loses at most the last 2 seconds."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from iro_desktop.reviews import drafts
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.autosave_writer import KEY, draft_for
from tests.support.typing_writer import KEY as TYPING_KEY, text_of

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 25

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")]


def _run_and_kill(home: Path, rng: random.Random) -> list[int]:
    """Start the writer, kill it at a random moment, return the states it acknowledged."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.autosave_writer", str(home), PASSPHRASE],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line.strip())
            ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.4))  # sometimes while it is still opening the vault
    else:
        assert ready.wait(30), "the writer never opened the vault"
        time.sleep(rng.uniform(0.0, 0.3))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    reader.join(10)
    return [int(x.split()[1]) for x in lines if x.startswith("saved ")]


def _empty_vault_and_rng(tmp_path, what: str) -> tuple:
    """A new vault, closed, and a random source whose seed is printed (pytest shows it only
    when the test fails, so a failing round can be replayed)."""
    home = tmp_path / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    vault.close()
    seed = int.from_bytes(os.urandom(4), "big")
    print(f"{what} seed {seed}")
    return home, random.Random(seed)


def test_killed_autosaves_lose_nothing_acknowledged(tmp_path):
    home, rng = _empty_vault_and_rng(tmp_path, "crash test")
    stored = 0
    acknowledged_total = 0
    started = time.monotonic()
    for n_round in range(ROUNDS):
        acked = _run_and_kill(home, rng)
        where = f"round {n_round}: acknowledged up to {max(acked, default=None)}, stored before {stored}"
        acknowledged_total += len(acked)
        with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as v:
            with v.read() as db:
                assert db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
                assert db.conn.execute("PRAGMA cipher_integrity_check").fetchall() == [], where
            assert v.verify_audit().ok, where
            text = drafts.load_draft_text(v, KEY)
        if text is None:
            assert not acked and stored == 0, where
            continue
        data = json.loads(text)
        # Everything acknowledged survived; at most the one save in flight went further.
        last = max(acked, default=stored)
        assert last <= data["n"] <= last + 1, f"{where}, stored now {data['n']}"
        assert data == draft_for(data["n"]), where
        stored = data["n"]
    assert acknowledged_total > ROUNDS  # the kills did land in the middle of saving
    assert time.monotonic() - started < 60


# ---- killed in the middle of continuous typing ---------------------------------------------

TYPING_ROUNDS = 6
TYPE_EVERY_MS = 100
LIMIT_S = 2.0


def _type_and_kill(home: Path, rng: random.Random) -> tuple[list[tuple[int, float]], float]:
    """Start the typist, kill it after a few seconds of typing; returns every keystroke it
    reported (length of the text then, when) and the moment of the kill."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.typing_writer", str(home), PASSPHRASE,
                             str(TYPE_EVERY_MS)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    typed: list[tuple[int, float]] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            if line.startswith("ready"):
                ready.set()
            elif line.startswith("typed "):
                _word, n, at = line.split()
                typed.append((int(n), float(at)))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(30), "the typist never started"
        time.sleep(rng.uniform(2.5, 5.0))
    finally:
        killed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
    return typed, killed_at


def test_killed_while_typing_loses_at_most_the_last_two_seconds(tmp_path):
    """The process typing through the app's real autosave (timers, the drafts' lane, its own
    connection) is killed mid-typing, again and again: whatever was typed more than 2 seconds
    before the kill is in the vault, and the vault is sound."""
    home, rng = _empty_vault_and_rng(tmp_path, "typing crash test")
    stored_before = 0
    worst = 0.0
    for n_round in range(TYPING_ROUNDS):
        typed, killed_at = _type_and_kill(home, rng)
        assert len(typed) >= 20, "it typed for a few seconds"
        with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as v:
            with v.read() as db:
                assert db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], n_round
                assert db.conn.execute("PRAGMA cipher_integrity_check").fetchall() == [], n_round
            assert v.verify_audit().ok, n_round
            stored_text = drafts.load_draft_text(v, TYPING_KEY)
        text = json.loads(stored_text)["text"] if stored_text is not None else ""
        stored = len(text)
        assert text == text_of(stored), "exactly the letters typed, in order"
        assert stored_before <= stored <= typed[-1][0], f"round {n_round}: stored {stored}"
        # Every letter typed more than 2 seconds before the kill is stored; the first one that
        # is not was typed at most 2 seconds before the kill.
        lost = [at for n, at in typed if n > stored]
        if lost:
            worst = max(worst, killed_at - lost[0])
            assert killed_at - lost[0] <= LIMIT_S, (
                f"round {n_round}: lost letters typed {killed_at - lost[0]:.2f} s before the kill")
        stored_before = stored
    print(f"typing crash test: worst loss {worst:.2f} s of typing")
