"""The vault: one encrypted database, its key slots, and the only way to change data.

Files in the vault folder:
  vault.db (+ -wal, -shm)   SQLCipher 4 database, raw 32-byte data key
  keyslots.json             the data key wrapped per unlock method (no secret in the clear),
                            its key generation and the database's salt
  keyslots.next.json        only while the data key is being replaced (see rotation.py)
  unlock-attempts.json      failed-attempt counter for the growing delay
  audit-head.json           the audit log's newest row, kept outside the database (chain_head)
  vault.lock                single-instance lock
  backups/                  encrypted copies (same data key; re-encrypted when it is replaced)
  policy.json               optional council policy

Why this module is long: ``Vault`` is the one gate to the data (create, unlock, lock, the
transactions and their lanes, backups and restore), and every one of those steps guards the same
open connection and key; the parts with no state of their own are already their own modules
(keyslots, connection, migrations, backups, audit, policy).
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import filelock

from iro_desktop.errors import (
    DiskFull, IroError, KeychainEntryMissing, KeychainRequiredByPolicy, KeychainUnavailable,
    KeyFileOutOfDate, UnlockThrottled, VaultCorrupt, VaultExists, VaultInUse, VaultLocked,
    VaultNotFound, WrongPassphrase, WrongRecoveryCode,
)
from iro_desktop.vault import (
    audit, backups, chain_head, committed, kdf as kdf_settings, keyslots, migrations, rotation, thread_guard,
)
from iro_desktop.vault.connection import (
    KeyCheckFailed, connect, database, database_salt, dbapi2, file_salt, is_disk_full, quick_check,
)
from iro_desktop.vault.hardening import disable_core_dumps
from iro_desktop.vault.keychain import Keychain
from iro_desktop.vault.passphrase import require_acceptable
from iro_desktop.vault.policy import Policy
from iro_desktop.vault.throttle import Throttle

if TYPE_CHECKING:
    import sqlite_utils  # loaded by connection.database when a vault opens, not at start-up


@dataclass(frozen=True)
class VaultPaths:
    home: Path

    @property
    def db(self) -> Path:
        return self.home / "vault.db"

    @property
    def slots(self) -> Path:
        return self.home / "keyslots.json"

    @property
    def lock(self) -> Path:
        return self.home / "vault.lock"

    @property
    def attempts(self) -> Path:
        return self.home / "unlock-attempts.json"


BACKUP_LANE = "backup"  # the connection backups are made on (Vault.backup_now)


def vault_exists(home: Path) -> bool:
    return VaultPaths(Path(home)).slots.exists()


ROLLBACK_DETECTED = "vault.rollback_detected"
AUDIT_BROKEN_DETECTED = "vault.audit_broken_detected"


class AuditMissing(RuntimeError):
    """A transaction changed data without writing an audit row: a programming error."""


# What an unaudited draft save may do (``Vault.draft_transaction``): read anything, and insert,
# update or delete in the draft table only, inside its transaction.
_DRAFT_TABLE = "draft"
_DRAFT_READS = frozenset({dbapi2.SQLITE_READ, dbapi2.SQLITE_SELECT, dbapi2.SQLITE_FUNCTION,
                          dbapi2.SQLITE_TRANSACTION, dbapi2.SQLITE_SAVEPOINT, dbapi2.SQLITE_RECURSIVE})
_DRAFT_WRITES = frozenset({dbapi2.SQLITE_INSERT, dbapi2.SQLITE_UPDATE, dbapi2.SQLITE_DELETE})


# No connection of an open vault may change the schema (DDL on the main database), nor switch on
# writable_schema: the schema is the migrations' alone (they run before the guard is set, or on
# a connection of their own), so dropping the audit log's triggers, or its table, from inside the
# app cannot happen by mistake or by a bug. Temporary tables and indexes stay allowed.
_SCHEMA_CHANGES = frozenset(getattr(dbapi2, f"SQLITE_{name}") for name in (
    "CREATE_INDEX", "CREATE_TABLE", "CREATE_TRIGGER", "CREATE_VIEW", "CREATE_VTABLE",
    "DROP_INDEX", "DROP_TABLE", "DROP_TRIGGER", "DROP_VIEW", "DROP_VTABLE", "ALTER_TABLE"))


def _no_schema_changes(action: int, arg1: str | None, arg2: str | None, database: str | None,
                       _trigger: str | None) -> int:
    if action == dbapi2.SQLITE_ALTER_TABLE:
        database = arg1  # ALTER TABLE names its database first
    if action in _SCHEMA_CHANGES and database == "main":  # not temp, nor VACUUM INTO's copy
        return dbapi2.SQLITE_DENY
    if action == dbapi2.SQLITE_PRAGMA and (arg1 or "").lower() == "writable_schema" and arg2 is not None:
        return dbapi2.SQLITE_DENY
    return dbapi2.SQLITE_OK


def _guard_schema(conn) -> None:
    conn.set_authorizer(_no_schema_changes)


class Tx:
    """An open transaction. ``db`` writes; ``audit`` records what was done, in the same commit."""

    def __init__(self, vault: "Vault") -> None:
        self._vault = vault
        self.db: sqlite_utils.Database = vault.db
        self.audited: list[committed.Audited] = []

    def audit(self, action: str, record_type: str, record_id: object) -> None:
        audit.append(self.db.conn, bytes(self._vault._mac_key), action, record_type, str(record_id))
        self.audited.append(committed.Audited(action, record_type, str(record_id), self._vault))

    def set_setting(self, key: str, value: str) -> None:
        self.db.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        self.audit("setting.update", "setting", key)


@contextmanager
def _write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """A write transaction that holds SQLite's write lock from its first statement (BEGIN
    IMMEDIATE), or a savepoint inside one already open.

    The vault has more than one connection (``Vault.lane``). A plain BEGIN takes the write lock
    only at the first write: if another connection committed after this one's first read, that
    write fails at once with "database is locked", without waiting. BEGIN IMMEDIATE waits (up to
    the connection's busy timeout) for the other writer instead, and then reads what it wrote."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def _instance_lock(paths: VaultPaths) -> filelock.BaseFileLock:
    # Not thread-local: the app opens a vault on a worker thread and may lock it from another.
    lock = filelock.FileLock(str(paths.lock), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise VaultInUse(paths.home) from exc
    return lock


def _check_keychain_choice(home: Path, keychain: Keychain | None, allow_no_keychain: bool) -> None:
    if keychain is not None:
        return
    if Policy.load(home).require_keychain:
        raise KeychainRequiredByPolicy()
    if not allow_no_keychain:
        raise KeychainUnavailable("none was found or it was declined")


def _policy_wants_keychain(home: Path, slot: keyslots.Slot, keychain: Keychain | None) -> bool:
    """True if a passphrase-only slot must move onto the keychain at hand (council policy)."""
    return slot.keychain_entry is None and keychain is not None and Policy.load(home).require_keychain


def _save_with_new_device_secret(paths: VaultPaths, slots: keyslots.KeySlotsFile, data_key: bytes,
                                 passphrase: str, kdf: keyslots.KdfParams | None,
                                 keychain: Keychain | None) -> None:
    """Rewrap the passphrase slot with a new device secret under a new keychain entry (none
    without a keychain) and save the key file atomically. A new entry that the file on disk does
    not name after a failure is removed again; nothing else in the keychain is touched."""
    entry, device_secret = keychain.create_device_secret() if keychain else (None, None)
    slots.slots[keyslots.PASSPHRASE] = keyslots.make_slot(
        slots.vault_id, keyslots.PASSPHRASE, data_key, passphrase.encode(),
        kdf or kdf_settings.fresh(), device_secret, entry)
    try:
        slots.save(paths.slots)
    except BaseException:
        if entry is not None and _entry_on_disk(paths) != entry:
            keychain.delete_device_secret(entry)
        raise


def _entry_on_disk(paths: VaultPaths) -> str | None:
    try:
        return keyslots.KeySlotsFile.load(paths.slots).slots[keyslots.PASSPHRASE].keychain_entry
    except (IroError, OSError, KeyError):
        return None


class Vault:
    """An unlocked vault. Create with ``create``, ``unlock`` or ``unlock_with_recovery``."""

    def __init__(self, paths: VaultPaths, conn, data_key: bytes, lock: filelock.BaseFileLock,
                 audit_key: bytes | None = None) -> None:
        self.paths = paths
        self.conn = conn
        self.db = database(conn)
        _guard_schema(conn)  # the migrations have run: no schema change from here on
        self._key = bytearray(data_key)
        # The audit log's MAC key outlives a change of data key (it is sealed in the key slots
        # file from then on); until the first change it is derived from the data key.
        self._mac_key = bytearray(audit_key or audit.mac_key(data_key))
        self._instance_lock = lock
        self._mutex = threading.RLock()
        # Audit rows of inner transactions, told once the outermost commits (see committed.py).
        self._uncommitted: list[committed.Audited] = []
        # Second connections for work on threads of their own (see Lane); a lock of their own,
        # never the vault's mutex, which a long job holds.
        self._lanes: dict[str, Lane] = {}
        self._lanes_lock = threading.Lock()
        self._closing = False
        # The audit chain's head kept outside the database (see _check_chain).
        self._head_lock = threading.Lock()
        self._head_ready = False  # not written until the one on disk has been checked
        self._head_seq = -1
        self._head_writes = 0
        self.integrity_warning: str | None = None  # said to the IRO when set at unlock
        self.chain_check_seconds = 0.0

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def create(cls, home: Path, passphrase: str, keychain: Keychain | None, *,
               allow_no_keychain: bool = False,
               kdf: keyslots.KdfParams | None = None) -> tuple["Vault", str]:
        """A new vault and its recovery code (to show the IRO once, never stored)."""
        paths = VaultPaths(Path(home))
        if paths.slots.exists() or paths.db.exists():
            raise VaultExists(paths.home)
        _check_keychain_choice(paths.home, keychain, allow_no_keychain)
        require_acceptable(passphrase)
        if kdf is not None:
            kdf_settings.check(kdf)  # a caller's settings keep the same bounds as a file's
        disable_core_dumps()
        paths.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = _instance_lock(paths)
        vault_id = keyslots.new_vault_id()
        conn = None
        entry = None
        try:
            kdf = kdf or kdf_settings.fresh()
            data_key = secrets.token_bytes(32)
            entry, device_secret = keychain.create_device_secret() if keychain else (None, None)
            code = keyslots.new_recovery_code()
            slots = keyslots.KeySlotsFile(vault_id, {
                keyslots.PASSPHRASE: keyslots.make_slot(
                    vault_id, keyslots.PASSPHRASE, data_key, passphrase.encode(), kdf,
                    device_secret, entry),
                keyslots.RECOVERY: keyslots.make_slot(
                    vault_id, keyslots.RECOVERY, data_key, keyslots.normalise_recovery_code(code), kdf),
            })
            conn = connect(paths.db, data_key)
            migrations.apply(conn, migrations.pending(conn))
            slots.db_salt = database_salt(conn)
            slots.save(paths.slots)
            vault = cls(paths, conn, data_key, lock)
            vault._head_ready = True  # a new vault: any head file there is not its own
            with vault.transaction() as tx:
                tx.audit("vault.create", "vault", vault_id)  # generation 1: no stamp until a rotation
            return vault, code
        except BaseException:
            # A half-made vault holds no data yet; remove it so set-up can simply be retried.
            # Close the connection first: an open file cannot be deleted on Windows.
            if conn is not None:
                conn.close()
            if not paths.slots.exists():
                for suffix in ("", "-wal", "-shm"):
                    Path(str(paths.db) + suffix).unlink(missing_ok=True)
                if entry is not None:
                    keychain.delete_device_secret(entry)
            lock.release()
            raise

    @classmethod
    def unlock(cls, home: Path, passphrase: str, keychain: Keychain | None, *,
               allow_no_keychain: bool = False) -> "Vault":
        timing: list[float] = []
        paths, slot, data_key, move = cls._open_passphrase_slot(home, passphrase, keychain,
                                                                allow_no_keychain, timing)
        vault = cls._open(paths, data_key)
        if move:
            vault._move_onto_keychain(slot, passphrase, keychain)
        elif timing:
            vault._upgrade_passphrase_slot(slot, passphrase, keychain, timing[-1])
        return vault

    @classmethod
    def unlock_with_recovery(cls, home: Path, code: str, new_passphrase: str,
                             keychain: Keychain | None, *, allow_no_keychain: bool = False,
                             kdf: keyslots.KdfParams | None = None) -> "Vault":
        """Unlock with the recovery code and set a new passphrase (and a new device secret)."""
        paths, slots, throttle = cls._prepare(home)
        _check_keychain_choice(paths.home, keychain, allow_no_keychain)
        require_acceptable(new_passphrase)
        if kdf is not None:
            kdf_settings.check(kdf)
        secret = keyslots.normalise_recovery_code(code)
        slots, data_key = cls._settle(
            paths, slots, lambda f: keyslots.open_slot(f.vault_id, f.slots[keyslots.RECOVERY], secret))
        if data_key is None:
            throttle.record_failure()
            raise WrongRecoveryCode()
        throttle.reset()
        vault = cls._open(paths, data_key, slots)
        try:
            # Read the key file again now that this instance holds the vault's lock, so a change
            # made meanwhile (by another copy of the app) is not overwritten.
            current = keyslots.KeySlotsFile.load(paths.slots)
            if current.slots[keyslots.RECOVERY] != slots.slots[keyslots.RECOVERY]:
                raise IroError("The vault's key file changed while it was being unlocked. "
                               "Try the recovery code again.")
            with vault._mutex:
                vault._replace_secrets(current, keychain, new_passphrase=new_passphrase,
                                       new_device_secret=True, recovery_secret=secret,
                                       actions=["key.recovered"], kdf=kdf)
        except BaseException:
            vault.close()
            raise
        return vault

    @classmethod
    def restore_backup(cls, home: Path, passphrase: str, keychain: Keychain | None, backup: Path, *,
                       allow_no_keychain: bool = False) -> "Vault":
        """Put ``backup`` in place of the current database (kept aside, never deleted) and open it."""
        paths, slot, data_key, move = cls._open_passphrase_slot(home, passphrase, keychain, allow_no_keychain)
        lock = _instance_lock(paths)
        try:
            cls._check_backup(backup, data_key)
            backups.set_aside(paths.db, paths.home)
            backups.copy_into_place(backup, paths.db)
            # The restored database is meant to be older than the head: a fresh head at open.
            chain_head.path(paths.home).unlink(missing_ok=True)
        finally:
            lock.release()
        vault = cls._open(paths, data_key)
        with vault.transaction() as tx:
            tx.audit("vault.restore", "backup", backup.name)
        if move:
            vault._move_onto_keychain(slot, passphrase, keychain)
        return vault

    @classmethod
    def _open_passphrase_slot(cls, home: Path, passphrase: str, keychain: Keychain | None,
                              allow_no_keychain: bool, timing: list[float] | None = None
                              ) -> tuple[VaultPaths, keyslots.Slot, bytes, bool]:
        """The data key from the passphrase slot, counting failures for the growing delay;
        also whether council policy wants the vault moved onto the keychain."""
        paths, slots, throttle = cls._prepare(home)

        def unwrap(f: keyslots.KeySlotsFile) -> bytes | None:
            slot = f.slots[keyslots.PASSPHRASE]
            device_secret = cls._device_secret(paths.home, slot, keychain, allow_no_keychain)
            start = time.perf_counter()
            key = keyslots.open_slot(f.vault_id, slot, passphrase.encode(), device_secret)
            if timing is not None:
                timing.append(time.perf_counter() - start)  # for _upgrade_passphrase_slot
            return key

        slots, data_key = cls._settle(paths, slots, unwrap)
        slot = slots.slots[keyslots.PASSPHRASE]
        move = _policy_wants_keychain(paths.home, slot, keychain)
        if data_key is None:
            failures, delay = throttle.record_failure()
            raise WrongPassphrase(failures, delay)
        throttle.reset()
        return paths, slot, data_key, move

    @staticmethod
    def _settle(paths: VaultPaths, slots: keyslots.KeySlotsFile,
                unwrap: Callable[[keyslots.KeySlotsFile], bytes | None]
                ) -> tuple[keyslots.KeySlotsFile, bytes | None]:
        """The slots and key a secret opens, finishing or undoing a rotation a crash
        interrupted (see ``rotation``); under the instance lock if there is one to settle."""
        if not rotation.journal_path(paths.home).exists():
            return rotation.settle(paths.home, paths.db, slots, unwrap)
        lock = _instance_lock(paths)
        try:
            return rotation.settle(paths.home, paths.db, slots, unwrap)
        finally:
            lock.release()

    def _move_onto_keychain(self, opened: keyslots.Slot, passphrase: str, keychain: Keychain) -> None:
        """Council policy requires a keychain and this computer has one, but the vault was made
        on passphrase alone: give the passphrase slot a device secret now (same passphrase and
        KDF settings). If that cannot be done the unlock is refused, as without a keychain."""
        try:
            # Read the key file again now that this instance holds the vault's lock.
            slots = keyslots.KeySlotsFile.load(self.paths.slots)
            if slots.slots[keyslots.PASSPHRASE] != opened:
                raise IroError("The vault's key file changed while it was being unlocked. "
                               "Unlock it again.")
            _save_with_new_device_secret(self.paths, slots, bytes(self._key), passphrase,
                                         None, keychain)
            with self.transaction() as tx:
                tx.audit("key.moved_to_keychain", "vault", slots.vault_id)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _check_backup(backup: Path, data_key: bytes) -> None:
        # Check a scratch copy so the backup file itself is never modified by opening it.
        scratch = backup.with_name("." + backup.name + ".check")
        try:
            backups.copy_into_place(backup, scratch)
            try:
                conn = connect(scratch, data_key)
            except KeyCheckFailed as exc:
                raise IroError(f"The backup {backup.name} cannot be read with this vault's key; "
                               "choose another backup. Nothing was changed.") from exc
            try:
                problem = quick_check(conn) or _no_vault_schema(conn)
                migrations.check_not_from_future(conn)
            finally:
                conn.close()
            if problem:
                raise IroError(f"The backup {backup.name} is damaged too ({problem}); choose "
                               "another backup. Nothing was changed.")
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(str(scratch) + suffix).unlink(missing_ok=True)

    @staticmethod
    def _prepare(home: Path) -> tuple[VaultPaths, keyslots.KeySlotsFile, Throttle]:
        paths = VaultPaths(Path(home))
        if not paths.slots.exists():
            raise VaultNotFound(paths.home)
        throttle = Throttle(paths.attempts)
        wait = throttle.retry_after()
        if wait > 0:
            raise UnlockThrottled(wait)
        return paths, keyslots.KeySlotsFile.load(paths.slots), throttle

    @staticmethod
    def _device_secret(home: Path, slot: keyslots.Slot,
                       keychain: Keychain | None, allow_no_keychain: bool) -> bytes | None:
        if slot.keychain_entry is None:
            _check_keychain_choice(home, keychain, allow_no_keychain=True)
            return None
        if keychain is None:
            raise KeychainUnavailable(
                "this vault was protected with a keychain that cannot be reached now; "
                "unlock with your recovery code instead")
        secret = keychain.device_secret(slot.keychain_entry)
        if secret is None:
            raise KeychainEntryMissing()
        return secret

    @classmethod
    def _open(cls, paths: VaultPaths, data_key: bytes,
              slots: keyslots.KeySlotsFile | None = None) -> "Vault":
        if not paths.db.exists():
            raise VaultCorrupt(paths.db, _restorable_backup(paths.home), "the file is missing")
        disable_core_dumps()
        slots = slots or keyslots.KeySlotsFile.load(paths.slots)
        lock = _instance_lock(paths)
        conn = None
        try:
            # An empty file would open as a brand-new database; never build a vault over it.
            if paths.db.stat().st_size == 0:
                raise VaultCorrupt(paths.db, _restorable_backup(paths.home), "the file is empty")
            try:
                conn = _connect_at_generation(paths, data_key, slots)
            except KeyCheckFailed as exc:
                if _key_file_out_of_date(paths, slots):
                    raise KeyFileOutOfDate(slots.generation) from exc
                raise VaultCorrupt(paths.db, _restorable_backup(paths.home), str(exc)) from exc
            problem = quick_check(conn) or _no_vault_schema(conn)
            if problem:
                raise VaultCorrupt(paths.db, _restorable_backup(paths.home), problem)
            audit_key = keyslots.open_audit_key(slots, data_key)
            _migrate(conn, paths.home, audit_key or audit.mac_key(data_key))
            vault = cls(paths, conn, data_key, lock, audit_key)
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise
        try:
            vault._check_chain()
            vault._check_generation(slots)
        except BaseException:
            vault.close()
            raise
        return vault

    def _check_generation(self, slots: keyslots.KeySlotsFile) -> None:
        """The database's key generation against the key file's. Lower in the database means a
        stamp a crash interrupted, or a backup put back (the key opened it, so it is under the
        current key): stamped now. Higher cannot come from this app."""
        # No stamp: the first generation (1 for a vault made by this version, 0 before).
        stamped = int(self.setting(rotation.GENERATION_SETTING) or min(slots.generation, 1))
        if stamped > slots.generation:
            raise KeyFileOutOfDate(slots.generation)
        if stamped < slots.generation:
            with self.transaction() as tx:
                tx.set_setting(rotation.GENERATION_SETTING, str(slots.generation))
                tx.audit("key.rotated", "vault", slots.vault_id)
        salt = database_salt(self.conn)
        if slots.format == keyslots.FORMAT and slots.db_salt != salt:
            # A restored backup has a salt of its own; remember it for the out-of-date check.
            slots.db_salt = salt
            slots.save(self.paths.slots)

    # ---- using -----------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def _require_open(self) -> None:
        thread_guard.check()
        if self.conn is None:
            raise VaultLocked()

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """The one way to change data: the change and its audit rows commit together."""
        with self._mutex:
            self._require_open()
            before = self.conn.total_changes
            outermost = not self.conn.in_transaction
            tx = Tx(self)
            try:
                with _disk_full_said_plainly(), _write_transaction(self.db):
                    yield tx
                    if self.conn.total_changes != before and not tx.audited:
                        raise AuditMissing("a change was made without an audit row; nothing was saved")
            except BaseException:
                if outermost:
                    self._uncommitted = []  # rolled back, inner transactions' rows with it
                raise
            # A transaction inside another commits with it: its rows are told once the outer one has.
            self._uncommitted.extend(tx.audited)
            if outermost:
                rows, self._uncommitted = self._uncommitted, []
                if rows:
                    _head_after_commit(self)
                committed.report(rows)

    @contextmanager
    def draft_transaction(self) -> Iterator[object]:
        """A transaction that may change ONE row of the draft table and writes no audit row.

        Only autosaved drafts use it: they are saved every couple of seconds while the IRO
        types, and are audited when first saved and then at most once a minute (see
        ``iro_desktop.reviews.drafts``), so typing does not flood the audit log. Anything else
        is refused and the whole transaction rolled back: a second row, a row of any other
        table, and statements that change no row but matter (schema, PRAGMA, ATTACH). SQLite's
        authoriser checks each statement as it is prepared; setting it expires the statements
        already prepared, so a cached one is checked again too."""
        with self._mutex:
            self._require_open()
            conn = self.conn
            refused: list[str] = []

            def authorise(action: int, table: str | None, _column: str | None, database: str | None,
                          _trigger: str | None) -> int:
                if action in _DRAFT_READS or (action in _DRAFT_WRITES and table == _DRAFT_TABLE
                                              and database == "main"):
                    return dbapi2.SQLITE_OK
                refused.append(f"action {action} on {table or 'the database'}")
                return dbapi2.SQLITE_DENY

            before = conn.total_changes
            conn.set_authorizer(authorise)
            try:
                with _write_transaction(self.db):
                    try:
                        yield conn
                    except dbapi2.DatabaseError as exc:
                        if refused:
                            raise AuditMissing("an unaudited change may only touch the draft table; "
                                               "nothing was saved") from exc
                        raise
                    # Checked even if the caller caught the refused statement's error.
                    if refused:
                        raise AuditMissing("an unaudited change may only touch the draft table; "
                                           "nothing was saved")
                    if conn.total_changes - before > 1:
                        raise AuditMissing("an unaudited change touched more than one row; nothing was saved")
            finally:
                _guard_schema(conn)  # back to the guard every connection keeps

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """Reads only. The connection refuses writes until the block ends (``query_only``), so
        nothing can change data except through ``transaction`` and its audit row."""
        with self._mutex:
            self._require_open()
            conn = self.conn
            was_query_only = conn.execute("PRAGMA query_only").fetchone()[0]
            was_in_transaction = conn.in_transaction
            before = conn.total_changes
            conn.execute("PRAGMA query_only = ON")
            try:
                yield self.db
            finally:
                if self.conn is conn:  # not closed or replaced inside the block
                    # A refused write still opens the driver's implicit transaction; end it
                    # here, unless it is the caller's own transaction that is open.
                    if conn.in_transaction and not was_in_transaction:
                        conn.rollback()
                    conn.execute(f"PRAGMA query_only = {'ON' if was_query_only else 'OFF'}")
            if self.conn is conn and conn.total_changes != before:
                # Only possible by switching query_only off inside the block: a programming error.
                raise AuditMissing("a change was made inside read(), which is for reading only")

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as db:
            row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def verify_audit(self) -> audit.VerifyResult:
        """The whole chain, and how it compares with the head kept outside the database: the
        regression found at this unlock, if any, and those recorded at earlier ones."""
        with self.read() as db:
            result = audit.verify(db.conn, bytes(self._mac_key))
            found = db.conn.execute(
                "SELECT seq, at_utc FROM audit_log WHERE action = ? ORDER BY seq",
                (ROLLBACK_DETECTED,)).fetchall()
        if found:
            when = ", ".join(f"row {seq} ({at[:10]})" for seq, at in found)
            head = (f"The database had gone back in time ({len(found)} time"
                    f"{'' if len(found) == 1 else 's'}, recorded at {when}): work from before those "
                    "rows may be missing. Compare with your latest backup and tell your council's "
                    "data protection officer.")
        else:
            head = (f"The log reaches the last row recorded outside the database (row "
                    f"{max(self._head_seq, 0)}); nothing is missing from its end.")
        return dataclasses.replace(result, head=head, regressed=bool(found),
                                   ok=result.ok and not found)

    def _confirm_passphrase(self, passphrase: str, keychain: Keychain | None, allow_no_keychain: bool
                            ) -> tuple[keyslots.KeySlotsFile, keyslots.Slot, bytes | None]:
        """Check the passphrase again while unlocked; failures count towards the growing delay
        here too, so an unattended session cannot be used to guess it quickly."""
        throttle = Throttle(self.paths.attempts)
        wait = throttle.retry_after()
        if wait > 0:
            raise UnlockThrottled(wait)
        slots = keyslots.KeySlotsFile.load(self.paths.slots)
        slot = slots.slots[keyslots.PASSPHRASE]
        device_secret = self._device_secret(self.paths.home, slot, keychain, allow_no_keychain)
        if keyslots.open_slot(slots.vault_id, slot, passphrase.encode(), device_secret) != bytes(self._key):
            failures, delay = throttle.record_failure()
            raise WrongPassphrase(failures, delay)
        throttle.reset()
        return slots, slot, device_secret

    def change_passphrase(self, old: str, new: str, keychain: Keychain | None, *,
                          allow_no_keychain: bool = False) -> None:
        """Set ``new`` as the passphrase; ``old`` stops working, in every copy of the key file:
        the data key is replaced and the database and its backups re-encrypted (``rotation``)."""
        with self._mutex:
            self._require_open()
            slots, slot, device_secret = self._confirm_passphrase(old, keychain, allow_no_keychain)
            move = _policy_wants_keychain(self.paths.home, slot, keychain)
            require_acceptable(new)
            actions = ["key.passphrase_changed"] + (["key.moved_to_keychain"] if move else [])
            self._replace_secrets(slots, keychain, new_passphrase=new, new_device_secret=move,
                                  device_secret=device_secret, actions=actions)

    def replace_recovery_code(self, passphrase: str, keychain: Keychain | None, *,
                              allow_no_keychain: bool = False) -> str:
        """A new recovery code, to show the IRO once; the old code stops working at once.

        The passphrase is asked again: a recovery code opens copies of the vault anywhere, so
        an unlocked, unattended laptop must not be enough to mint one."""
        with self._mutex:
            self._require_open()
            slots, _slot, device_secret = self._confirm_passphrase(passphrase, keychain, allow_no_keychain)
            code = keyslots.new_recovery_code()
            self._replace_secrets(slots, keychain, new_passphrase=passphrase,
                                  device_secret=device_secret,
                                  recovery_secret=keyslots.normalise_recovery_code(code),
                                  actions=["key.recovery_code_replaced"])
        return code

    # Why these live here and not in rotation: they pick which slots change and with which
    # secrets (the vault's own rules); rotation only replaces the key under them.
    def _replace_secrets(self, slots: keyslots.KeySlotsFile, keychain: Keychain | None, *,
                         new_passphrase: str, actions: list[str], new_device_secret: bool = False,
                         device_secret: bytes | None = None, recovery_secret: bytes | None = None,
                         kdf: keyslots.KdfParams | None = None) -> None:
        """Replace the data key with new slots: the passphrase slot for ``new_passphrase``
        (with a new device secret, or ``device_secret`` under the same entry), and the
        recovery slot made afresh for ``recovery_secret`` or, without it, the current
        recovery slot re-sealed to its public key. Every slot gets fresh settings."""
        passphrase_slot = slots.slots[keyslots.PASSPHRASE]
        recovery_slot = slots.slots[keyslots.RECOVERY]
        if recovery_secret is None:
            keyslots.check_mac(slots.vault_id, recovery_slot, bytes(self._key))
        params = kdf or kdf_settings.fresh()
        entry = passphrase_slot.keychain_entry
        if new_device_secret:
            entry, device_secret = keychain.create_device_secret() if keychain else (None, None)

        def make_slots(new_key: bytes) -> keyslots.KeySlotsFile:
            made = keyslots.KeySlotsFile(slots.vault_id, dict(slots.slots))
            made.slots[keyslots.PASSPHRASE] = keyslots.make_slot(
                slots.vault_id, keyslots.PASSPHRASE, new_key, new_passphrase.encode(), params,
                device_secret, entry)
            made.slots[keyslots.RECOVERY] = (
                keyslots.make_slot(slots.vault_id, keyslots.RECOVERY, new_key, recovery_secret, params)
                if recovery_secret is not None
                else keyslots.seal_recovery(slots.vault_id, recovery_slot, new_key))
            return made

        try:
            rotation.rotate(self, make_slots, actions)
        except BaseException:
            # A new keychain entry that the key file on disk does not name is removed again.
            if new_device_secret and entry is not None and _entry_on_disk(self.paths) != entry:
                keychain.delete_device_secret(entry)
            raise

    def _upgrade_passphrase_slot(self, opened: keyslots.Slot, passphrase: str,
                                 keychain: Keychain | None, seconds: float) -> None:
        """Rewrap the passphrase slot with stronger settings when this computer can afford
        them (a slot written on a slower or busier machine): the same key, passphrase and
        device secret. A failure here never stops the unlock; it is tried again next time."""
        if not kdf_settings.could_afford_more(opened.kdf, seconds):
            return
        better = kdf_settings.calibrate()
        if better.time_cost <= opened.kdf.time_cost:
            return
        try:
            slots = keyslots.KeySlotsFile.load(self.paths.slots)
            if slots.slots[keyslots.PASSPHRASE] != opened:
                return
            device_secret = (keychain.device_secret(opened.keychain_entry)
                             if keychain is not None and opened.keychain_entry else None)
            if opened.keychain_entry is not None and device_secret is None:
                return
            slots.slots[keyslots.PASSPHRASE] = keyslots.make_slot(
                slots.vault_id, keyslots.PASSPHRASE, bytes(self._key), passphrase.encode(), better,
                device_secret, opened.keychain_entry)
            slots.save(self.paths.slots)
            with self.transaction() as tx:
                tx.audit("key.settings_upgraded", "vault", slots.vault_id)
        except (IroError, OSError):
            return

    # Backups write a new file (VACUUM INTO), which read()'s query_only refuses. A backup of a
    # large vault takes seconds, so it runs on a lane's connection (a consistent snapshot, as WAL
    # gives every reader) and leaves the vault's own connection free meanwhile.
    def backup_if_due(self) -> Path | None:
        with self._backup_connection() as conn, _disk_full_said_plainly():
            made = backups.backup_daily(conn, self.paths.home)
            self._write_head(conn)
            return made

    def backup_now(self, reason: str = "manual") -> Path:
        with self._backup_connection() as conn, _disk_full_said_plainly():
            made = backups.backup_named(conn, self.paths.home, reason)
            self._write_head(conn)
            return made

    @contextmanager
    def _backup_connection(self) -> Iterator[Any]:
        lane = self.lane(BACKUP_LANE)
        with lane._mutex:
            lane._require_open()
            try:
                yield lane.conn
            finally:
                lane._disconnect()  # backups are rare: no connection (and its cache) kept for them

    def restore(self, backup: Path,
                carry: Callable[[Any], Callable[[Tx], None]] | None = None) -> None:
        """Replace the open database with ``backup``; the current one is kept aside.

        Every lane waits meanwhile (one in the middle of a write finishes it first) and has its
        connection closed, so nothing is written into the file set aside; each opens again on
        the restored file at its next use. ``carry``, if given, reads what must outlive the
        restore from the current database (it is handed the connection just before it closes)
        and returns what writes it into the restored one, in the restore's own audited
        transaction."""
        with self._mutex:
            self._require_open()
            self._check_backup(backup, bytes(self._key))
            with self._lanes_lock, ExitStack() as held:
                for lane in self._lanes.values():
                    held.enter_context(lane._mutex)
                    lane._disconnect()
                put_back = carry(self.conn) if carry is not None else None
                self.conn.close()
                backups.set_aside(self.paths.db, self.paths.home)
                backups.copy_into_place(backup, self.paths.db)
                self.conn = connect(self.paths.db, bytes(self._key))
                self.db = database(self.conn)
                _migrate(self.conn, self.paths.home, bytes(self._mac_key))  # made by an older version
                _guard_schema(self.conn)
                with self.transaction() as tx:
                    if put_back is not None:
                        put_back(tx)
                    tx.audit("vault.restore", "backup", backup.name)
                self._write_head(force=True)  # the restored vault's head, older than the last
                self._check_generation(keyslots.KeySlotsFile.load(self.paths.slots))

    # ---- the audit chain's head, kept outside the database (chain_head) ----------------------

    def _check_chain(self) -> None:
        """At unlock: the whole chain verified, and compared with the head recorded outside the
        database. A regression (rows missing from the end, an older copy of the database, a
        different one) or a broken chain is recorded in the audit log and said to the IRO
        (``integrity_warning``), and the vault opens all the same.

        Why open and not refuse: what is in the database is the best copy of the caseload the
        IRO has, and refusing would stop statutory work (a review due tomorrow) without bringing
        back what is missing; restoring a backup is the remedy, and it needs an open vault. What
        a data protection officer needs is that it is never silent: the row written here stays
        in the log, ``audit verify`` reports it from then on (and fails), and the head is then
        written afresh so the next unlock compares against the database as it now is."""
        start = time.perf_counter()
        key = bytes(self._mac_key)
        result = audit.verify(self.conn, key)
        found_seq, _mac = chain_head.last_row(self.conn)
        try:
            head = chain_head.load(self.paths.home, key)
        except chain_head.HeadUnreadable:
            head, regression = None, chain_head.Regression(chain_head.HEAD_DAMAGED, None, found_seq)
        else:
            # No head file: a vault from before this check, or its first unlock since. Written now.
            regression = chain_head.check(self.conn, head) if head is not None else None
        self.chain_check_seconds = time.perf_counter() - start
        self._head_writes = head.writes if head is not None else 0
        self._head_ready = True
        warnings = []
        if regression is not None or not result.ok:
            with self.transaction() as tx:
                if regression is not None:
                    tx.audit(ROLLBACK_DETECTED, "audit_log", regression.kind)
                    warnings.append(regression.message())
                if not result.ok:
                    tx.audit(AUDIT_BROKEN_DETECTED, "audit_log", str(result.first_bad_seq))
                    warnings.append(
                        f"The vault's audit log is broken at row {result.first_bad_seq}: it was "
                        "changed outside IRO Desktop. Your records are open as they are; tell your "
                        "council's IT team or data protection officer, who may ask you to restore a "
                        "backup.")
        self.integrity_warning = " ".join(warnings) or None
        self._write_head(force=True)

    def _reconnect(self, key: bytes) -> None:
        """Open the database again on a fresh connection (a failed rekey leaves the library's
        state unknown), with the schema guard every connection keeps."""
        self.conn.close()
        self.conn = connect(self.paths.db, key)
        self.db = database(self.conn)
        _guard_schema(self.conn)

    def _write_head(self, conn=None, *, force: bool = False) -> None:
        """Record the chain's newest row outside the database, read on ``conn`` (the vault's
        own by default) after a commit: never ahead of what is durable. Only a newer row is
        written unless ``force`` (lock, restore, unlock). A failure (disk full) is not the
        change's: the head is written again at the next commit and at lock."""
        if not self._head_ready:
            return
        seq, mac = chain_head.last_row(conn if conn is not None else self.conn)
        with self._head_lock:
            if seq <= self._head_seq and not force:
                return
            try:
                chain_head.save(self.paths.home, bytes(self._mac_key), seq, mac, self._head_writes + 1)
            except (OSError, IroError):
                return
            self._head_writes += 1
            self._head_seq = seq

    def _at_rest(self) -> None:
        """At lock and close: everything committed is moved from the -wal into the database
        file (TRUNCATE leaves the -wal empty), so a lost or deleted -wal loses nothing, and the
        head is written. Lanes are closed first, so no reader holds the WAL open."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except dbapi2.DatabaseError:
            pass  # disk full or busy: the -wal is replayed at the next open, as after a crash
        try:
            self._write_head(force=True)
        except dbapi2.DatabaseError:
            pass

    def lane(self, name: str) -> "Lane":
        """This vault's second connection called ``name``, made on first asking (see Lane)."""
        with self._lanes_lock:
            if self._closing:
                raise VaultLocked()
            self._require_open()
            lane = self._lanes.get(name)
            if lane is None:
                lane = self._lanes[name] = Lane(self, name)
            return lane

    def close(self) -> None:
        """Lock: close the database and forget the keys held by this object."""
        with self._mutex:
            with self._lanes_lock:
                self._closing = True
                for lane in self._lanes.values():
                    lane._retire()  # after any write it is in the middle of
                self._lanes.clear()
            if self.conn is not None:
                self._at_rest()
                self.conn.close()
                self.conn = None
                self.db = None  # type: ignore[assignment]
            for buf in (self._key, self._mac_key):
                for i in range(len(buf)):
                    buf[i] = 0
            if self._instance_lock.is_locked:
                self._instance_lock.release()

    def __enter__(self) -> "Vault":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Lane:
    """A second connection to an unlocked vault, for work on a thread of its own that must never
    wait behind the vault's own connection: the autosaved drafts (``reviews.drafts``).

    It reads and changes data exactly as the vault does, with the same methods and rules
    (``read``, ``transaction`` with its audit rows, ``draft_transaction``), but on its own
    connection under its own mutex, so a long job holding the vault's connection (a backup, an
    import, printing a batch) does not hold it up. In WAL mode SQLite lets one connection write
    while others read; a write waits only while another connection's write transaction is open
    (both begin IMMEDIATE; see ``_write_transaction``), and those are kept short.

    The connection opens with the vault's key on first use, closes when the vault closes (after
    a write in progress), and is closed and opened again around ``Vault.restore``."""

    # The vault's own methods, run on this connection: one set of rules for every connection.
    transaction = Vault.transaction
    draft_transaction = Vault.draft_transaction
    read = Vault.read

    def __init__(self, vault: Vault, name: str) -> None:
        self._vault = vault
        self.name = name
        self.paths = vault.paths
        self.conn = None
        self.db: sqlite_utils.Database | None = None
        self._mutex = threading.RLock()
        self._uncommitted: list[committed.Audited] = []
        self._retired = False

    @property
    def _mac_key(self) -> bytearray:
        return self._vault._mac_key  # the vault's own buffer: forgotten when the vault closes

    @property
    def is_open(self) -> bool:
        return not self._retired and self._vault.is_open

    def _require_open(self) -> None:
        # Called with the mutex held, like the vault's.
        thread_guard.check()
        if self._retired or not self._vault.is_open:
            raise VaultLocked()
        if self.conn is None:
            self.conn = connect(self.paths.db, bytes(self._vault._key))
            self.db = database(self.conn)
            _guard_schema(self.conn)

    def _disconnect(self) -> None:
        if self.conn is not None:
            conn, self.conn, self.db = self.conn, None, None
            conn.close()

    def _retire(self) -> None:
        with self._mutex:
            self._retired = True
            self._disconnect()

    def close(self) -> None:
        """Close this connection now (it opens again at the next use while the vault is open)."""
        with self._mutex:
            self._disconnect()


def _head_after_commit(owner: "Vault | Lane") -> None:
    """After a committed transaction with audit rows, on the vault or one of its lanes."""
    vault = owner._vault if isinstance(owner, Lane) else owner
    try:
        vault._write_head(owner.conn)
    except dbapi2.DatabaseError:
        pass  # written again at the next commit and at lock


@contextmanager
def _disk_full_said_plainly() -> Iterator[None]:
    """SQLITE_FULL or ENOSPC as the plain message that the disk is full (the transaction was
    rolled back, so the vault is as it was), never as a damaged vault or a traceback."""
    try:
        yield
    except (dbapi2.DatabaseError, OSError) as exc:
        if is_disk_full(exc):
            raise DiskFull() from exc
        raise


def _migrate(conn, home: Path, mac_key: bytes) -> None:
    """Bring an opened database up to this version's format: a backup first, then each
    migration in its own transaction, with its audit row (``vault.migrated``). One backup covers
    the whole run: a migration that fails leaves the vault at the last one that committed, and
    the backup holds it as it was."""
    todo = migrations.pending(conn)
    if not todo:
        return
    version = migrations.current_version(conn)
    if version > 0:  # version 0 is a brand-new file: nothing in it to keep
        backups.backup_named(conn, home, f"pre-migration-v{version}")
    migrations.apply(conn, todo, mac_key if version > 0 else None)


def _no_vault_schema(conn) -> str | None:
    """A vault's database always has at least the first migration (set-up applies it first)."""
    return "it holds no vault data" if migrations.current_version(conn) == 0 else None


def _connect_at_generation(paths: VaultPaths, data_key: bytes, slots: keyslots.KeySlotsFile):
    """The database opened with the key file's salt as well as its key (see ``connect``): a
    crash straight after a rekey leaves the new salt only in the WAL. Once open, the WAL is
    checkpointed so every other connection finds the salt in the file. A file with a salt of
    its own (a backup put back by hand) is opened with the salt it holds."""
    if slots.db_salt is None:
        return connect(paths.db, data_key)
    try:
        conn = connect(paths.db, data_key, slots.db_salt)
    except KeyCheckFailed:
        return connect(paths.db, data_key)
    if file_salt(paths.db) != slots.db_salt:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return conn


def _key_file_out_of_date(paths: VaultPaths, slots: keyslots.KeySlotsFile) -> bool:
    """A sound key (its slot's seal checked) that does not open the database: is the key file
    older than the database, or is the database damaged? A change of data key gives the
    database and every backup one new salt (the first 16 bytes, in the clear): a database whose
    salt is not the key file's but is a backup's is a newer generation of this vault. A damaged
    file matches nothing (and with no backup to compare, it is reported as damaged)."""
    salt = file_salt(paths.db)
    if slots.db_salt is None or salt is None or salt == slots.db_salt:
        return False
    return any(file_salt(p) == salt for p in backups.list_backups(paths.home))


def _restorable_backup(home: Path) -> Path | None:
    for p in backups.list_backups(home):
        if not p.name.startswith("replaced-"):
            return p
    return None
