from iro_desktop.vault import Vault

from tests.conftest import PASSPHRASE


def test_create_close_unlock(vault, vault_home, keychain):
    with vault.transaction() as tx:
        tx.set_setting("council_area", "Northshire")
    vault.close()
    again = Vault.unlock(vault_home, PASSPHRASE, keychain)
    try:
        assert again.setting("council_area") == "Northshire"
        assert again.verify_audit().ok
    finally:
        again.close()
