"""The per-vault device secret, kept in the OS keychain.

Mixing a device secret into the passphrase slot means a copied vault file cannot be attacked
with the passphrase alone: the attacker also needs this computer's keychain (or the recovery
code). Only secure backends are used; ``keyrings.alt`` and the null/fail backends store
nothing safely or nothing at all, so they are refused (or, inside keyring's chainer, skipped).
"""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING

from iro_desktop.errors import InsecureKeychain, KeychainUnavailable
from iro_desktop.vault import keyslots

if TYPE_CHECKING:
    import keyring.backend

# keyring is imported where it is first needed, not at start-up: importing it and finding the
# system's backend takes a noticeable part of a second, and the unlock screen needs neither.

SERVICE = "IRO Desktop"

# Module prefixes of the keyring backends that keep secrets encrypted by the OS.
SECURE_BACKEND_MODULES = (
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.libsecret",
)


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    return any(module == m or module.startswith(m + ".") for m in SECURE_BACKEND_MODULES)


def _members(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    """A chainer's backends in its own order (highest priority first), nested chainers opened."""
    from keyring.backends import chainer

    if not isinstance(backend, chainer.ChainerBackend):
        return [backend]
    return [m for inner in backend.backends for m in _members(inner)]


def secure_backend(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    """The one secure backend to keep device secrets in, or an error saying why there is none.

    keyring's default is often a chainer that tries every installed backend in turn, so a Linux
    desktop with keyrings.alt installed chains Secret Service with a plain-text file. From a
    chainer we take its highest-priority secure member and use it directly, never the chainer:
    a failure there is reported, and nothing can ever fall through to an insecure backend.
    """
    from keyring.backends import fail, null

    members = _members(backend)
    secure = [b for b in members if _is_secure(b)]
    if secure:
        return secure[0]
    insecure = [b for b in members if not isinstance(b, (fail.Keyring, null.Keyring))]
    if insecure:
        raise InsecureKeychain(_backend_name(insecure[0]))
    raise KeychainUnavailable("no keychain service is running")


class Keychain:
    """Reads and writes device secrets through one keyring backend.

    ``Keychain.system()`` checks the OS backend; tests pass an in-memory backend directly.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend) -> None:
        self._backend = backend

    @classmethod
    def system(cls) -> "Keychain":
        import keyring

        return cls(secure_backend(keyring.get_keyring()))

    @staticmethod
    def _user(entry: str) -> str:
        return f"device-secret:{entry}"

    def create_device_secret(self) -> tuple[str, bytes]:
        """A new random device secret under a new entry name: ``(entry, secret)``.

        Never reuses a name, so making a secret for one vault (or a copy of it) cannot replace
        the secret another key slot depends on.
        """
        from keyring.errors import KeyringError

        entry = keyslots.new_keychain_entry()
        secret = secrets.token_bytes(32)
        try:
            self._backend.set_password(SERVICE, self._user(entry), base64.b64encode(secret).decode())
        except KeyringError as exc:
            raise KeychainUnavailable(f"the keychain refused to store a secret: {type(exc).__name__}") from exc
        if self.device_secret(entry) != secret:
            self.delete_device_secret(entry)
            raise KeychainUnavailable("the keychain did not keep the secret it was given")
        return entry, secret

    def device_secret(self, entry: str) -> bytes | None:
        from keyring.errors import KeyringError

        try:
            value = self._backend.get_password(SERVICE, self._user(entry))
        except KeyringError as exc:
            raise KeychainUnavailable(f"the keychain could not be read: {type(exc).__name__}") from exc
        return base64.b64decode(value) if value else None

    def delete_device_secret(self, entry: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            self._backend.delete_password(SERVICE, self._user(entry))
        except PasswordDeleteError:
            pass


def system_keychain_or_reason() -> tuple[Keychain | None, str | None]:
    """The OS keychain, or None and the reason it cannot be used (for the UI to explain)."""
    try:
        return Keychain.system(), None
    except (KeychainUnavailable, InsecureKeychain) as exc:
        return None, str(exc)
