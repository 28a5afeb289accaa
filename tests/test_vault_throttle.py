"""Growing delays after wrong passphrases or recovery codes, kept across restarts."""

from __future__ import annotations

import json

import pytest

from iro_desktop.errors import UnlockThrottled, WrongPassphrase, WrongRecoveryCode
from iro_desktop.vault import Vault
from iro_desktop.vault.throttle import FREE_ATTEMPTS, MAX_DELAY_SECONDS, Throttle

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.vault_helpers import FakeClock, install_clock, snapshot

WRONG = "Definitely-not-it-2026"
NEW_PASSPHRASE = "Harbour-lantern-copper-57"


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    install_clock(monkeypatch, fake)
    return fake


@pytest.fixture
def closed_vault(vault_and_code, vault_home):
    vault, code = vault_and_code
    vault.close()
    return vault_home, code


def test_delay_schedule():
    delays = [Throttle.delay_for(n) for n in range(0, 16)]
    assert delays[:FREE_ATTEMPTS] == [0.0] * FREE_ATTEMPTS
    assert delays[FREE_ATTEMPTS:FREE_ATTEMPTS + 4] == [2.0, 4.0, 8.0, 16.0]
    assert delays == sorted(delays)
    assert max(delays) == MAX_DELAY_SECONDS
    assert Throttle.delay_for(1000) == MAX_DELAY_SECONDS


def test_throttle_counts_resets_and_survives_a_restart(tmp_path):
    clock = FakeClock()
    path = tmp_path / "attempts.json"
    t = Throttle(path, clock=clock)
    for n in range(1, FREE_ATTEMPTS + 2):
        assert t.record_failure() == (n, Throttle.delay_for(n))
    # A new object (the app restarted) reads the same counter.
    again = Throttle(path, clock=clock)
    assert again.retry_after() == Throttle.delay_for(FREE_ATTEMPTS + 1)
    clock.advance(1)
    assert again.retry_after() == Throttle.delay_for(FREE_ATTEMPTS + 1) - 1
    again.reset()
    assert not path.exists()
    assert Throttle(path, clock=clock).retry_after() == 0


def test_unreadable_counter_file_means_the_longest_delay_that_then_runs_out(tmp_path):
    clock = FakeClock()
    path = tmp_path / "attempts.json"
    path.write_text("{not json")
    t = Throttle(path, clock=clock)
    assert t.retry_after() == MAX_DELAY_SECONDS  # never a free start for a tampered file
    clock.advance(MAX_DELAY_SECONDS)
    assert t.retry_after() == 0
    t.reset()
    assert t.record_failure() == (1, 0.0)


def test_a_clock_set_back_never_locks_out_for_longer_than_the_delay(tmp_path):
    clock = FakeClock()
    path = tmp_path / "attempts.json"
    t = Throttle(path, clock=clock)
    for _ in range(FREE_ATTEMPTS):
        t.record_failure()
    clock.advance(-3 * 24 * 3600)  # the laptop's clock was three days fast, then corrected
    assert 0 < t.retry_after() <= Throttle.delay_for(FREE_ATTEMPTS)


def test_growing_delay_then_the_right_passphrase_resets_it(closed_vault, keychain, clock):
    home, _ = closed_vault
    for n in range(1, FREE_ATTEMPTS):
        with pytest.raises(WrongPassphrase) as info:
            Vault.unlock(home, WRONG, keychain)
        assert (info.value.failures, info.value.retry_after) == (n, 0)

    waits = []
    for n in range(FREE_ATTEMPTS, FREE_ATTEMPTS + 4):
        with pytest.raises(WrongPassphrase) as info:
            Vault.unlock(home, WRONG, keychain)
        assert info.value.failures == n
        assert f"wait {info.value.retry_after:.0f} seconds" in str(info.value)
        # Straight away, even the right passphrase is refused without being tried.
        before = snapshot(home)
        with pytest.raises(UnlockThrottled) as throttled:
            Vault.unlock(home, PASSPHRASE, keychain)
        assert snapshot(home) == before
        waits.append(throttled.value.retry_after)
        assert throttled.value.retry_after == info.value.retry_after
        # Part of the way through the delay it is still refused, with less left to wait.
        clock.advance(1)
        with pytest.raises(UnlockThrottled) as throttled:
            Vault.unlock(home, PASSPHRASE, keychain)
        assert throttled.value.retry_after == pytest.approx(waits[-1] - 1)
        clock.advance(waits[-1] - 1)

    assert waits == sorted(waits) and len(set(waits)) == len(waits)
    assert waits[0] > 0

    # After the delay the right passphrase opens the vault and clears the counter.
    Vault.unlock(home, PASSPHRASE, keychain).close()
    assert not (home / "unlock-attempts.json").exists()
    with pytest.raises(WrongPassphrase) as info:
        Vault.unlock(home, WRONG, keychain)
    assert (info.value.failures, info.value.retry_after) == (1, 0)


def test_counter_is_kept_in_its_own_file(closed_vault, keychain, clock):
    home, _ = closed_vault
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(home, WRONG, keychain)
    doc = json.loads((home / "unlock-attempts.json").read_text())
    assert doc == {"failures": FREE_ATTEMPTS, "last": clock.now}


def test_recovery_codes_share_the_counter(closed_vault, keychain, clock):
    home, code = closed_vault
    for _ in range(FREE_ATTEMPTS - 1):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(home, WRONG, keychain)
    with pytest.raises(WrongRecoveryCode):
        Vault.unlock_with_recovery(home, "00000-00000-00000-00000-00000-00000", NEW_PASSPHRASE,
                                   keychain, kdf=FAST_KDF)
    with pytest.raises(UnlockThrottled):
        Vault.unlock_with_recovery(home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF)
    with pytest.raises(UnlockThrottled):
        Vault.unlock(home, PASSPHRASE, keychain)
    clock.advance(Throttle.delay_for(FREE_ATTEMPTS))
    Vault.unlock_with_recovery(home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF).close()
    assert not (home / "unlock-attempts.json").exists()


def test_restoring_a_backup_is_throttled_too(vault, vault_home, keychain, clock):
    backup = vault.backup_now()
    vault.close()
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassphrase):
            Vault.restore_backup(vault_home, WRONG, keychain, backup)
    with pytest.raises(UnlockThrottled):
        Vault.restore_backup(vault_home, PASSPHRASE, keychain, backup)
    clock.advance(MAX_DELAY_SECONDS)
    Vault.restore_backup(vault_home, PASSPHRASE, keychain, backup).close()
