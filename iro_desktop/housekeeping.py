"""The start-up tidy: temp and partial files of the app's own making that a killed process left.

Run once when the app or a command starts (``ui/app/launch.py``, ``iro_desktop.cli.main``),
before the vault is opened, and never an obstacle: anything that cannot be removed is left and
start-up goes on. Only what is knowable at start is cleaned, and only where the app itself
writes:

* the vault folder: atomic-write temps (``.keyslots.json.<hex>.tmp`` and the like, see
  ``iro_desktop.files``) and a restore's copy (``.vault.db.restoring``);
* its backups folder: a backup being written (``.NAME.partial``) and atomic-write temps;
* beside the vault folder: a demo vault that was being built (``.NAME.building-<hex>``, with
  its marker file inside), see ``iro_desktop.demo_vault``. A build that was finished (its
  second marker written) but killed while its files were being moved into the vault folder is
  moved the rest of the way instead, whatever its age: the key slots file goes last, so until
  it arrives the folder holds no vault, and once it does the demo is whole.

Each must be older than ``STALE_AFTER_S``, so a write in progress in another copy of the app is
never touched. Temps of documents the IRO saved elsewhere (``.NAME.pdf.<hex>.tmp``) are removed
by the next save to the same file; where those folders are is not known at start.
SQLite's own ``-wal`` and ``-shm`` files are never touched: they can hold committed data.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from iro_desktop.files import STALE_AFTER_S, fsync_dir, is_temp_of

BACKUPS_FOLDER = "backups"  # as iro_desktop.vault.backups names it (not imported: it is start-up)
PARTIAL_SUFFIX = ".partial"
RESTORING_NAME = ".vault.db.restoring"
BUILD_MARKER = ".iro-desktop-demo-build"  # written first: this folder is the app's own build
COMPLETE_MARKER = ".iro-desktop-demo-complete"  # written once the demo vault in it is whole and closed
KEY_SLOTS_NAME = "keyslots.json"  # as iro_desktop.vault names it: its arrival makes the vault exist
_NOT_MOVED = {BUILD_MARKER, COMPLETE_MARKER, "vault.lock", "app.lock"}
_BUILD_NAME = re.compile(r"\.(?P<target>.+)\.building-[0-9a-f]{8}")


@dataclass
class Tidied:
    removed: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.removed)


def build_folder_name(target: Path, token: str) -> str:
    """The name of the folder a demo vault for ``target`` is built in, beside it."""
    return f".{Path(target).name}.building-{token}"


def is_build_folder_of(name: str, target_name: str | None = None) -> bool:
    m = _BUILD_NAME.fullmatch(name)
    return bool(m) and (target_name is None or m.group("target") == target_name)


def _old(path: Path, cutoff: float) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff


def _remove_files(folder: Path, wanted, cutoff: float, out: Tidied) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if wanted(entry.name) and _old(Path(entry.path), cutoff):
            try:
                os.unlink(entry.path)
                out.removed.append(Path(entry.path))
            except OSError:
                pass


def build_folders(home: Path) -> list[Path]:
    """The demo builds beside ``home`` that the app marked as its own."""
    home = Path(home)
    try:
        entries = list(os.scandir(home.parent))
    except OSError:
        return []
    return sorted(Path(e.path) for e in entries
                  if is_build_folder_of(e.name, home.name) and e.is_dir(follow_symlinks=False)
                  and (Path(e.path) / BUILD_MARKER).is_file())


def _move(src: Path, dst: Path) -> None:
    if src.is_dir() and not src.is_symlink() and dst.is_dir():
        for child in sorted(src.iterdir()):
            _move(child, dst / child.name)
        src.rmdir()
    else:
        os.replace(src, dst)


def finish_build(build: Path, home: Path) -> bool:
    """Move a finished demo build's files into ``home``, the key slots file last, then remove the
    build. Safe to repeat after a kill at any point. False (nothing done) if it is unfinished."""
    build, home = Path(build), Path(home)
    if not (build / COMPLETE_MARKER).is_file():
        return False
    if (home / KEY_SLOTS_NAME).exists() and (build / KEY_SLOTS_NAME).exists():
        # A vault arrived in ``home`` by another way meanwhile: it is never overwritten, and this
        # build holds invented children only.
        shutil.rmtree(build, ignore_errors=True)
        return False
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    names = sorted(n for n in os.listdir(build) if n not in _NOT_MOVED and n != KEY_SLOTS_NAME)
    for name in [*names, KEY_SLOTS_NAME]:
        src = build / name
        try:
            _move(src, home / name)
        except FileNotFoundError:
            pass  # moved already (by an earlier, killed attempt)
    fsync_dir(home)
    shutil.rmtree(build, ignore_errors=True)
    return True


def _tidy_builds(home: Path, cutoff: float, out: Tidied) -> None:
    for build in build_folders(home):
        if (build / COMPLETE_MARKER).is_file():
            finish_build(build, home)
            out.removed.append(build)
        elif _old(build / BUILD_MARKER, cutoff):
            # Unfinished and surely dead: it never held anything that was a vault.
            shutil.rmtree(build, ignore_errors=True)
            if not build.exists():
                out.removed.append(build)


def tidy(home: Path, *, older_than_s: float = STALE_AFTER_S, now: float | None = None) -> Tidied:
    """Remove what a killed process of this app left in and beside the vault folder ``home``."""
    out = Tidied()
    try:
        home = Path(home)
        cutoff = (time.time() if now is None else now) - older_than_s
        _remove_files(home, lambda n: is_temp_of(n) or n == RESTORING_NAME, cutoff, out)
        _remove_files(home / BACKUPS_FOLDER,
                      lambda n: is_temp_of(n) or (n.startswith(".") and n.endswith(PARTIAL_SUFFIX)), cutoff, out)
        _tidy_builds(home, cutoff, out)
    except Exception:  # noqa: BLE001 - tidying must never stop the app starting
        pass
    return out
