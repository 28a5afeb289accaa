"""Errors the user can act on.

Every message says what is wrong and what to do. Messages never carry names, addresses or
free text. A validation message may quote the offending date, code or number so the person who
typed or imported it can find it; such messages are shown to that person (on screen, or on the
stderr of the command they ran) and are never written to a log.
"""

from __future__ import annotations

from pathlib import Path


class IroError(Exception):
    """Base class: ``str(error)`` is a complete, user-facing sentence."""


class VaultNotFound(IroError):
    def __init__(self, home: Path) -> None:
        super().__init__(
            f"No vault was found in {home}. Create one with 'iro-desktop init' "
            "or start the app to run the set-up."
        )
        self.home = home


class VaultExists(IroError):
    def __init__(self, home: Path) -> None:
        super().__init__(
            f"A vault already exists in {home}. It was left untouched; choose another folder "
            "with --vault if you want a second vault."
        )


class WrongPassphrase(IroError):
    def __init__(self, failures: int, retry_after: float) -> None:
        msg = "That passphrase is not right. Nothing was changed."
        if retry_after > 0:
            msg += f" After {failures} failed attempts you must wait {retry_after:.0f} seconds before trying again."
        super().__init__(msg)
        self.failures = failures
        self.retry_after = retry_after


class WrongRecoveryCode(IroError):
    def __init__(self) -> None:
        super().__init__(
            "That recovery code is not right. Check it against the printed copy "
            "(letters and digits; dashes and spaces do not matter). Nothing was changed."
        )


class UnlockThrottled(IroError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(
            f"Too many wrong attempts. Wait {retry_after:.0f} seconds, then try again."
        )
        self.retry_after = retry_after


class KeychainUnavailable(IroError):
    """No secure OS keychain on this machine."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "This computer has no secure keychain (" + detail + "). Without one, your vault is "
            "protected by your passphrase alone, and a copy of the vault file could be attacked "
            "on another computer. Ask your council IT team to enable a keychain, or continue "
            "on passphrase alone if your council allows it."
        )
        self.detail = detail


class InsecureKeychain(IroError):
    def __init__(self, backend_name: str) -> None:
        super().__init__(
            f"The keychain backend '{backend_name}' stores secrets without protection, so "
            "IRO Desktop will not use it. Remove the 'keyrings.alt' package or configure a "
            "secure keychain (Windows Credential Locker, macOS Keychain, Secret Service or KWallet)."
        )


class KeychainRequiredByPolicy(IroError):
    def __init__(self) -> None:
        super().__init__(
            "Your council's policy requires a secure keychain, and this computer has none. "
            "Contact your council IT team; the vault cannot be used on passphrase alone here."
        )


class KeychainEntryMissing(IroError):
    def __init__(self) -> None:
        super().__init__(
            "This vault's device secret is missing from the keychain (it may have been copied "
            "to a new computer, or the keychain was reset). Unlock with your recovery code "
            "instead, then choose a new passphrase. The vault itself has not been touched."
        )


class VaultCorrupt(IroError):
    def __init__(self, path: Path, latest_backup: Path | None, detail: str = "") -> None:
        msg = f"The vault file {path} is damaged and cannot be read"
        msg += f" ({detail})." if detail else "."
        if latest_backup is not None:
            msg += (
                f" The latest backup is {latest_backup.name}; restore it from the unlock screen "
                "or with 'iro-desktop backup restore'."
            )
        else:
            msg += " No backup was found. Do not delete the file: contact your council IT team."
        msg += " Nothing was overwritten."
        super().__init__(msg)
        self.path = path
        self.latest_backup = latest_backup


class VaultFromNewerVersion(IroError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This vault was written by a newer version of IRO Desktop (format {found}; this "
            f"version understands up to {supported}). Install the newer version to open it. "
            "Nothing was changed."
        )


class NoEncryption(IroError):
    def __init__(self) -> None:
        super().__init__(
            "The database driver on this computer has no encryption (SQLCipher is missing), so "
            "IRO Desktop will not store any data. Reinstall IRO Desktop."
        )


class VaultInUse(IroError):
    def __init__(self, home: Path) -> None:
        super().__init__(
            f"The vault in {home} is already open in another copy of IRO Desktop. "
            "Switch to that window, or close it first."
        )


class VaultLocked(IroError):
    def __init__(self) -> None:
        super().__init__("The vault is locked. Unlock it first.")


class WeakPassphrase(IroError):
    pass


class ValidationError(IroError):
    """One or more field problems; ``problems`` lists (where, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = [f"{where}: {msg}" if where else msg for where, msg in problems]
        super().__init__("\n".join(lines))


class KdfSettingsRefused(IroError):
    """A key slot's Argon2 settings are outside the bounds (or not numbers at all)."""

    def __init__(self) -> None:
        super().__init__(
            "The key file keyslots.json holds key-protection settings that are out of range, so "
            "IRO Desktop will not use it: it has been damaged or tampered with. Put back this "
            "vault's own key file from a backup copy of the vault folder, or contact your council "
            "IT team. The vault itself was not touched."
        )


class KeySlotsTampered(IroError):
    def __init__(self) -> None:
        super().__init__(
            "The key file keyslots.json has been changed by something other than IRO Desktop "
            "(its settings no longer match their seal), so it will not be used. Put back this "
            "vault's own key file from a backup copy of the vault folder, or contact your council "
            "IT team. The vault itself was not touched."
        )


class KeyFileOutOfDate(IroError):
    def __init__(self, generation: int) -> None:
        super().__init__(
            f"The key file keyslots.json does not belong to this vault database (key generation "
            f"{generation}): it opens with this secret, but its key does not open the database. "
            "It is an older copy, from before the passphrase or recovery code was changed, or the "
            "key file of another vault. Put back this vault's current key file and use your "
            "current passphrase or recovery code. Nothing was changed."
        )
        self.generation = generation


class DiskFull(IroError):
    def __init__(self, where: str = "the vault's disk") -> None:
        super().__init__(
            f"There is no space left on {where}. Nothing is wrong with the vault, and nothing "
            "that was saved before has been lost. Free some space (empty the recycle bin or "
            "delete large files you no longer need), then try again."
        )


class LegacyKeyFile(IroError):
    def __init__(self) -> None:
        super().__init__(
            "This vault's key file comes from an older version of IRO Desktop, which cannot "
            "change the passphrase without also replacing the recovery code. Make a new recovery "
            "code first (Security, New recovery code), then change the passphrase."
        )


class PassphraseFileNotText(IroError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"The {what} file is not plain text (UTF-8), so the {what} in it cannot be read "
            "reliably. Save it as UTF-8 text and try again."
        )
