"""Checks on what a command is given, made before anything is opened or unlocked.

A secret file, an import file or ``--out`` that is a device (``/dev/zero``, ``/dev/null``), a
FIFO or a folder is refused: reading one can hang or never end, and replacing one (as root,
``/dev/null``) would break the computer. ``--out`` into a folder that does not exist says so and
makes nothing. A vault folder whose ``vault.db`` has become a folder is said plainly, before the
database driver fails on it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from iro_desktop import files
from iro_desktop.errors import IroError

# A secret file larger than this is the wrong file (a passphrase may be 1,024 characters or more).
MAX_SECRET_FILE_BYTES = 64 * 1024
# The options that name a file a secret is read from, and what the messages call each one.
SECRET_FILE_OPTIONS = {"passphrase_file": "passphrase file", "new_passphrase_file": "new passphrase file",
                       "recovery_code_file": "recovery code file", "password_file": "password file",
                       "token_file": "token file"}


class InputRefused(IroError):
    pass


def check_secret_files(args) -> None:
    """Refuse, before anything reads them, secret files that are not ordinary files of a
    sensible size: ``/dev/zero`` would be read for ever, a FIFO would hang."""
    for option, what in SECRET_FILE_OPTIONS.items():
        source = getattr(args, option, None)
        if not source or source == "-":
            continue
        st = files.require_regular_file(Path(source), what)
        if st.st_size > MAX_SECRET_FILE_BYTES:
            raise InputRefused(f"The {what} {source} is too large to hold a secret (over "
                               f"{MAX_SECRET_FILE_BYTES // 1024} KB). Check that you named the right file.")


def check_vault_files(home: Path) -> None:
    """A vault's files that are there but are not ordinary files (a folder where ``vault.db``
    belongs) are said plainly, before the database driver fails on them."""
    for name, what in (("vault.db", "vault database"), ("keyslots.json", "key file")):
        path = home / name
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a special file"
            raise InputRefused(f"The {what} {path} is {kind}, not an ordinary file, so the vault cannot "
                               "be opened. Something other than IRO Desktop has changed the vault folder: do "
                               "not delete anything; put back the vault folder from a backup copy, or contact "
                               "your council IT team.")


def check_out(out: Path) -> None:
    """``--out`` is a folder that exists, or a file (new, or ordinary) in one; never a device
    node or a FIFO, and a missing folder is never made."""
    if out.is_dir():
        return
    files.check_write_target(out)
