"""Keys, key slots, the SQLCipher connection, migrations, backups and the audit log."""

from iro_desktop.vault.keychain import Keychain
from iro_desktop.vault.keyslots import KdfParams
from iro_desktop.vault.vault import Tx, Vault, vault_exists

__all__ = ["Keychain", "KdfParams", "Tx", "Vault", "vault_exists"]
