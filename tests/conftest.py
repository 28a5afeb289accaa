import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from iro_desktop.vault import KdfParams, Keychain, Vault, kdf  # noqa: E402
from tests.support.memory_keyring import MemoryKeyring  # noqa: E402

# Tiny Argon2 cost so the suite stays quick; real vaults calibrate to ~0.5 s.
FAST_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
# Below the bounds a key file's settings must keep: allowed (and used for every new slot) in
# test processes only, by this call; nothing on disk can allow it.
kdf.use_test_kdf(FAST_KDF)
PASSPHRASE = "Kettle-orbit-meadow-42"
MARKERS = ("Zebediah", "Quillfeather", "Xanthippe-Marker")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test may touch the real user data folder or policy."""
    monkeypatch.setenv("IRO_DESKTOP_HOME", str(tmp_path / "default-home"))
    monkeypatch.delenv("IRO_DESKTOP_POLICY", raising=False)


@pytest.fixture
def keychain():
    return Keychain(MemoryKeyring())


@pytest.fixture
def vault_home(tmp_path):
    return tmp_path / "vault"


@pytest.fixture
def vault_and_code(vault_home, keychain):
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    yield vault, code
    vault.close()


@pytest.fixture
def vault(vault_and_code):
    return vault_and_code[0]
