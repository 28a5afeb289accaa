"""Keys: passphrase, recovery code, passphrase change, copied vaults, key-slot integrity."""

from __future__ import annotations

import base64
import json
import shutil

import pytest

from iro_desktop.errors import (
    IroError, KeychainEntryMissing, KeychainUnavailable, VaultCorrupt, VaultExists,
    UnlockThrottled, VaultNotFound, WeakPassphrase, WrongPassphrase, WrongRecoveryCode,
)
from iro_desktop.vault import Keychain, Vault, keyslots
from iro_desktop.vault import connection as connection_mod
from iro_desktop.vault import vault as vault_mod

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.memory_keyring import MemoryKeyring
from tests.support.vault_helpers import (
    child_ids, data_key, files_under, keychain_entry, seed_children, snapshot, vault_id,
)

NEW_PASSPHRASE = "Harbour-lantern-copper-57"
FIXED_CODE = "01234-56789-ABCDE-FGHJK-MNPQR-STVWX"


def _last_audit(vault) -> tuple[str, str, str]:
    with vault.read() as db:
        return db.conn.execute(
            "SELECT action, record_type, record_id FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()


def _without_attempts(snap: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in snap.items() if k != "unlock-attempts.json"}


# ---- creating -------------------------------------------------------------------------------

def test_create_refuses_a_weak_passphrase_and_makes_nothing(vault_home, keychain):
    with pytest.raises(WeakPassphrase):
        Vault.create(vault_home, "password1234", keychain, kdf=FAST_KDF)
    assert not vault_home.exists()
    assert keychain._backend.store == {}


def test_create_refuses_an_existing_vault_untouched(vault, vault_home, keychain):
    seed_children(vault)
    vault.close()
    before = snapshot(vault_home)
    with pytest.raises(VaultExists):
        Vault.create(vault_home, NEW_PASSPHRASE, keychain, kdf=FAST_KDF)
    assert snapshot(vault_home) == before
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 5


def test_failed_set_up_leaves_nothing_behind_and_can_be_retried(vault_home, keychain, monkeypatch):
    opened = []
    real_connect = connection_mod.connect

    def recording_connect(path, key):
        conn = real_connect(path, key)
        opened.append(conn)
        return conn

    def failing_save(self, path):
        raise OSError("disk full")

    monkeypatch.setattr(vault_mod, "connect", recording_connect)
    monkeypatch.setattr(keyslots.KeySlotsFile, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    assert [p.name for p in files_under(vault_home)] in ([], ["vault.lock"])
    assert keychain._backend.store == {}
    # The half-made database's connection was closed (Windows cannot delete an open file).
    assert len(opened) == 1
    with pytest.raises(connection_mod.dbapi2.ProgrammingError):
        opened[0].execute("SELECT 1")

    monkeypatch.undo()
    vault, _ = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    vault.close()


# ---- wrong passphrase ---------------------------------------------------------------------

def test_wrong_passphrase_changes_nothing_but_the_attempt_counter(vault, vault_home, keychain):
    seed_children(vault)
    vault.backup_now()
    vault.close()
    secrets_before = dict(keychain._backend.store)
    before = snapshot(vault_home)
    assert "unlock-attempts.json" not in before

    with pytest.raises(WrongPassphrase) as info:
        Vault.unlock(vault_home, PASSPHRASE + "x", keychain)
    assert info.value.failures == 1
    assert "Nothing was changed" in str(info.value)

    after = snapshot(vault_home)
    assert set(after) - set(before) == {"unlock-attempts.json"}
    assert _without_attempts(after) == before
    assert keychain._backend.store == secrets_before


def test_correct_passphrase_clears_the_attempt_counter(vault, vault_home, keychain):
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, "Something-else-entirely-1", keychain)
    assert (vault_home / "unlock-attempts.json").exists()
    Vault.unlock(vault_home, PASSPHRASE, keychain).close()
    assert not (vault_home / "unlock-attempts.json").exists()


def test_passphrase_is_exact(vault, vault_home, keychain):
    vault.close()
    for near_miss in (PASSPHRASE.lower(), PASSPHRASE + " ", " " + PASSPHRASE, PASSPHRASE[:-1]):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_home, near_miss, keychain)
        (vault_home / "unlock-attempts.json").unlink()


# ---- recovery code ------------------------------------------------------------------------

@pytest.fixture
def fixed_code_vault(vault_home, keychain, monkeypatch):
    """A vault whose recovery code holds 0 and 1, so the O/0 and I/1 confusions can be tried."""
    monkeypatch.setattr(vault_mod.keyslots, "new_recovery_code", lambda: FIXED_CODE)
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    assert code == FIXED_CODE
    seed_children(vault, count=2)
    vault.close()
    return vault_home


def test_recovery_code_format(vault_and_code):
    _, code = vault_and_code
    groups = code.split("-")
    assert [len(g) for g in groups] == [5] * 6
    assert set(code.replace("-", "")) <= set(keyslots.RECOVERY_ALPHABET)
    assert not set("ILOU") & set(code)


@pytest.mark.parametrize("typed", [
    FIXED_CODE,
    FIXED_CODE.lower(),
    FIXED_CODE.replace("-", ""),
    FIXED_CODE.replace("-", " "),
    "  " + FIXED_CODE.replace("-", " - ") + "\n",
    "O1234-56789-ABCDE-FGHJK-MNPQR-STVWX",   # letter O for zero
    "oI234-56789-abcde-fghjk-mnpqr-stvwx",   # o for zero, I for one
    "0L234-56789-ABCDE-FGHJK-MNPQR-STVWX",   # L for one
    "0l23456789abcdefghjkmnpqrstvwx",
])
def test_recovery_code_is_forgiving_about_how_it_is_typed(fixed_code_vault, keychain, typed):
    with Vault.unlock_with_recovery(fixed_code_vault, typed, NEW_PASSPHRASE, keychain,
                                    kdf=FAST_KDF) as vault:
        assert len(child_ids(vault)) == 2


def test_recovery_with_the_real_code_sets_a_new_passphrase(vault_and_code, vault_home, keychain):
    vault, code = vault_and_code
    seed_children(vault, count=3)
    vault.close()
    vid = vault_id(vault_home)
    old_entry = keychain_entry(vault_home)
    old_secret = keychain.device_secret(old_entry)

    with Vault.unlock_with_recovery(vault_home, code.lower().replace("-", ""), NEW_PASSPHRASE,
                                    keychain, kdf=FAST_KDF) as again:
        assert len(child_ids(again)) == 3
        assert _last_audit(again) == ("key.recovered", "vault", vid)
        assert again.verify_audit().ok

    assert keychain_entry(vault_home) != old_entry
    new_secret = keychain.device_secret(keychain_entry(vault_home))
    assert new_secret is not None and new_secret != old_secret
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    with Vault.unlock(vault_home, NEW_PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 3
    # The printed code keeps working.
    Vault.unlock_with_recovery(vault_home, code, PASSPHRASE, keychain, kdf=FAST_KDF).close()


def test_wrong_recovery_code_fails_and_changes_nothing(fixed_code_vault, keychain):
    before = snapshot(fixed_code_vault)
    secrets_before = dict(keychain._backend.store)
    wrong = "01234-56789-ABCDE-FGHJK-MNPQR-STVWY"
    with pytest.raises(WrongRecoveryCode):
        Vault.unlock_with_recovery(fixed_code_vault, wrong, NEW_PASSPHRASE, keychain, kdf=FAST_KDF)
    after = snapshot(fixed_code_vault)
    assert _without_attempts(after) == before
    assert "unlock-attempts.json" in after  # it counts as a failed attempt
    assert keychain._backend.store == secrets_before
    with Vault.unlock(fixed_code_vault, PASSPHRASE, keychain):
        pass


@pytest.mark.parametrize("weak", ["", "short", "password1234", "aaaaaaaaaaaaaaaa"])
def test_recovery_refuses_a_weak_new_passphrase_and_changes_nothing(fixed_code_vault, keychain, weak):
    before = snapshot(fixed_code_vault)
    secrets_before = dict(keychain._backend.store)
    with pytest.raises(WeakPassphrase):
        Vault.unlock_with_recovery(fixed_code_vault, FIXED_CODE, weak, keychain, kdf=FAST_KDF)
    assert snapshot(fixed_code_vault) == before
    assert keychain._backend.store == secrets_before
    with Vault.unlock(fixed_code_vault, PASSPHRASE, keychain):
        pass


def test_passphrase_does_not_open_the_recovery_slot(vault, vault_home, keychain):
    vault.close()
    with pytest.raises(WrongRecoveryCode):
        Vault.unlock_with_recovery(vault_home, PASSPHRASE, NEW_PASSPHRASE, keychain, kdf=FAST_KDF)


# ---- changing the passphrase ----------------------------------------------------------------

def test_change_passphrase_replaces_the_data_key_and_re_encrypts(vault, vault_home, keychain):
    seed_children(vault, count=50)
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    key_before = data_key(vault_home, keychain)
    slots_before = json.loads((vault_home / "keyslots.json").read_text())

    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, keychain)

    assert _last_audit(vault) == ("key.passphrase_changed", "vault", vault_id(vault_home))
    slots_after = json.loads((vault_home / "keyslots.json").read_text())
    assert slots_after["generation"] == slots_before["generation"] + 1
    assert slots_after["slots"]["passphrase"]["salt"] != slots_before["slots"]["passphrase"]["salt"]
    # The recovery code is the same (its public key), re-sealed for the new data key.
    assert slots_after["slots"]["recovery"]["public_key"] == slots_before["slots"]["recovery"]["public_key"]
    assert slots_after["slots"]["recovery"]["wrapped_key"] != slots_before["slots"]["recovery"]["wrapped_key"]
    # Same device secret, same keychain entry: only the passphrase changed.
    assert slots_after["slots"]["passphrase"]["keychain_entry"] == \
        slots_before["slots"]["passphrase"]["keychain_entry"] is not None
    vault.close()

    new_key = data_key(vault_home, keychain, NEW_PASSPHRASE)
    assert new_key != key_before
    with pytest.raises(connection_mod.KeyCheckFailed):
        connection_mod.connect(vault_home / "vault.db", key_before)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    with Vault.unlock(vault_home, NEW_PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 50
        assert again.verify_audit().ok  # rows from before the change still verify
        assert again.setting("vault.key_generation") == str(slots_after["generation"])


def test_change_passphrase_with_the_wrong_old_one_changes_nothing(vault, vault_home, keychain):
    slots_before = (vault_home / "keyslots.json").read_bytes()
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("Not-my-passphrase-at-all-3", NEW_PASSPHRASE, keychain)
    assert (vault_home / "keyslots.json").read_bytes() == slots_before
    with vault.read() as db:
        assert not db.conn.execute("SELECT 1 FROM audit_log WHERE action LIKE 'key.%'").fetchall()


def test_change_passphrase_refuses_a_weak_one(vault, vault_home, keychain):
    slots_before = (vault_home / "keyslots.json").read_bytes()
    with pytest.raises(WeakPassphrase):
        vault.change_passphrase(PASSPHRASE, "password1234", keychain)
    assert (vault_home / "keyslots.json").read_bytes() == slots_before


def test_recovery_code_still_works_after_a_passphrase_change(vault_and_code, vault_home, keychain):
    vault, code = vault_and_code
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, keychain)
    vault.close()
    Vault.unlock_with_recovery(vault_home, code, PASSPHRASE, keychain, kdf=FAST_KDF).close()


# ---- a copied vault -----------------------------------------------------------------------

def test_copied_vault_needs_the_recovery_code_on_another_computer(vault_and_code, vault_home,
                                                                   keychain, tmp_path):
    vault, code = vault_and_code
    seed_children(vault, count=4)
    vault.close()
    copy = tmp_path / "found-on-a-train"
    shutil.copytree(vault_home, copy)
    other_computer = Keychain(MemoryKeyring())

    before = snapshot(copy)
    with pytest.raises(KeychainEntryMissing):
        Vault.unlock(copy, PASSPHRASE, other_computer)
    with pytest.raises(KeychainUnavailable):
        Vault.unlock(copy, PASSPHRASE, None, allow_no_keychain=True)
    assert snapshot(copy) == before

    with Vault.unlock_with_recovery(copy, code, NEW_PASSPHRASE, other_computer, kdf=FAST_KDF) as again:
        assert len(child_ids(again)) == 4
    with Vault.unlock(copy, NEW_PASSPHRASE, other_computer) as again:
        assert len(child_ids(again)) == 4
    # The original, on its own computer, is unaffected.
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 4


def test_recovering_a_copy_on_the_same_computer_leaves_the_original_working(
        vault_and_code, vault_home, keychain, tmp_path):
    vault, code = vault_and_code
    seed_children(vault, count=4)
    vault.close()
    copy = tmp_path / "copy-on-the-desktop"
    shutil.copytree(vault_home, copy)
    original_entry = keychain_entry(vault_home)
    original_secret = keychain.device_secret(original_entry)

    with Vault.unlock_with_recovery(copy, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF) as again:
        seed_children(again, start=4, count=1)
    assert keychain_entry(copy) != original_entry
    assert keychain.device_secret(original_entry) == original_secret
    with Vault.unlock(vault_home, PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 4
    with Vault.unlock(copy, NEW_PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 5

    # And the other way round: recovering the original leaves the recovered copy working.
    third = "Saffron-pylon-quarry-83"
    Vault.unlock_with_recovery(vault_home, code, third, keychain, kdf=FAST_KDF).close()
    with Vault.unlock(copy, NEW_PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 5
    with Vault.unlock(vault_home, third, keychain) as again:
        assert len(child_ids(again)) == 4


def test_failed_recovery_leaves_no_new_keychain_entry(fixed_code_vault, keychain, monkeypatch):
    before = dict(keychain._backend.store)
    slots_before = (fixed_code_vault / "keyslots.json").read_bytes()

    def failing_save(self, path):
        raise OSError("disk full")

    monkeypatch.setattr(keyslots.KeySlotsFile, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        Vault.unlock_with_recovery(fixed_code_vault, FIXED_CODE, NEW_PASSPHRASE, keychain, kdf=FAST_KDF)
    assert keychain._backend.store == before
    assert (fixed_code_vault / "keyslots.json").read_bytes() == slots_before
    monkeypatch.undo()
    Vault.unlock(fixed_code_vault, PASSPHRASE, keychain).close()


# ---- key slot integrity -------------------------------------------------------------------

def _edit_slots(home, edit) -> None:
    path = home / "keyslots.json"
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc))


def test_slots_are_bound_to_their_kind(vault, vault_home, keychain):
    vault.close()

    def swap(doc):
        p, r = doc["slots"]["passphrase"], doc["slots"]["recovery"]
        p["wrapped_key"], r["wrapped_key"] = r["wrapped_key"], p["wrapped_key"]

    _edit_slots(vault_home, swap)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, keychain)


def test_a_changed_wrapped_key_is_refused(vault, vault_home, keychain):
    vault.close()

    def flip(doc):
        raw = bytearray(base64.b64decode(doc["slots"]["passphrase"]["wrapped_key"]))
        raw[0] ^= 1
        doc["slots"]["passphrase"]["wrapped_key"] = base64.b64encode(bytes(raw)).decode()

    _edit_slots(vault_home, flip)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, keychain)


def test_dropping_the_keychain_entry_does_not_help(vault, vault_home, keychain):
    vault.close()
    _edit_slots(vault_home, lambda d: d["slots"]["passphrase"].update(keychain_entry=None))
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, None, allow_no_keychain=True)


def test_pointing_the_slot_at_another_entry_does_not_help(vault, vault_home, keychain, tmp_path):
    vault.close()
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, keychain, kdf=FAST_KDF)
    other.close()
    entry = keychain_entry(tmp_path / "other")
    _edit_slots(vault_home, lambda d: d["slots"]["passphrase"].update(keychain_entry=entry))
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, keychain)


@pytest.mark.parametrize("entry", [42, "", "not-an-id", "../../etc", "6F9619FF-8B86-D011-B42D-00C04FC964FF"])
def test_a_malformed_keychain_entry_is_reported_as_damage(vault, vault_home, keychain, entry):
    vault.close()
    _edit_slots(vault_home, lambda d: d["slots"]["passphrase"].update(keychain_entry=entry))
    before = dict(keychain._backend.store)
    with pytest.raises(IroError, match="damaged"):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert keychain._backend.store == before


@pytest.mark.parametrize("content,match", [
    (b"{not json", "damaged"),
    (b'{"format": 1}', "damaged"),
    (b'{"format": 3, "vault_id": "x", "slots": {}}', "does not understand"),
    (b'{"format": 2, "vault_id": "x", "slots": {}}', "damaged"),
    (b"", "damaged"),
])
def test_damaged_key_slots_file_is_reported_and_the_database_untouched(vault, vault_home, keychain,
                                                                        content, match):
    vault.close()
    (vault_home / "keyslots.json").write_bytes(content)
    before = snapshot(vault_home)
    with pytest.raises(IroError, match=match):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert snapshot(vault_home) == before


def test_key_slots_from_another_vault_do_not_open_this_one(vault, vault_home, keychain, tmp_path):
    vault.close()
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, keychain, kdf=FAST_KDF)
    other.close()
    shutil.copyfile(tmp_path / "other" / "keyslots.json", vault_home / "keyslots.json")
    before = (vault_home / "vault.db").read_bytes()
    with pytest.raises(VaultCorrupt):  # with no backup to compare, it cannot tell from damage
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert (vault_home / "vault.db").read_bytes() == before


def test_kdf_parameters_are_kept_in_the_slot(vault, vault_home):
    doc = json.loads((vault_home / "keyslots.json").read_text())
    for slot in doc["slots"].values():
        assert slot["kdf"] == {"time_cost": 1, "memory_kib": 1024, "parallelism": 1}
        assert len(slot["salt"]) == 24 and len(slot["nonce"]) == 16  # 16 and 12 bytes
    assert doc["slots"]["passphrase"]["salt"] != doc["slots"]["recovery"]["salt"]


def test_calibration_gives_sensible_argon2id_parameters():
    params = keyslots.calibrate(target_seconds=0.01, memory_kib=8 * 1024, parallelism=1)
    assert 3 <= params.time_cost <= 40  # never below the floor, however fast the target
    assert params.memory_kib == 8 * 1024


def test_unlocking_an_empty_folder_says_there_is_no_vault(tmp_path, keychain):
    home = tmp_path / "nothing-here"
    with pytest.raises(VaultNotFound):
        Vault.unlock(home, PASSPHRASE, keychain)
    assert not home.exists()


def test_a_new_recovery_code_replaces_the_old_one(vault_and_code, vault_home, keychain):
    vault, old_code = vault_and_code
    with pytest.raises(WrongPassphrase):
        vault.replace_recovery_code("not-my-passphrase-at-all", keychain)
    new_code = vault.replace_recovery_code(PASSPHRASE, keychain)
    assert new_code != old_code
    vault.close()
    with pytest.raises(WrongRecoveryCode):
        Vault.unlock_with_recovery(vault_home, old_code, "Fresh-lantern-quarry-93", keychain)
    again = Vault.unlock_with_recovery(vault_home, new_code, "Fresh-lantern-quarry-93", keychain)
    try:
        assert [r[0] for r in again.conn.execute(
            "SELECT action FROM audit_log WHERE action LIKE 'key.%' ORDER BY seq")] == [
            "key.rotated", "key.recovery_code_replaced", "key.rotated", "key.recovered"]
    finally:
        again.close()


def test_wrong_passphrases_while_unlocked_count_towards_the_delay(vault, keychain):
    for attempt in range(3):
        with pytest.raises(WrongPassphrase) as info:
            vault.change_passphrase("guess-number-%d-wrong" % attempt, "Fresh-lantern-quarry-93", keychain)
    assert info.value.failures == 3 and info.value.retry_after > 0
    with pytest.raises(UnlockThrottled):
        vault.replace_recovery_code(PASSPHRASE, keychain)
