"""Replacing the data key when a secret is replaced, so the old secret stops opening anything.

A new passphrase or recovery code is only worth something if the old one is revoked, and a key
slots file copied before the change (a laptop backup, an old disk image) would otherwise go on
unwrapping the same data key. So a change of secret makes a new data key, re-encrypts the
database (SQLCipher's rekey) and every backup under it, and raises the key generation by one.

The steps, in this order, so that a crash (even SIGKILL) at any point leaves a vault that the
old secrets or the new ones open, never neither:

1. Every backup is re-encrypted into ``backups/.rekey-<generation>/`` (copies; the originals
   are untouched).
2. The new key slots (wrapping the new key) are written to ``keyslots.next.json``: the journal.
3. The database is rekeyed in place: one SQLite transaction, so it is wholly under the old key
   or wholly under the new one. This is the commit point.
4. The generation is stamped in the database, the WAL checkpointed.
5. ``commit``: the re-encrypted backups replace the originals, then the journal replaces
   ``keyslots.json``. Both are renames, needing no secret.

At unlock, a journal left by a crash is settled by whichever key opens the database: the key
from ``keyslots.next.json`` means step 3 happened, so ``commit`` finishes the job; the key from
``keyslots.json`` means it did not, so ``roll_back`` removes the journal and the copies. A
re-encrypted-backups folder with no journal is finished if its generation is the key file's
(the crash came between the renames of step 5) and removed otherwise (before step 2).

Backups are re-encrypted, not removed: they are the IRO's way back from a mistake, and a
backup left under the old key would open with the old secret (the very thing being revoked).
One that does not open with the old key either (damaged) is left as it is: nothing opens it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from iro_desktop.errors import IroError
from iro_desktop.files import fsync_dir
from iro_desktop.vault import backups, keyslots
from iro_desktop.vault.connection import KeyCheckFailed, connect, rekey

NEXT_SLOTS = "keyslots.next.json"
STAGING_PREFIX = ".rekey-"
GENERATION_SETTING = "vault.key_generation"

# Tests only: called with the name of each step, so a test can kill the process exactly there.
crash_hook: Callable[[str], None] | None = None


def step(name: str) -> None:
    if crash_hook is not None:
        crash_hook(name)


def journal_path(home: Path) -> Path:
    return home / NEXT_SLOTS


def staging_dir(home: Path, generation: int) -> Path:
    return backups.backup_dir(home) / f"{STAGING_PREFIX}{generation}"


def pending(home: Path) -> keyslots.KeySlotsFile | None:
    """The key slots of a rotation that did not finish, if any (a damaged journal counts as
    none: it was written atomically, so it can only be damaged by hand)."""
    path = journal_path(home)
    if not path.exists():
        return None
    try:
        return keyslots.KeySlotsFile.load(path)
    except (IroError, OSError):
        return None


def opens(db: Path, key: bytes, salt: bytes | None) -> bool:
    """True if ``key`` (with its generation's salt) opens the database; then the WAL is
    checkpointed, so the file's own first bytes carry the salt from here on."""
    try:
        conn = connect(db, key, salt)
    except KeyCheckFailed:
        return False
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return True


def stage_backups(home: Path, old_key: bytes, new_key: bytes, salt: bytes, generation: int) -> int:
    """Step 1: a copy of every backup under ``new_key``; returns how many."""
    folder = staging_dir(home, generation)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    made = 0
    for backup in backups.list_backups(home):
        copy = folder / backup.name
        for suffix in ("", "-wal"):  # a database set aside by a restore may have its WAL
            src = Path(str(backup) + suffix)
            if src.exists():
                shutil.copyfile(src, Path(str(copy) + suffix))
        try:
            conn = connect(copy, old_key)
        except KeyCheckFailed:
            for suffix in ("", "-wal", "-shm"):
                Path(str(copy) + suffix).unlink(missing_ok=True)
            continue  # damaged: it opens with no key, so there is nothing to revoke
        try:
            rekey(conn, new_key, salt)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
        finally:
            conn.close()
        os.chmod(copy, 0o600)
        with open(copy, "rb") as fh:
            os.fsync(fh.fileno())
        made += 1
    fsync_dir(folder)
    return made


def write_journal(home: Path, slots: keyslots.KeySlotsFile) -> None:
    """Step 2."""
    slots.save(journal_path(home))


def commit(home: Path, generation: int) -> None:
    """Step 5 (also finishing one a crash interrupted): no secret needed, only renames."""
    folder = staging_dir(home, generation)
    if folder.is_dir():
        target_dir = backups.backup_dir(home)
        for copy in sorted(folder.glob("*" + backups.SUFFIX)):
            target = target_dir / copy.name
            # The old WAL first: beside the new file it would be replayed into it.
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            os.replace(copy, target)
        fsync_dir(target_dir)
        shutil.rmtree(folder, ignore_errors=True)
    step("backups replaced")
    journal = journal_path(home)
    if journal.exists():
        os.replace(journal, home / "keyslots.json")
        fsync_dir(home)


def roll_back(home: Path) -> None:
    """Undo a rotation that had not reached its commit point."""
    journal_path(home).unlink(missing_ok=True)
    for folder in backups.backup_dir(home).glob(STAGING_PREFIX + "*"):
        shutil.rmtree(folder, ignore_errors=True)
    fsync_dir(home)


def tidy(home: Path, generation: int) -> None:
    """With no journal: finish step 5's backup renames for ``generation`` (the key file's) and
    remove copies left by a rotation that never wrote its journal."""
    if journal_path(home).exists():
        return
    for folder in backups.backup_dir(home).glob(STAGING_PREFIX + "*"):
        if folder.name == f"{STAGING_PREFIX}{generation}":
            commit(home, generation)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def rotate(vault, make_slots: Callable[[bytes], keyslots.KeySlotsFile],
           actions: list[str]) -> None:
    """Replace ``vault``'s data key (the steps in the module docstring). ``make_slots`` is given
    the new key and returns the new key slots (the caller's new secret in them); ``actions``
    are the audit actions written with the new generation. The caller holds the vault's mutex.

    Every lane waits meanwhile and has its connection closed (it opens again with the new key at
    its next use); nothing else can write while the database is rekeyed."""
    import secrets as random

    home = vault.paths.home
    current = keyslots.KeySlotsFile.load(vault.paths.slots)
    generation = current.generation + 1
    new_key = bytearray(random.token_bytes(32))
    salt = random.token_bytes(16)
    old_key = bytes(vault._key)
    slots = make_slots(bytes(new_key))
    slots.generation, slots.db_salt, slots.format = generation, salt, keyslots.FORMAT
    slots.audit_key = keyslots.seal_audit_key(slots.vault_id, bytes(new_key), bytes(vault._mac_key))
    with vault._lanes_lock:
        for lane in vault._lanes.values():
            lane._mutex.acquire()
        try:
            for lane in vault._lanes.values():
                lane._disconnect()
            roll_back(home)  # anything an earlier, failed attempt left
            try:
                stage_backups(home, old_key, bytes(new_key), salt, generation)
                step("backups staged")
                write_journal(home, slots)
                step("journal written")
                rekey(vault.conn, new_key, salt)
            except BaseException:
                # Not committed: the database is still under the old key. The connection is
                # opened again with it, whatever the failed rekey left in the library's state.
                roll_back(home)
                vault._reconnect(old_key)
                raise
            step("database rekeyed")
            for i, byte in enumerate(new_key):
                vault._key[i] = byte
            try:
                with vault.transaction() as tx:
                    tx.set_setting(GENERATION_SETTING, str(generation))
                    tx.audit("key.rotated", "vault", slots.vault_id)
                    for action in actions:
                        tx.audit(action, "vault", slots.vault_id)
                step("generation stamped")
                vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                step("checkpointed")
            finally:
                commit(home, generation)  # committed at the rekey: finish, whatever happens
            step("committed")
        finally:
            for i in range(len(new_key)):
                new_key[i] = 0
            for lane in vault._lanes.values():
                lane._mutex.release()


def settle(home: Path, db: Path, current: keyslots.KeySlotsFile,
           unwrap: Callable[[keyslots.KeySlotsFile], bytes | None]
           ) -> tuple[keyslots.KeySlotsFile, bytes | None]:
    """The key slots and data key for a secret, settling any rotation a crash left half-done.

    ``unwrap`` opens the caller's slot of a key slots file with the caller's secret (None if
    the secret does not fit it). With no journal that is simply ``current``. With one, the
    database says which key it is under: the current file's key opening it means the rekey
    never committed (undone); the journal's key opening it, or the current file's key failing
    on it, means it did (finished), and the journal's slots are the vault's from then on. The
    caller holds the vault's instance lock."""
    nxt = pending(home)
    if nxt is None:
        tidy(home, current.generation)
        return current, unwrap(current)
    key = unwrap(current)
    if key is not None:
        if opens(db, key, current.db_salt):
            roll_back(home)
            return current, key
        commit(home, nxt.generation)  # the old key no longer opens it: the rekey committed
        try:
            return nxt, unwrap(nxt)
        except IroError:
            return nxt, None
    try:
        key = unwrap(nxt)
    except IroError:
        return current, None  # the journal's slot needs what it cannot have (a keychain entry)
    if key is not None and opens(db, key, nxt.db_salt):
        commit(home, nxt.generation)
        return nxt, key
    return current, None
