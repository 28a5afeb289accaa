"""Opening the SQLCipher database with a raw 32-byte key.

The key reaches SQLCipher through ``sqlite3_key`` (``Connection.set_key``) from a bytearray that
is wiped straight after, never as a ``PRAGMA key`` statement: a statement's text is a Python
string (immutable, left in freed memory) and SQLite copies it into its parser and statement
cache. SQLCipher keeps its own copy while the connection is open and wipes it on close.
"""

from __future__ import annotations

import errno
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

from iro_desktop.errors import DiskFull, NoEncryption  # noqa: E402

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


_HEX = b"0123456789abcdef"
_quiet = False


def _silence_library_log() -> None:
    """SQLCipher prints its own lines ("ERROR CORE ... hmac check failed for pgno=1") to stderr
    whenever a page does not decrypt, ahead of the app's own message. The level is
    process-wide, so once is enough; the app says what went wrong itself."""
    global _quiet
    if _quiet:
        return
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()
    _quiet = True


def key_spec(key: bytes | bytearray, salt: bytes | bytearray = b"") -> bytearray:
    """SQLCipher's raw-key form ``x'<hex key><hex salt>'`` written straight into a bytearray,
    so that no immutable hex string is ever made; the caller wipes it (``wipe``)."""
    spec = bytearray(3 + 2 * (len(key) + len(salt)))
    spec[0:2] = b"x'"
    i = 2
    for part in (key, salt):
        for byte in part:
            spec[i] = _HEX[byte >> 4]
            spec[i + 1] = _HEX[byte & 15]
            i += 2
    spec[i] = ord("'")
    return spec


def wipe(buf: bytearray) -> None:
    for i in range(len(buf)):
        buf[i] = 0


def set_key(conn: sqlcipher3.Connection, key: bytes | bytearray) -> None:
    spec = key_spec(key)
    try:
        conn.set_key(spec)
    finally:
        wipe(spec)


def rekey(conn: sqlcipher3.Connection, key: bytes | bytearray, salt: bytes) -> None:
    """Re-encrypt the whole database under ``key`` with a new database salt, in one SQLite
    transaction (in WAL mode the new pages go to the WAL and commit together)."""
    spec = key_spec(key, salt)
    try:
        conn.reset_key(spec)
    finally:
        wipe(spec)


def database_salt(conn: sqlcipher3.Connection) -> bytes:
    """The database's SQLCipher salt: the first 16 bytes of the file, kept in the clear."""
    return bytes.fromhex(conn.execute("PRAGMA cipher_salt").fetchone()[0])


def file_salt(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(16)
    except OSError:
        return None


def is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL from the library, or ENOSPC from the operating system."""
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == 13  # SQLITE_FULL
    return isinstance(exc, DatabaseError) and "disk is full" in str(exc)


def connect(path: Path, key: bytes, salt: bytes | None = None) -> sqlcipher3.Connection:
    """An open, keyed, checked connection. Raises KeyCheckFailed if nothing can be read.

    ``salt``: the database salt to use instead of the one in the file's first bytes. SQLCipher
    derives its page HMAC key from the salt, and right after a rekey the new salt lives only in
    the WAL (page 1 is checkpointed into the file later): a crash in between leaves a database
    that only the new key *with* the new salt opens."""
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    if not Path(path).exists():
        # SQLite gives the -wal and -shm files the database file's mode, so owner-only here
        # keeps all three private to this user.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    _silence_library_log()
    conn = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        # SQLCipher wipes its own key material either way; ON would also wipe (and lock) every
        # allocation SQLite makes, which made the benchmark's reads and writes about 15 times as
        # slow, keyed or not. 4.5 and later default to OFF; pinned, so an older or differently
        # built library does not switch it on.
        conn.execute("PRAGMA cipher_memory_security = OFF")
        spec = key_spec(key, salt or b"")
        try:
            conn.set_key(spec)
        finally:
            wipe(spec)
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
            if is_disk_full(exc):
                raise DiskFull() from exc
            raise KeyCheckFailed(str(exc)) from exc
        try:
            configure(conn)
        except DatabaseError as exc:
            if is_disk_full(exc):
                raise DiskFull() from exc
            raise
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
