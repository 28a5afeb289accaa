"""Atomic writes (iro_desktop.files) attacked as the review did: a device node and a FIFO as
the target, a missing folder, a full disk, and a SIGKILL between writing and renaming."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iro_desktop import files
from iro_desktop.errors import IroError

ROOT = Path(__file__).resolve().parents[1]


def _null_device(path: Path) -> Path:
    """A character device like /dev/null, made in the test's own folder (as root, in the
    container), so a regression replaces that node and never the real one."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here (needs root)")
    return path


def _age(path: Path, seconds: float = files.STALE_AFTER_S + 60) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_a_device_node_is_refused_and_left_as_it_is(tmp_path):
    node = _null_device(tmp_path / "null")
    before = os.stat(node)
    with pytest.raises(files.SpecialFileRefused) as err:
        files.atomic_write_bytes(node, b"%PDF-")
    assert "special file" in str(err.value) and "nothing was changed" in str(err.value)
    after = os.stat(node)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temp file either


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(files.SpecialFileRefused):
        files.atomic_write_bytes(fifo, b"x")
    with pytest.raises(files.SpecialFileRefused):
        files.require_regular_file(fifo, "import file")  # would hang an open() for reading
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_missing_folder_is_said_and_never_made(tmp_path):
    target = tmp_path / "no" / "such" / "letter.pdf"
    with pytest.raises(files.FolderMissing) as err:
        files.atomic_write_bytes(target, b"x")
    assert str(tmp_path / "no" / "such") in str(err.value)
    assert not (tmp_path / "no").exists()
    files.atomic_write_bytes(target, b"x", make_folder=True)  # only where the app asks for it
    assert target.read_bytes() == b"x"


def test_a_folder_or_a_file_in_the_way_is_refused(tmp_path):
    (tmp_path / "a-folder.pdf").mkdir()
    with pytest.raises(files.IsAFolder):
        files.atomic_write_bytes(tmp_path / "a-folder.pdf", b"x")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(IroError):
        files.atomic_write_bytes(tmp_path / "plain" / "inside.pdf", b"x")


def test_an_error_mid_write_leaves_no_temp_and_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "keyslots.json"
    target.write_bytes(b"old")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError) as err:
        files.atomic_write_bytes(target, b"new" * 1000)
    assert err.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keyslots.json"]


@pytest.fixture
def small_fs(tmp_path):
    """A 64 KiB tmpfs, where the machine allows mounting one (root in a container may)."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_really_full_disk_leaves_no_temp_and_the_old_file(small_fs):
    target = small_fs / "letter.pdf"
    target.write_bytes(b"old")
    with pytest.raises(OSError) as err:
        files.atomic_write_bytes(target, os.urandom(256 * 1024))
    assert err.value.errno == errno.ENOSPC  # the disk really was full
    assert target.read_bytes() == b"old"
    assert [p.name for p in small_fs.iterdir()] == ["letter.pdf"]


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from iro_desktop import files
real = os.replace
def kill_instead(src, dst):
    print("written", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # between the write (fsynced) and the rename
files.os.replace = kill_instead
files.atomic_write_bytes(Path(sys.argv[1]), b"new contents")
"""


def _kill_between_write_and_rename(target: Path) -> Path:
    out = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], cwd=ROOT, capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert out.returncode == -signal.SIGKILL, out.stderr
    assert out.stdout.strip() == "written"
    [temp] = [p for p in target.parent.iterdir() if files.is_temp_of(p.name, target.name)]
    assert temp.read_bytes() == b"new contents"  # the attack: a complete hidden copy left behind
    return temp


def test_sigkill_between_write_and_rename_then_the_next_write_clears_the_stale_temp(tmp_path):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")
    stale = _kill_between_write_and_rename(target)
    assert target.read_bytes() == b"old"
    # A temp of another file, and a fresh one of this file (a write in progress elsewhere), stay.
    other = tmp_path / files.temp_name("other.pdf")
    other.write_bytes(b"x")
    _age(other)
    fresh = tmp_path / files.temp_name("letter.pdf")
    fresh.write_bytes(b"x")
    files.atomic_write_bytes(target, b"newer")
    assert stale.exists()  # too young to be surely dead
    _age(stale)
    files.atomic_write_bytes(target, b"newest")
    assert not stale.exists()
    assert fresh.exists() and other.exists()
    assert target.read_bytes() == b"newest"


def test_temp_names_are_recognised_exactly():
    name = files.temp_name("a.pdf")
    assert files.is_temp_of(name, "a.pdf") and files.is_temp_of(name)
    assert not files.is_temp_of(name, "a")
    assert not files.is_temp_of(".a.pdf.partial") and not files.is_temp_of(".a.pdf.tmp")
    assert not files.is_temp_of(".a.pdf.12345678.tmp.x") and not files.is_temp_of("a.pdf.1234abcd.tmp")
