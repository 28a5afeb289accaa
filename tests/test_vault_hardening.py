"""Attacks on what surrounds the keys: the delay file, long and odd passphrases, a full disk,
SQLCipher's own log lines, the key's hex form left in memory after Lock, and core dumps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iro_desktop.errors import DiskFull, UnlockThrottled, WeakPassphrase
from iro_desktop.vault import Vault, passphrase
from iro_desktop.vault.throttle import MAX_DELAY_SECONDS, Throttle

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.vault_helpers import FakeClock, child_ids, seed_children

REPO = Path(__file__).resolve().parents[1]
LONG = ("Kettle orbit meadow 42, harbour lantern copper 57, quarry fresh 93; " * 16)[:1024]


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120)


# ---- the wrong-passphrase delay file --------------------------------------------------------

@pytest.mark.parametrize("content", [
    b'{"failures": 1e400, "last": 0}', b'{"failures": -5, "last": 0}', b'{"failures": "9", "last": 0}',
    b'{"failures": 3.5, "last": 0}', b'{"failures": true, "last": 0}', b'{"failures": 2, "last": 1e400}',
    b'{"failures": 99999999999, "last": 0}', b"not json", b"[1, 2]", b"\xff\xfe", b"[" * 100000,
], ids=lambda c: c[:24].decode("latin-1"))
def test_odd_delay_files_mean_the_longest_delay_never_a_crash(tmp_path, content):
    path = tmp_path / "unlock-attempts.json"
    path.write_bytes(content)
    clock = FakeClock()
    throttle = Throttle(path, clock=clock)
    assert throttle.retry_after() == MAX_DELAY_SECONDS
    assert throttle.record_failure()[1] == MAX_DELAY_SECONDS
    clock.advance(MAX_DELAY_SECONDS)
    assert throttle.retry_after() == 0  # and the delay runs out like any other


def test_a_folder_as_the_delay_file_means_the_longest_delay(vault_and_code, vault_home):
    vault, _code = vault_and_code
    vault.close()
    (vault_home / "unlock-attempts.json").mkdir()
    with pytest.raises(UnlockThrottled):
        Vault.unlock(vault_home, PASSPHRASE, None)


def test_a_negative_count_does_not_give_unlimited_tries(vault_and_code, vault_home):
    vault, _code = vault_and_code
    vault.close()
    (vault_home / "unlock-attempts.json").write_text(json.dumps({"failures": -10 ** 6, "last": 0}))
    with pytest.raises(UnlockThrottled):
        Vault.unlock(vault_home, PASSPHRASE, None)


# ---- long passphrases ----------------------------------------------------------------------

@pytest.mark.parametrize("length", [73, 200, 1024])
def test_long_passphrases_work_everywhere(tmp_path, keychain, length):
    first, second = LONG[:length], ("Z" + LONG[::-1])[:length]
    assert passphrase.strength(first).acceptable and passphrase.strength(second).acceptable
    home = tmp_path / "v"
    vault, code = Vault.create(home, first, keychain, kdf=FAST_KDF)
    with vault:
        vault.change_passphrase(first, second, keychain)
    Vault.unlock(home, second, keychain).close()
    Vault.unlock_with_recovery(home, code, first, keychain, kdf=FAST_KDF).close()
    Vault.unlock(home, first, keychain).close()


def test_a_long_passphrase_with_a_weak_start_is_still_refused(tmp_path, keychain):
    weak = "a" * 72 + "Kettle-orbit-meadow-42"
    assert not passphrase.strength(weak).acceptable
    with pytest.raises(WeakPassphrase):
        Vault.create(tmp_path / "v", weak, keychain, kdf=FAST_KDF)


def test_a_non_utf8_passphrase_file_gets_a_plain_message(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"Kettle-orbit-\xff\xfe-meadow-42\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-m", "iro_desktop", "init", "--vault", str(tmp_path / "v"),
                          "--passphrase-file", str(secret), "--no-keychain"],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert out.returncode != 0
    assert "not plain text (UTF-8)" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "v" / "keyslots.json").exists()


# ---- a full disk ---------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 3 MiB tmpfs (we run as root in a container); skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_says_so_and_the_vault_is_fine(small_disk):
    home = small_disk / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    seed_children(vault, count=5)
    filler = _fill(small_disk)
    with pytest.raises(DiskFull) as full:
        seed_children(vault, start=100, count=3000)  # the attack: the disk fills mid-write
    message = str(full.value)
    assert "no space left" in message and "Nothing is wrong with the vault" in message
    assert "damaged" not in message and "Traceback" not in message
    with pytest.raises(DiskFull):
        vault.backup_now()
    assert len(child_ids(vault)) == 5
    vault.close()
    filler.unlink()
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as again:
        assert len(child_ids(again)) == 5
        seed_children(again, start=100, count=3)


def test_a_full_disk_while_saving_the_key_file_says_so(vault, monkeypatch, keychain):
    import iro_desktop.vault.keyslots as keyslots_mod

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyslots_mod, "atomic_write_bytes", full)
    with pytest.raises(DiskFull):
        vault.change_passphrase(PASSPHRASE, "Harbour-lantern-copper-57", keychain)
    assert len(child_ids(vault)) == 0  # still open and readable


# ---- SQLCipher's own log lines -------------------------------------------------------------

_DAMAGED = """
    import sys
    import tests.conftest
    from pathlib import Path
    from iro_desktop.errors import IroError
    from iro_desktop.vault import Vault, connection
    if sys.argv[2] == "library-log-on":  # the library's default, as before the fix
        connection._quiet = True
    home = Path(sys.argv[1])
    Vault.create(home, tests.conftest.PASSPHRASE, None, allow_no_keychain=True)[0].close()
    data = bytearray((home / "vault.db").read_bytes())
    data[100:4096] = bytes(len(data[100:4096]))  # page 1 damaged: its HMAC no longer checks
    (home / "vault.db").write_bytes(bytes(data))
    try:
        Vault.unlock(home, tests.conftest.PASSPHRASE, None, allow_no_keychain=True)
    except IroError as exc:
        print(exc, file=sys.stderr)
"""


def test_sqlcipher_log_lines_do_not_reach_the_user(tmp_path):
    quiet = _python(_DAMAGED, str(tmp_path / "a"), "default")
    assert "damaged" in quiet.stderr
    assert "ERROR CORE" not in quiet.stderr and "hmac check failed" not in quiet.stderr
    # The same damage with the library's own logging left on prints its lines first: the test
    # sees them when they are there.
    loud = _python(_DAMAGED, str(tmp_path / "b"), "library-log-on")
    assert "hmac check failed" in loud.stderr
    assert loud.stderr.index("ERROR CORE") < loud.stderr.index("damaged")


# ---- the key's hex form in memory after Lock; core dumps -----------------------------------

_MEMORY = """
    import gc, os, re, resource, sys
    import tests.conftest
    from pathlib import Path
    from iro_desktop.vault import Vault
    from tests.support.vault_helpers import seed_children

    def count(halves):
        # The needle is kept in halves (the whole hex string made here would be found itself).
        first, second = halves
        found = 0
        with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
            regions = [line.split() for line in maps]
        fd = os.open("/proc/self/mem", os.O_RDONLY)
        for fields in regions:
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if "r" not in fields[1] or (len(fields) > 5 and fields[5] in ("[vvar]", "[vsyscall]")):
                continue
            pos = start
            while pos < end:
                size = min(1 << 20, end - pos)
                try:
                    chunk = os.pread(fd, size + 64 if pos + size < end else size, pos)
                except OSError:
                    break
                i = chunk.find(first)
                while i != -1:
                    if chunk[i + len(first):i + 2 * len(first)] == second:
                        found += 1
                    i = chunk.find(first, i + 1)
                pos += size
        os.close(fd)
        return found

    home = Path(sys.argv[1])
    vault, _ = Vault.create(home, tests.conftest.PASSPHRASE, None, allow_no_keychain=True)
    seed_children(vault, count=3)
    vault.backup_now()
    key = bytes(vault._key)
    halves = [key[:16].hex().encode(), key[16:].hex().encode()]
    upper = [h.upper() for h in halves]
    if sys.argv[2] == "pragma-string":  # how the key was set before: a PRAGMA statement's text
        from iro_desktop.vault import connection
        conn = connection.sqlcipher3.connect(str(home / "vault.db"))
        conn.execute(f"PRAGMA key = \\"x'{key.hex()}'\\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()
    open_count = count(halves)
    vault.close()
    del vault, key
    gc.collect()
    print(open_count, count(halves) + count(upper), resource.getrlimit(resource.RLIMIT_CORE))
"""


def test_no_hex_copy_of_the_key_is_left_in_memory_after_lock(tmp_path):
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc here")
    done = _python(_MEMORY, str(tmp_path / "a"), "now")
    assert done.returncode == 0, done.stderr
    while_open, after_lock, core = done.stdout.split(maxsplit=2)
    assert int(after_lock) == 0, f"{after_lock} hex copies of the key after Lock"
    assert core.strip() == "(0, 0)"  # core dumps off once a vault was opened
    # The scan does find hex copies when something leaves them (a PRAGMA key string).
    before = _python(_MEMORY, str(tmp_path / "b"), "pragma-string")
    assert before.returncode == 0, before.stderr
    assert int(before.stdout.split()[1]) > 0
    print(f"\nkey hex copies: open {while_open}, after Lock {after_lock}; "
          f"with a PRAGMA key string: {before.stdout.split()[1]} after Lock")
