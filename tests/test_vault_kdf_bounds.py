"""Key-slot settings are untrusted input: planted weak, huge or malformed Argon2 settings are
refused before anything is derived, settings are sealed by the data key, every new slot is
calibrated afresh, and calibration keeps its floor."""

from __future__ import annotations

import json
import time

import pytest

from iro_desktop.errors import IroError, KdfSettingsRefused, KeySlotsTampered
from iro_desktop.vault import Vault, kdf, keyslots

from tests.conftest import FAST_KDF, PASSPHRASE

NEW = "Harbour-lantern-copper-57"
SOUND = kdf.KdfParams(3, 64 * 1024, 2)


@pytest.fixture
def sound_vault(tmp_path):
    """A vault whose slots have settings inside the bounds (as a real one has), not the tests'."""
    home = tmp_path / "vault"
    vault, code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=SOUND)
    vault.close()
    return home, code


def _plant(home, **kdf_values):
    doc = json.loads((home / "keyslots.json").read_text())
    for slot in doc["slots"].values():
        slot["kdf"].update(kdf_values)
    (home / "keyslots.json").write_text(json.dumps(doc))


def _derive_spy(monkeypatch):
    calls = []
    real = kdf.hash_secret_raw

    def spy(*args, **kwargs):
        calls.append(kwargs.get("time_cost"))
        return real(*args, **kwargs)

    monkeypatch.setattr(kdf, "hash_secret_raw", spy)
    return calls


@pytest.mark.parametrize("planted", [
    {"time_cost": 1, "memory_kib": 8},            # the review's attack: ~3,300 times cheaper
    {"time_cost": 10 ** 9},                        # would hang the unlock
    {"memory_kib": 10 ** 9},                       # would exhaust memory
    {"parallelism": 10 ** 6},
    {"time_cost": 0},
    {"time_cost": -3},
    {"time_cost": "3"},                            # malformed: nine kinds
    {"time_cost": 3.0},
    {"time_cost": True},
    {"time_cost": None},
    {"time_cost": [3]},
    {"time_cost": {"n": 3}},
    {"memory_kib": 1e400},                         # JSON's way to say infinity
    {"parallelism": 0},
    {"extra": 1},
], ids=lambda d: ",".join(f"{k}={v!r:.12}" for k, v in d.items()))
def test_planted_settings_are_refused_before_deriving(sound_vault, monkeypatch, planted):
    home, code = sound_vault
    _plant(home, **planted)
    calls = _derive_spy(monkeypatch)
    before = (home / "vault.db").read_bytes()
    start = time.perf_counter()
    with pytest.raises(KdfSettingsRefused) as refused:
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)
    with pytest.raises(KdfSettingsRefused):
        Vault.unlock_with_recovery(home, code, NEW, None, allow_no_keychain=True)
    assert calls == []  # nothing was derived
    assert time.perf_counter() - start < 2  # no hang
    message = str(refused.value)
    assert "keyslots.json" in message and "Traceback" not in message and message.endswith(".")
    assert (home / "vault.db").read_bytes() == before


def test_missing_settings_are_refused(sound_vault):
    home, _code = sound_vault
    doc = json.loads((home / "keyslots.json").read_text())
    del doc["slots"]["passphrase"]["kdf"]["time_cost"]
    (home / "keyslots.json").write_text(json.dumps(doc))
    with pytest.raises(IroError):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)


def test_settings_changed_within_the_bounds_break_the_seal(sound_vault):
    """Stronger-looking settings cannot be planted either: the derived key changes, and a slot
    re-made by someone without the data key has no valid MAC."""
    home, _code = sound_vault
    _plant(home, time_cost=4)
    with pytest.raises(IroError):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)


def test_a_slot_rewrapped_without_the_data_key_is_refused(sound_vault):
    """The attacker knows the passphrase (say, an old one) and rewraps some key of their own
    under it with weak settings: it unwraps, but the MAC is keyed from the real data key."""
    home, _code = sound_vault
    slots = keyslots.KeySlotsFile.load(home / "keyslots.json")
    real = slots.slots[keyslots.PASSPHRASE]
    forged = keyslots.make_slot(slots.vault_id, keyslots.PASSPHRASE, b"\x01" * 32, PASSPHRASE.encode(),
                                SOUND)
    forged.mac = real.mac  # keep the old seal
    slots.slots[keyslots.PASSPHRASE] = forged
    slots.save(home / "keyslots.json")
    with pytest.raises(KeySlotsTampered):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)


def test_recovery_writes_freshly_calibrated_settings_not_the_ones_on_disk(sound_vault, monkeypatch):
    home, code = sound_vault
    fresh = kdf.KdfParams(5, 64 * 1024, 2)
    monkeypatch.setattr(kdf, "_test_default", None)
    monkeypatch.setattr(kdf, "calibrate", lambda *a, **k: fresh)
    Vault.unlock_with_recovery(home, code, NEW, None, allow_no_keychain=True).close()
    doc = json.loads((home / "keyslots.json").read_text())
    assert {s["kdf"]["time_cost"] for s in doc["slots"].values()} == {5}


def test_a_weak_test_setting_is_refused_when_not_allowed_in_code(tmp_path, monkeypatch):
    """FAST_KDF works only because the test process said so (conftest): the same numbers in a
    file, in a process that did not, are refused."""
    home = tmp_path / "v"
    Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)[0].close()
    monkeypatch.setattr(kdf, "_test_params", set())
    with pytest.raises(KdfSettingsRefused):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)
    with pytest.raises(KdfSettingsRefused):
        Vault.create(tmp_path / "w", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)


def test_calibration_keeps_the_floor_under_load(monkeypatch):
    # A machine so slow (or so busy) that every pass looks expensive: still t >= 3 at 64 MiB.
    monkeypatch.setattr(kdf, "_seconds", lambda params, runs: 0.4 * params.time_cost)
    params = kdf.calibrate()
    assert params.time_cost >= kdf.FLOOR_TIME_COST and params.memory_kib == 64 * 1024
    kdf.check(params)


def test_calibration_takes_the_best_of_several_runs(monkeypatch):
    # t=3 best 0.05 s, t=12 best 0.2 s (one slow moment in each set), then the check at t=30.
    runs = iter([0.9, 0.05, 0.9, 0.2, 0.9, 0.5, 0.5])
    monkeypatch.setattr(kdf, "hash_secret_raw", lambda *a, **k: b"")
    clock = iter(x for d in runs for x in (0.0, d))
    monkeypatch.setattr(kdf.time, "perf_counter", lambda: next(clock))
    params = kdf.calibrate()
    # About 0.0167 s a pass and no fixed part, so 0.5 s is t=30, which the check confirms.
    assert params.time_cost == 30


def test_unlock_upgrades_a_slot_when_the_laptop_can_afford_more(sound_vault, monkeypatch):
    home, _code = sound_vault
    better = kdf.KdfParams(9, 64 * 1024, 2)
    monkeypatch.setattr(kdf, "calibrate", lambda *a, **k: better)
    afford = kdf.could_afford_more  # judged against a 2 s target: immune to a busy test machine
    monkeypatch.setattr(kdf, "could_afford_more", lambda p, s: afford(p, s, target_seconds=2.0))
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        actions = [r[0] for r in vault.conn.execute("SELECT action FROM audit_log")]
    assert actions[-1] == "key.settings_upgraded"
    doc = json.loads((home / "keyslots.json").read_text())
    assert doc["slots"]["passphrase"]["kdf"]["time_cost"] == 9
    Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True).close()  # still opens


def test_no_upgrade_when_calibration_finds_no_more(sound_vault, monkeypatch):
    home, _code = sound_vault
    before = (home / "keyslots.json").read_bytes()
    monkeypatch.setattr(kdf, "calibrate", lambda *a, **k: SOUND)
    Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True).close()
    assert (home / "keyslots.json").read_bytes() == before


def test_offline_guessing_rate_of_a_freshly_calibrated_vault(capsys):
    """The figure for the report: guesses a second, on one core here, against the settings a
    new vault gets on this machine (and against the review's planted settings)."""
    params = kdf.calibrate()
    rate = kdf.guesses_per_second(params, runs=2)
    planted = kdf.guesses_per_second(kdf.KdfParams(1, 8, 1), runs=20)
    with capsys.disabled():
        print(f"\ncalibrated {params}: {rate:.1f} guesses/s; planted t=1, 8 KiB (refused now): "
              f"{planted:.0f} guesses/s")
    assert params.time_cost >= 3 and rate < 20
