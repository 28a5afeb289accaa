"""Crash-safe file writes (temp file, fsync, os.replace, fsync the folder) and the checks on
files the app is given to read or to write.

Only ordinary files are read or replaced. A device node (``/dev/null``, ``/dev/zero``), a FIFO
or a socket is refused before it is opened: reading one can hang or never end, and replacing one
(as root, ``/dev/null``) would break the computer. A missing folder is said to be missing; it is
never created behind the IRO's back.

A temp file is named after its target, ``.NAME.<8 hex>.tmp``, beside it. A write that fails
removes its own; one killed between writing and renaming leaves it behind, so every later write
to the same target first removes that target's temp files older than ``STALE_AFTER_S`` (the age
keeps a write in progress in another copy of the app safe), and the start-up tidy
(``iro_desktop.housekeeping``) does the same in the vault's own folders.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

from iro_desktop.errors import IroError

STALE_AFTER_S = 5 * 60
_TEMP_SUFFIX = ".tmp"
_TEMP_RANDOM = re.compile(r"[0-9a-f]{8}")


class SpecialFileRefused(IroError):
    def __init__(self, path: Path, action: str) -> None:
        super().__init__(f"{path} is a device, pipe or other special file, not an ordinary file, so "
                         f"IRO Desktop will not {action} it. Choose an ordinary file instead; nothing "
                         "was changed.")
        self.path = path


class FolderMissing(IroError):
    def __init__(self, folder: Path) -> None:
        super().__init__(f"The folder {folder} does not exist. Create it first or choose another folder; "
                         "nothing was written.")
        self.folder = folder


class NotAFolder(IroError):
    def __init__(self, folder: Path) -> None:
        super().__init__(f"{folder} is a file, not a folder, so nothing can be saved inside it. Choose a "
                         "folder; nothing was written.")
        self.folder = folder


class IsAFolder(IroError):
    def __init__(self, path: Path, action: str) -> None:
        super().__init__(f"{path} is a folder, not a file, so IRO Desktop cannot {action} it. Give the "
                         "name of a file; nothing was changed.")
        self.path = path


class InputFileMissing(IroError):
    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"The {what} {path.name} was not found in {path.parent}. Check the name and "
                         "folder, then try again.")
        self.path = path


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_special(mode: int) -> bool:
    """A device, FIFO or socket: anything that is neither an ordinary file nor a folder."""
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def require_regular_file(path: Path, what: str = "file") -> os.stat_result:
    """Check, before opening it, that ``path`` is an ordinary file that exists (following
    links). Raises an IroError that says what is wrong; returns its stat."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputFileMissing(path, what) from None
    except NotADirectoryError:
        raise InputFileMissing(path, what) from None
    if stat.S_ISDIR(st.st_mode):
        raise IsAFolder(path, "read")
    if not stat.S_ISREG(st.st_mode):
        raise SpecialFileRefused(path, "read")
    return st


def check_write_target(path: Path) -> None:
    """Refuse, before any work is done, a target that ``atomic_write_bytes`` would refuse: a
    special file, a folder, or a file in a folder that does not exist."""
    path = Path(path)
    folder = path.parent
    try:
        st = os.stat(path)
    except FileNotFoundError:
        pass
    except NotADirectoryError:
        raise NotAFolder(_first_file_in(folder)) from None
    else:
        if stat.S_ISDIR(st.st_mode):
            raise IsAFolder(path, "replace")
        if not stat.S_ISREG(st.st_mode):
            raise SpecialFileRefused(path, "replace")
    if not folder.exists():
        raise FolderMissing(folder)
    if not folder.is_dir():
        raise NotAFolder(folder)


def _first_file_in(folder: Path) -> Path:
    """The part of ``folder``'s path that is a file, where a path runs through one."""
    for parent in [folder, *folder.parents]:
        if parent.exists():
            return parent
    return folder


def temp_name(target_name: str) -> str:
    return f".{target_name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"


def is_temp_of(name: str, target_name: str | None = None) -> bool:
    """Whether ``name`` is a temp file this module makes (for ``target_name``, if given)."""
    if not (name.startswith(".") and name.endswith(_TEMP_SUFFIX)):
        return False
    body = name[1:-len(_TEMP_SUFFIX)]
    stem, dot, random = body.rpartition(".")
    if not dot or not stem or not _TEMP_RANDOM.fullmatch(random):
        return False
    return target_name is None or stem == target_name


def remove_stale_temps(folder: Path, target_name: str | None = None, *,
                       older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove this module's temp files in ``folder`` (of ``target_name`` only, if given) last
    changed more than ``older_than_s`` ago. Best effort: a file that cannot be removed stays."""
    removed: list[Path] = []
    cutoff = time.time() - older_than_s
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_of(entry.name, target_name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600, *, make_folder: bool = False) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or the new file.

    Refuses (IroError, nothing written) a special file or a folder at ``path``, and a folder
    that does not exist unless ``make_folder`` (for the app's own folders only)."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    check_write_target(path)
    remove_stale_temps(path.parent, path.name)
    tmp = path.parent / temp_name(path.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.chmod(tmp, mode)  # the umask may have narrowed what os.open set
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # Checked again just before the rename: a special file put there meanwhile is not replaced.
        check_write_target(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)
