"""Rotating, encrypted backups of the vault database.

``VACUUM INTO`` on the keyed connection writes a consistent copy encrypted with the same data
key, so a backup is exactly as safe as the vault and opens with the same key slots.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

from iro_desktop.files import fsync_dir

KEEP_DAILY = 7
DAILY_PREFIX = "daily-"
SUFFIX = ".db"


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
    daily = sorted(backup_dir(home).glob(DAILY_PREFIX + "*" + SUFFIX), reverse=True)
    for old in daily[KEEP_DAILY:]:
        old.unlink()
    return made


def backup_named(conn, home: Path, reason: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return write_backup(conn, home, f"{reason}-{stamp}")


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
    return target


def copy_into_place(backup: Path, db_path: Path) -> None:
    tmp = db_path.with_name("." + db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
