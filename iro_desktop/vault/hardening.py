"""Keeping the process's memory (which holds the data key while the vault is open) out of files.

A core dump writes the whole memory of a crashed process to disk, the data key and whatever
records were open with it. ``disable_core_dumps`` sets the core file limit to zero (Linux,
macOS) and, on Linux, marks the process as not dumpable, which also stops other programs of
the same user from reading its memory through /proc or attaching a debugger. It is called
when a vault is created or unlocked (``Vault``), and is safe to call again.

What it cannot do: Windows writes no core files but Windows Error Reporting can be set by an
administrator to keep full crash dumps; a hibernation file or swap holds memory on disk
whatever the process does (councils encrypt laptop disks, which covers both).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_PR_SET_DUMPABLE = 4
_done = False


def disable_core_dumps() -> bool:
    """True if core dumps are now off for this process."""
    global _done
    if _done:
        return True
    try:
        import resource
    except ImportError:  # Windows: no core files
        _done = True
        return True
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the limit above already stops the core file
    _done = True
    return True
