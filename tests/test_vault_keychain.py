"""The OS keychain: device secrets, missing entries, no keychain, council policy, insecure backends."""

from __future__ import annotations

import base64
import json

import keyring
import keyring.errors
import pytest
from keyring.backends import chainer, fail, null
from keyrings.alt.file import EncryptedKeyring, PlaintextKeyring

from iro_desktop.errors import (
    InsecureKeychain, IroError, KeychainEntryMissing, KeychainRequiredByPolicy,
    KeychainUnavailable, WrongPassphrase,
)
from iro_desktop.vault import Keychain, Vault
from iro_desktop.vault.keychain import SERVICE, secure_backend, system_keychain_or_reason
from iro_desktop.vault.policy import POLICY_ENV, Policy

from tests.conftest import FAST_KDF, PASSPHRASE
from tests.support.memory_keyring import MemoryKeyring
from tests.support.vault_helpers import (
    child_ids, data_key, files_under, keychain_entry, seed_children, snapshot, vault_id,
)

NEW_PASSPHRASE = "Harbour-lantern-copper-57"


def _slot_uses_device_secret(home) -> bool:
    doc = json.loads((home / "keyslots.json").read_text())
    return doc["slots"]["passphrase"]["keychain_entry"] is not None


# ---- device secret ------------------------------------------------------------------------

def test_create_stores_one_device_secret_for_the_vault(vault, vault_home, keychain):
    store = keychain._backend.store
    entry = keychain_entry(vault_home)
    assert list(store) == [(SERVICE, f"device-secret:{entry}")]
    assert entry != vault_id(vault_home)  # named for the key slot, not for the vault
    assert len(keychain.device_secret(entry)) == 32
    assert _slot_uses_device_secret(vault_home)


def test_every_new_device_secret_gets_a_new_entry(vault_and_code, vault_home, keychain, tmp_path):
    vault, code = vault_and_code
    vault.close()
    entries = [keychain_entry(vault_home)]
    for _ in range(2):
        Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF).close()
        entries.append(keychain_entry(vault_home))
    Vault.create(tmp_path / "second", PASSPHRASE, keychain, kdf=FAST_KDF)[0].close()
    entries.append(keychain_entry(tmp_path / "second"))
    assert len(set(entries)) == 4
    assert {(SERVICE, f"device-secret:{e}") for e in entries} == set(keychain._backend.store)
    assert len({keychain.device_secret(e) for e in entries}) == 4


def test_missing_keychain_entry_then_recovery(vault_and_code, vault_home, keychain):
    vault, code = vault_and_code
    seed_children(vault, count=3)
    vault.close()
    old_entry = keychain_entry(vault_home)
    old_secret = keychain.device_secret(old_entry)
    keychain.delete_device_secret(old_entry)
    assert keychain.device_secret(old_entry) is None

    before = snapshot(vault_home)
    with pytest.raises(KeychainEntryMissing, match="recovery code"):
        Vault.unlock(vault_home, PASSPHRASE, keychain)
    assert snapshot(vault_home) == before  # not even the attempt counter: it is not a wrong guess

    with Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF) as again:
        assert len(child_ids(again)) == 3
    assert keychain_entry(vault_home) != old_entry
    new_secret = keychain.device_secret(keychain_entry(vault_home))
    assert new_secret is not None and new_secret != old_secret
    assert _slot_uses_device_secret(vault_home)
    with Vault.unlock(vault_home, NEW_PASSPHRASE, keychain) as again:
        assert len(child_ids(again)) == 3


def test_a_different_device_secret_does_not_open_the_vault(vault, vault_home, keychain):
    vault.close()
    # The keychain entry now holds another secret.
    keychain._backend.set_password(SERVICE, f"device-secret:{keychain_entry(vault_home)}",
                                   base64.b64encode(bytes(32)).decode())
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, PASSPHRASE, keychain)


class _RefusingKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("locked")


class _ForgetfulKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        pass


class _UnreadableKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")


@pytest.mark.parametrize("backend", [_RefusingKeyring, _ForgetfulKeyring])
def test_keychain_that_will_not_keep_the_secret_stops_set_up(vault_home, backend):
    with pytest.raises(KeychainUnavailable):
        Vault.create(vault_home, PASSPHRASE, Keychain(backend()), kdf=FAST_KDF)
    assert [p.name for p in files_under(vault_home)] in ([], ["vault.lock"])
    Vault.create(vault_home, PASSPHRASE, Keychain(MemoryKeyring()), kdf=FAST_KDF)[0].close()


def test_keychain_that_cannot_be_read_at_unlock(vault, vault_home, keychain):
    vault.close()
    unreadable = _UnreadableKeyring()
    unreadable.store.update(keychain._backend.store)
    before = snapshot(vault_home)
    with pytest.raises(KeychainUnavailable, match="could not be read"):
        Vault.unlock(vault_home, PASSPHRASE, Keychain(unreadable))
    assert snapshot(vault_home) == before


# ---- no keychain --------------------------------------------------------------------------

def test_no_keychain_without_consent_is_refused(vault_home):
    with pytest.raises(KeychainUnavailable, match="passphrase alone"):
        Vault.create(vault_home, PASSPHRASE, None, kdf=FAST_KDF)
    assert not vault_home.exists()


def test_no_keychain_with_consent_makes_a_passphrase_only_vault(vault_home):
    vault, code = Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    seed_children(vault, count=2)
    vault.close()
    assert not _slot_uses_device_secret(vault_home)
    with Vault.unlock(vault_home, PASSPHRASE, None, allow_no_keychain=True) as again:
        assert len(child_ids(again)) == 2
    # A keychain that appears later is not needed to open it.
    Vault.unlock(vault_home, PASSPHRASE, Keychain(MemoryKeyring())).close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_home, NEW_PASSPHRASE, None, allow_no_keychain=True)
    Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, None, allow_no_keychain=True,
                               kdf=FAST_KDF).close()
    Vault.unlock(vault_home, NEW_PASSPHRASE, None, allow_no_keychain=True).close()


def test_keychain_vault_cannot_be_opened_without_the_keychain(vault, vault_home):
    vault.close()
    before = snapshot(vault_home)
    for allow in (False, True):
        with pytest.raises(KeychainUnavailable, match="recovery code"):
            Vault.unlock(vault_home, PASSPHRASE, None, allow_no_keychain=allow)
    assert snapshot(vault_home) == before


def test_recovery_without_a_keychain_needs_consent(vault_and_code, vault_home):
    vault, code = vault_and_code
    vault.close()
    before = snapshot(vault_home)
    with pytest.raises(KeychainUnavailable):
        Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, None, kdf=FAST_KDF)
    assert snapshot(vault_home) == before
    Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, None, allow_no_keychain=True,
                               kdf=FAST_KDF).close()
    assert not _slot_uses_device_secret(vault_home)
    Vault.unlock(vault_home, NEW_PASSPHRASE, None).close()


# ---- council policy -----------------------------------------------------------------------

def _deploy_policy(folder, doc) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.json").write_text(json.dumps(doc), encoding="utf-8")


def test_policy_forbids_a_passphrase_only_vault(vault_home):
    _deploy_policy(vault_home, {"require_keychain": True})
    with pytest.raises(KeychainRequiredByPolicy):
        Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    assert [p.name for p in files_under(vault_home)] == ["policy.json"]
    # With a keychain the same policy is satisfied.
    Vault.create(vault_home, PASSPHRASE, Keychain(MemoryKeyring()), kdf=FAST_KDF)[0].close()


def test_policy_from_the_environment(vault_home, tmp_path, monkeypatch):
    policy = tmp_path / "council" / "policy.json"
    policy.parent.mkdir()
    policy.write_text('{"require_keychain": true}')
    monkeypatch.setenv(POLICY_ENV, str(policy))
    with pytest.raises(KeychainRequiredByPolicy):
        Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)


def test_policy_deployed_later_stops_passphrase_only_use(vault_home):
    vault, code = Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    vault.close()
    _deploy_policy(vault_home, {"require_keychain": True})
    with pytest.raises(KeychainRequiredByPolicy):
        Vault.unlock(vault_home, PASSPHRASE, None, allow_no_keychain=True)
    with pytest.raises(KeychainRequiredByPolicy):
        Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, None, allow_no_keychain=True,
                                   kdf=FAST_KDF)
    # Recovering onto a keychain brings the vault within the policy.
    keychain = Keychain(MemoryKeyring())
    Vault.unlock_with_recovery(vault_home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF).close()
    assert _slot_uses_device_secret(vault_home)
    Vault.unlock(vault_home, NEW_PASSPHRASE, keychain).close()


@pytest.fixture
def passphrase_only(vault_home):
    """A closed passphrase-only vault with three children, made before any policy existed."""
    vault, code = Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    seed_children(vault, count=3)
    vault.close()
    assert not _slot_uses_device_secret(vault_home)
    return vault_home, code


def _slots(home) -> dict:
    return json.loads((home / "keyslots.json").read_text())


def _audit_actions(vault) -> list[str]:
    with vault.read() as db:
        return [r[0] for r in db.conn.execute("SELECT action FROM audit_log ORDER BY seq")]


def test_policy_moves_a_passphrase_only_vault_onto_the_keychain(passphrase_only):
    home, code = passphrase_only
    key_before = data_key(home, None)
    slots_before = _slots(home)
    _deploy_policy(home, {"require_keychain": True})
    keychain = Keychain(MemoryKeyring())

    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        assert len(child_ids(vault)) == 3
        assert _audit_actions(vault)[-1] == "key.moved_to_keychain"
        assert vault.verify_audit().ok

    entry = keychain_entry(home)
    assert entry is not None
    assert list(keychain._backend.store) == [(SERVICE, f"device-secret:{entry}")]
    slots_after = _slots(home)
    assert slots_after["slots"]["recovery"] == slots_before["slots"]["recovery"]
    # Fresh settings, never the ones read from the file (here: the tests' own).
    assert slots_after["slots"]["passphrase"]["kdf"] == slots_before["slots"]["passphrase"]["kdf"]
    assert slots_after["slots"]["passphrase"]["salt"] != slots_before["slots"]["passphrase"]["salt"]
    assert slots_after["vault_id"] == slots_before["vault_id"] and slots_after["format"] == 2
    assert data_key(home, keychain) == key_before  # rewrapped, not re-keyed
    assert not list(home.glob(".keyslots.json.*"))  # written by atomic replace, no temp left

    # The passphrase alone no longer opens it, and the keychain is not asked for a second move.
    with pytest.raises(KeychainUnavailable):
        Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True)
    with pytest.raises(KeychainEntryMissing):
        Vault.unlock(home, PASSPHRASE, Keychain(MemoryKeyring()))
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        assert _audit_actions(vault).count("key.moved_to_keychain") == 1
    assert keychain_entry(home) == entry and len(keychain._backend.store) == 1
    Vault.unlock_with_recovery(home, code, NEW_PASSPHRASE, keychain, kdf=FAST_KDF).close()


def test_policy_with_no_keychain_refuses_and_changes_nothing(passphrase_only):
    home, _ = passphrase_only
    _deploy_policy(home, {"require_keychain": True})
    before = snapshot(home)
    for passphrase in (PASSPHRASE, NEW_PASSPHRASE):
        with pytest.raises(KeychainRequiredByPolicy):
            Vault.unlock(home, passphrase, None, allow_no_keychain=True)
    assert snapshot(home) == before


def test_no_move_without_the_policy(passphrase_only):
    home, _ = passphrase_only
    keychain = Keychain(MemoryKeyring())
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        assert "key.moved_to_keychain" not in _audit_actions(vault)
    assert not _slot_uses_device_secret(home) and keychain._backend.store == {}


def test_policy_wrong_passphrase_does_not_move(passphrase_only):
    home, _ = passphrase_only
    _deploy_policy(home, {"require_keychain": True})
    keychain = Keychain(MemoryKeyring())
    slots_before = (home / "keyslots.json").read_bytes()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(home, NEW_PASSPHRASE, keychain)
    assert (home / "keyslots.json").read_bytes() == slots_before
    assert keychain._backend.store == {}


@pytest.mark.parametrize("failure", ["keychain refuses", "key file cannot be saved"])
def test_a_failed_move_refuses_the_unlock_and_changes_nothing(passphrase_only, monkeypatch, failure):
    from iro_desktop.vault import keyslots

    home, _ = passphrase_only
    _deploy_policy(home, {"require_keychain": True})
    slots_before = (home / "keyslots.json").read_bytes()
    keychain = Keychain(MemoryKeyring())
    if failure == "keychain refuses":
        keychain = Keychain(_RefusingKeyring())
        expected = KeychainUnavailable
    else:
        def failing_save(self, path):
            raise OSError("disk full")

        monkeypatch.setattr(keyslots.KeySlotsFile, "save", failing_save)
        expected = OSError
    with pytest.raises(expected):
        Vault.unlock(home, PASSPHRASE, keychain)
    assert (home / "keyslots.json").read_bytes() == slots_before
    assert keychain._backend.store == {}
    monkeypatch.undo()
    # Nothing was left open or locked: a working keychain completes the move.
    working = Keychain(MemoryKeyring())
    with Vault.unlock(home, PASSPHRASE, working) as vault:
        assert _audit_actions(vault).count("key.moved_to_keychain") == 1
    assert _slot_uses_device_secret(home)


def test_a_key_file_changed_during_the_unlock_is_not_overwritten(passphrase_only, monkeypatch):
    from iro_desktop.vault import keyslots
    from iro_desktop.vault import vault as vault_mod

    home, _ = passphrase_only
    _deploy_policy(home, {"require_keychain": True})
    key = data_key(home, None)
    real_open = vault_mod.Vault._open.__func__

    def open_after_another_change(cls, paths, data_key_):
        # Another copy of the app changed the passphrase between reading the key file and
        # taking the vault's lock.
        slots = keyslots.KeySlotsFile.load(paths.slots)
        slots.slots[keyslots.PASSPHRASE] = keyslots.make_slot(
            slots.vault_id, keyslots.PASSPHRASE, key, NEW_PASSPHRASE.encode(), FAST_KDF)
        slots.save(paths.slots)
        return real_open(cls, paths, data_key_)

    monkeypatch.setattr(vault_mod.Vault, "_open", classmethod(open_after_another_change))
    keychain = Keychain(MemoryKeyring())
    with pytest.raises(IroError, match="changed while it was being unlocked"):
        Vault.unlock(home, PASSPHRASE, keychain)
    changed = (home / "keyslots.json").read_bytes()
    assert keychain._backend.store == {}
    monkeypatch.undo()
    assert (home / "keyslots.json").read_bytes() == changed
    Vault.unlock(home, NEW_PASSPHRASE, keychain).close()  # the other change stands, then moves
    assert _slot_uses_device_secret(home)


def test_policy_moves_the_vault_when_restoring_a_backup(passphrase_only):
    home, _ = passphrase_only
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        backup = vault.backup_now()
    _deploy_policy(home, {"require_keychain": True})
    keychain = Keychain(MemoryKeyring())
    with Vault.restore_backup(home, PASSPHRASE, keychain, backup) as vault:
        assert len(child_ids(vault)) == 3
        assert "key.moved_to_keychain" in _audit_actions(vault)
    assert _slot_uses_device_secret(home)
    Vault.unlock(home, PASSPHRASE, keychain).close()


def test_policy_moves_the_vault_when_the_passphrase_changes(passphrase_only):
    home, _ = passphrase_only
    keychain = Keychain(MemoryKeyring())
    with Vault.unlock(home, PASSPHRASE, keychain) as vault:
        _deploy_policy(home, {"require_keychain": True})  # deployed while the vault was open
        with pytest.raises(KeychainRequiredByPolicy):
            vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, None, allow_no_keychain=True)
        assert not _slot_uses_device_secret(home)
        vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, keychain)
        assert _audit_actions(vault)[-2:] == ["key.passphrase_changed", "key.moved_to_keychain"]
    assert _slot_uses_device_secret(home)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(home, PASSPHRASE, keychain)
    Vault.unlock(home, NEW_PASSPHRASE, keychain).close()


def test_policy_defaults_and_damage(vault_home):
    assert Policy.load(vault_home) == Policy()
    _deploy_policy(vault_home, {"require_keychain": False, "idle_lock_minutes_max": 10})
    assert Policy.load(vault_home) == Policy(False, 10)
    (vault_home / "policy.json").write_text("{broken")
    with pytest.raises(IroError, match="council policy file"):
        Policy.load(vault_home)
    with pytest.raises(IroError, match="council policy file"):
        Vault.create(vault_home, PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)


# ---- which backends are accepted ------------------------------------------------------------

@pytest.fixture
def restore_keyring():
    original = keyring.get_keyring()
    yield
    keyring.set_keyring(original)
    assert keyring.get_keyring() is original


class _LooksLikeWindows(MemoryKeyring):
    """Stands in for a secure OS backend, so the refusals below are shown to be specific."""


_LooksLikeWindows.__module__ = "keyring.backends.Windows"


class _RefusingWindows(_RefusingKeyring):
    """A secure OS backend that will not store anything (a locked keychain, say)."""


_RefusingWindows.__module__ = "keyring.backends.Windows"


def _chain(*backends):
    return type("Chain", (chainer.ChainerBackend,), {"backends": list(backends)})()


def test_plaintext_keyring_is_refused(restore_keyring, tmp_path):
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(plain)
    with pytest.raises(InsecureKeychain, match="keyrings.alt.file.PlaintextKeyring"):
        Keychain.system()
    keychain, reason = system_keychain_or_reason()
    assert keychain is None and "without protection" in reason
    assert not (tmp_path / "keyring_pass.cfg").exists()


def test_keyrings_alt_encrypted_file_keyring_is_refused(restore_keyring):
    # Built without __init__, which wants pycryptodome; the refusal depends on the type alone.
    keyring.set_keyring(EncryptedKeyring.__new__(EncryptedKeyring))
    with pytest.raises(InsecureKeychain, match="EncryptedKeyring"):
        Keychain.system()


@pytest.mark.parametrize("backend", [null.Keyring, fail.Keyring], ids=["null", "fail"])
def test_null_and_fail_backends_mean_no_keychain(restore_keyring, backend):
    keyring.set_keyring(backend())
    with pytest.raises(KeychainUnavailable):
        Keychain.system()
    assert system_keychain_or_reason()[0] is None


def test_chainer_uses_only_its_secure_member(restore_keyring, tmp_path):
    """keyrings.alt beside Secret Service (a common Linux desktop): use Secret Service alone."""
    from keyring.backends import SecretService, libsecret

    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "keyring_pass.cfg")
    secret_service = SecretService.Keyring()
    keyring.set_keyring(_chain(secret_service, plain, null.Keyring()))
    assert Keychain.system()._backend is secret_service
    # The highest-priority secure member, wherever the insecure ones sit in the chain.
    keyring.set_keyring(_chain(plain, fail.Keyring(), secret_service, libsecret.Keyring()))
    assert Keychain.system()._backend is secret_service
    keychain, reason = system_keychain_or_reason()
    assert keychain._backend is secret_service and reason is None


def test_a_chained_keychain_never_falls_through_to_plaintext(restore_keyring, tmp_path):
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "keyring_pass.cfg")
    secure = _LooksLikeWindows()
    keyring.set_keyring(_chain(secure, plain))
    keychain = Keychain.system()
    entry, secret = keychain.create_device_secret()
    assert keychain.device_secret(entry) == secret
    assert len(secure.store) == 1
    assert not (tmp_path / "keyring_pass.cfg").exists()

    # A secure member that refuses to keep the secret is an error, not a reason to try the next.
    keyring.set_keyring(_chain(_RefusingWindows(), plain))
    with pytest.raises(KeychainUnavailable, match="refused"):
        Keychain.system().create_device_secret()
    assert not (tmp_path / "keyring_pass.cfg").exists()


@pytest.mark.parametrize("members,error", [
    ([PlaintextKeyring], InsecureKeychain),
    ([PlaintextKeyring, null.Keyring], InsecureKeychain),
    ([null.Keyring, PlaintextKeyring, fail.Keyring], InsecureKeychain),
    ([null.Keyring, fail.Keyring], KeychainUnavailable),
    ([], KeychainUnavailable),
], ids=["plaintext", "plaintext+null", "null+plaintext+fail", "null+fail", "empty"])
def test_chainer_without_a_secure_member_is_refused(restore_keyring, members, error):
    keyring.set_keyring(_chain(*(cls() for cls in members)))
    with pytest.raises(error):
        Keychain.system()
    assert system_keychain_or_reason()[0] is None


def test_chainer_as_keyring_builds_it_is_refused_with_plaintext_installed(restore_keyring, monkeypatch):
    import keyring.backend

    monkeypatch.setattr(keyring.backend, "get_all_keyring",
                        lambda: [PlaintextKeyring(), null.Keyring(), fail.Keyring()])
    keyring.set_keyring(chainer.ChainerBackend())
    with pytest.raises(InsecureKeychain):
        Keychain.system()


def test_empty_chainer_means_no_keychain():
    with pytest.raises(KeychainUnavailable):
        secure_backend(_chain())


def test_a_lone_insecure_backend_is_still_refused():
    with pytest.raises(InsecureKeychain):
        secure_backend(PlaintextKeyring())
    secure = _LooksLikeWindows()
    assert secure_backend(secure) is secure


def test_only_known_os_backends_are_accepted(restore_keyring):
    keyring.set_keyring(MemoryKeyring())  # not an OS keychain, however harmless
    with pytest.raises(InsecureKeychain):
        Keychain.system()
    keyring.set_keyring(_LooksLikeWindows())
    assert isinstance(Keychain.system(), Keychain)
    assert system_keychain_or_reason()[1] is None
