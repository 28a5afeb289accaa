"""A folder as the sync target: a network share, or a folder a sync client carries to the council.

Each file is written under a temporary name beside its final one, flushed to disk, then moved
into place only if nothing is at the final name yet, the folder flushed too, and the file read
back and checked by size and SHA-256. A file already at the final name with the same bytes
counts as done (a retry after a crash); different bytes are a conflict, left untouched. A root
folder that is not there (the share is not mounted, the laptop is off the network) means
offline, never an error: records wait in the outbox.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from iro_desktop.files import fsync_dir
from iro_desktop.sync.errors import Conflict, Offline, StoreFull, SyncError, Unverified

_CHUNK = 1 << 20


class FolderProblem(SyncError):
    """The folder refused a write for another reason (permissions, a name it will not take)."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where} could not be written to ({what}). Records stay in the outbox; "
                         "check the folder in the sync settings.")


def _sha256_of(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


class FolderTarget:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.where = str(self.root)

    # ---- the Target protocol -------------------------------------------------------------------

    def check(self) -> None:
        self._require_root()
        if not os.access(self.root, os.W_OK):
            raise FolderProblem(self.where, "no permission to write")

    def ensure_folder(self, folder: str) -> None:
        self._require_root()
        try:
            self._path(folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._error(exc, folder) from exc

    def put(self, path: str, data: bytes, sha256: str) -> None:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the bytes given do not match their SHA-256")  # a programming error
        self._require_root()
        final = self._path(path)
        try:
            temp = final.with_name(f".{final.name}.partial")
            if self._settled(final, data, sha256, path):
                # Done before: a process killed after the move may have left its temporary file.
                temp.unlink(missing_ok=True)
                return
            # A temporary file left by an earlier, interrupted attempt is ours: start it afresh.
            with open(temp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            try:
                self._move_into_place(temp, final, path)
            finally:
                temp.unlink(missing_ok=True)
            fsync_dir(final.parent)
            size, digest = _sha256_of(final)
        except SyncError:
            raise
        except OSError as exc:
            raise self._error(exc, path) from exc
        if size != len(data) or digest != sha256:
            raise Unverified(path)

    def list(self, folder: str) -> list[str]:
        self._require_root()
        p = self._path(folder)
        if not p.is_dir():
            return []
        return sorted(c.name for c in p.iterdir() if c.is_file() and not c.name.endswith(".partial"))

    def get(self, path: str) -> bytes:
        self._require_root()
        try:
            return self._path(path).read_bytes()
        except OSError as exc:
            raise self._error(exc, path) from exc

    # ---- inside --------------------------------------------------------------------------------

    def _require_root(self) -> None:
        if not self.root.is_dir():
            raise Offline(self.where)

    def _path(self, rel: str) -> Path:
        parts = [p for p in rel.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"not a path inside the target: {rel!r}")
        return self.root.joinpath(*parts)

    def _settled(self, final: Path, data: bytes, sha256: str, rel: str) -> bool:
        """True if ``final`` already holds these bytes; Conflict if it holds others."""
        if not final.exists():
            return False
        size, digest = _sha256_of(final)
        if size == len(data) and digest == sha256:
            return True
        raise Conflict(rel)

    def _move_into_place(self, temp: Path, final: Path, rel: str) -> None:
        # os.replace would overwrite whatever appeared at the final name meanwhile. A hard link
        # is the atomic "create only if absent"; where the share cannot link (some SMB and FAT
        # folders), the final name is checked just before os.replace instead.
        try:
            os.link(temp, final)
            return
        except FileExistsError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
                                 errno.ENOSYS, errno.EACCES):
                raise
            if not final.exists():
                os.replace(temp, final)
                return
        # Someone else's file arrived at the final name: settle it by its hash.
        data = temp.read_bytes()
        self._settled(final, data, hashlib.sha256(data).hexdigest(), rel)

    def _error(self, exc: OSError, rel: str) -> SyncError:
        if not self.root.is_dir():
            return Offline(self.where)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return StoreFull(self.where)
        if isinstance(exc, FileNotFoundError):
            # The root is there but the bundle's folder went: send the bundle again from the start.
            return FolderProblem(self.where, f"the folder of {rel.split('/')[0]} disappeared")
        return FolderProblem(self.where, exc.strerror or type(exc).__name__)
