"""Opening the SQLCipher database with a raw 32-byte key."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from sqlcipher3 import dbapi2

# sqlite-utils catches the standard library's sqlite3 errors, which sqlcipher3's are not.
# It prefers pysqlite3 when importable, so pointing that name at sqlcipher3 makes
# `alter=True`, `drop(ignore=True)` and friends behave; this must run before sqlite_utils loads.
sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", dbapi2)

from iro_desktop.errors import NoEncryption  # noqa: E402

if TYPE_CHECKING:
    import sqlite_utils

DatabaseError = dbapi2.DatabaseError
# How long a write waits for another connection's write transaction to commit before giving up
# ("database is locked"). The vault has more than one connection (autosaved drafts write on their
# own, see Vault.lane); write transactions are kept short, so this is only ever a safety net.
BUSY_TIMEOUT_S = 10.0
# The page cache, per connection. Pages in it are decrypted once; a page read from the file again
# is decrypted and its HMAC checked again. 8 MB (SQLCipher's own default, the standard library's
# is 2) holds what a typical minute of work touches in an 85-child vault, and keyed reads cost
# about what unkeyed ones do; 32 MB gained nothing more there and would hold 32 MB from the
# first unlock on (the integrity check reads every page). See README, "Benchmarks".
CACHE_KIB = 8000


class KeyCheckFailed(Exception):
    """The first read after setting the key failed: wrong key, or a damaged file."""


def connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    """An open, keyed, checked connection. Raises KeyCheckFailed if nothing can be read."""
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    if not Path(path).exists():
        # SQLite gives the -wal and -shm files the database file's mode, so owner-only here
        # keeps all three private to this user.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        # SQLCipher wipes its own key material either way; ON would also wipe (and lock) every
        # allocation SQLite makes, which made the benchmark's reads and writes about 15 times as
        # slow, keyed or not. 4.5 and later default to OFF; pinned, so an older or differently
        # built library does not switch it on.
        conn.execute("PRAGMA cipher_memory_security = OFF")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        row = conn.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            raise NoEncryption()
        # Pin the SQLCipher 4 settings (page size, HMAC, KDF) before the first read, so a
        # later SQLCipher with other defaults still reads these vaults and writes new ones alike.
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            # PRAGMA key never fails by itself; the first read proves the key and the header.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            raise KeyCheckFailed(str(exc)) from exc
        configure(conn)
        return conn
    except BaseException:
        conn.close()
        raise


def configure(conn: sqlcipher3.Connection) -> None:
    """The settings every vault connection runs with (the benchmark gives an unkeyed copy the
    very same, so the difference it measures is the encryption alone)."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Sorts and temporary indexes stay in memory rather than in temp files.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def quick_check(conn: sqlcipher3.Connection) -> str | None:
    """None if the database is sound, else the first problem SQLite reports."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except DatabaseError as exc:
        return str(exc)
    return None if rows == [("ok",)] else str(rows[0][0])


def database(conn: sqlcipher3.Connection) -> sqlite_utils.Database:
    # Imported when the first vault opens (after the aliases above), not when the app starts.
    import sqlite_utils

    return sqlite_utils.Database(conn)
