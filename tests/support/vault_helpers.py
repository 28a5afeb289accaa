"""Helpers shared by the vault tests: seeding marker rows, scanning files, a fake clock."""

from __future__ import annotations

import hashlib
from pathlib import Path

from iro_desktop.vault import keyslots
from iro_desktop.vault.keychain import Keychain

from tests.conftest import MARKERS, PASSPHRASE

NOW = "2026-01-05T09:00:00Z"


def child_row(i: int) -> dict:
    """A child whose name and notes are the marker strings, so any leak is easy to find."""
    return {
        "child_id": f"CH{i:04d}",
        "first_name": MARKERS[0],
        "last_name": MARKERS[1],
        "date_of_birth": "2014-03-02",
        "iro_notes": f"{MARKERS[2]} note {i}: " + MARKERS[2] * 8,
        "school": f"{MARKERS[0]} Primary",
        "created_at": NOW,
        "updated_at": NOW,
    }


def seed_children(vault, start: int = 0, count: int = 5) -> list[str]:
    ids = []
    with vault.transaction() as tx:
        for i in range(start, start + count):
            row = child_row(i)
            tx.db["child"].insert(row)
            tx.audit("child.create", "child", row["child_id"])
            ids.append(row["child_id"])
    return ids


def child_ids(vault) -> list[str]:
    with vault.read() as db:
        return [r[0] for r in db.conn.execute("SELECT child_id FROM child ORDER BY child_id")]


def marker_needles() -> list[tuple[str, bytes]]:
    needles = []
    for m in MARKERS:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            needles.append((f"{m!r} as {enc}", m.encode(enc)))
    return needles


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def leaks_in(path: Path, needles: list[tuple[str, bytes]]) -> list[str]:
    data = path.read_bytes()
    return [f"{path.name}: {label}" for label, needle in needles if needle in data]


def assert_no_markers(folder: Path, extra: list[tuple[str, bytes]] = ()) -> list[Path]:
    """Scan every file under ``folder``; return the files scanned so callers can check coverage."""
    needles = marker_needles() + list(extra)
    scanned = files_under(folder)
    found = [leak for p in scanned for leak in leaks_in(p, needles)]
    assert not found, f"plaintext found in vault files: {found}"
    return scanned


def key_needles(key: bytes) -> list[tuple[str, bytes]]:
    import base64

    return [
        ("data key hex", key.hex().encode()),
        ("data key HEX", key.hex().upper().encode()),
        ("data key raw", key),
        ("data key base64", base64.b64encode(key).rstrip(b"=")),
    ]


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``folder``."""
    folder = Path(folder)
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files_under(folder)}


def data_key(home: Path, keychain: Keychain | None, passphrase: str = PASSPHRASE) -> bytes:
    """The vault's data key, unwrapped from the passphrase slot the way the vault does it."""
    slots = keyslots.KeySlotsFile.load(Path(home) / "keyslots.json")
    slot = slots.slots[keyslots.PASSPHRASE]
    secret = keychain.device_secret(slot.keychain_entry) if slot.keychain_entry else None
    key = keyslots.open_slot(slots.vault_id, slot, passphrase.encode(), secret)
    assert key is not None, "the test could not unwrap the data key"
    return key


def vault_id(home: Path) -> str:
    return keyslots.KeySlotsFile.load(Path(home) / "keyslots.json").vault_id


def keychain_entry(home: Path) -> str | None:
    """The keychain entry that holds the passphrase slot's device secret, if it has one."""
    slots = keyslots.KeySlotsFile.load(Path(home) / "keyslots.json")
    return slots.slots[keyslots.PASSPHRASE].keychain_entry


class FakeClock:
    """A wall clock the test moves by hand, for the unlock throttle."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def install_clock(monkeypatch, clock: FakeClock) -> None:
    """Make every Throttle the vault builds read ``clock`` instead of the real time."""
    from iro_desktop.vault import throttle as throttle_mod
    from iro_desktop.vault import vault as vault_mod

    monkeypatch.setattr(vault_mod, "Throttle",
                        lambda path: throttle_mod.Throttle(path, clock=clock))
