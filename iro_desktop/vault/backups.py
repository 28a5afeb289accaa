"""Rotating, encrypted backups of the vault database.

``VACUUM INTO`` on the keyed connection writes a consistent copy encrypted with the same data
key, so a backup is exactly as safe as the vault and opens with the same key slots. When the
data key is replaced (``rotation``), every backup is re-encrypted under the new key.

Retention (``prune``, after every backup made and every database set aside): the 7 newest
daily backups; of every other kind (manual, before an import, before an update, replaced by a
restore) the 3 newest, and of those any older than 30 days goes too, except the newest of its
kind, so there is always one of each.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from iro_desktop.files import fsync_dir

KEEP_DAILY = 7
KEEP_PER_KIND = 3
MAX_AGE_DAYS = 30
DAILY_PREFIX = "daily-"
SUFFIX = ".db"
RETENTION = (f"Kept: the {KEEP_DAILY} newest daily backups and, of each other kind (made by hand, "
             f"before an import, before an update, set aside by a restore), the {KEEP_PER_KIND} "
             f"newest, none older than {MAX_AGE_DAYS} days except the newest of its kind.")
_STAMPED = re.compile(r"^(?P<kind>.+?)-(?P<stamp>\d{8}T\d{6}\d*Z)$")


def backup_dir(home: Path) -> Path:
    return home / "backups"


def list_backups(home: Path) -> list[Path]:
    """All backups, newest first."""
    folder = backup_dir(home)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*" + SUFFIX) if p.is_file()),
                  key=lambda p: p.stat().st_mtime, reverse=True)


def latest_backup(home: Path) -> Path | None:
    found = list_backups(home)
    return found[0] if found else None


def write_backup(conn, home: Path, name: str) -> Path:
    folder = backup_dir(home)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / (name + SUFFIX)
    tmp = folder / ("." + name + ".partial")
    tmp.unlink(missing_ok=True)
    # VACUUM INTO makes its new file with SQLCipher's process-wide default settings, not the
    # connection's pinned ones, so pin the defaults too: a backup is always a SQLCipher 4 file.
    conn.execute("PRAGMA cipher_default_compatibility = 4")
    conn.execute("VACUUM INTO ?", (str(tmp),))
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_dir(folder)
    return target


def backup_daily(conn, home: Path, today: date | None = None) -> Path | None:
    """Make today's backup unless it exists; keep the newest KEEP_DAILY daily backups."""
    today = today or date.today()
    name = f"{DAILY_PREFIX}{today.isoformat()}"
    made = None
    if not (backup_dir(home) / (name + SUFFIX)).exists():
        made = write_backup(conn, home, name)
    prune(home)
    return made


def backup_named(conn, home: Path, reason: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    made = write_backup(conn, home, f"{reason}-{stamp}")
    prune(home, keep=made)
    return made


def kind_and_time(path: Path) -> tuple[str, datetime]:
    """A backup's kind (``daily``, ``manual``, ``pre-import``, ``pre-migration``, ``replaced``
    or whatever else made it) and when it was made (its name says; else the file's time)."""
    name = path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    if name.startswith(DAILY_PREFIX):
        try:
            return "daily", datetime.fromisoformat(name[len(DAILY_PREFIX):]).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    match = _STAMPED.match(name)
    when = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    if match is None:
        return name, when
    kind = re.sub(r"-v\d+$", "", match["kind"])  # pre-migration-v3: one kind for every version
    try:
        when = datetime.strptime(match["stamp"][:15], "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        pass
    return kind, when


def to_prune(home: Path, now: datetime | None = None) -> list[Path]:
    """The backups the retention policy (module docstring) no longer keeps."""
    now = now or datetime.now(timezone.utc)
    by_kind: dict[str, list[tuple[datetime, Path]]] = {}
    for path in list_backups(home):
        kind, when = kind_and_time(path)
        by_kind.setdefault(kind, []).append((when, path))
    gone = []
    for kind, found in by_kind.items():
        found.sort(key=lambda item: item[0], reverse=True)
        if kind == "daily":
            gone += [p for _w, p in found[KEEP_DAILY:]]
            continue
        for i, (when, path) in enumerate(found):
            if i >= KEEP_PER_KIND or (i > 0 and now - when > timedelta(days=MAX_AGE_DAYS)):
                gone.append(path)
    return gone


def prune(home: Path, now: datetime | None = None, keep: Path | None = None) -> list[Path]:
    """Remove what the retention policy no longer keeps (never ``keep``); returns what went."""
    gone = [p for p in to_prune(home, now) if p != keep]
    for path in gone:
        for suffix in ("-wal", "-shm", ""):  # a set-aside database may have its WAL beside it
            Path(str(path) + suffix).unlink(missing_ok=True)
    if gone:
        fsync_dir(backup_dir(home))
    return gone


def set_aside(db_path: Path, home: Path) -> Path:
    """Move the current database files (and WAL/SHM) into the backup folder, never deleting them."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    folder = backup_dir(home)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"replaced-{stamp}{SUFFIX}"
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            os.replace(src, Path(str(target) + suffix))
    fsync_dir(folder)
    prune(home, keep=target)
    return target


def copy_into_place(backup: Path, db_path: Path) -> None:
    tmp = db_path.with_name("." + db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
