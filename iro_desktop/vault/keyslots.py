"""Key slots: the random data key, wrapped (AES-256-GCM) for each way of unlocking.

The file ``keyslots.json`` beside the database holds no secret in the clear. It is untrusted
input (anyone with the folder can edit it), so everything in it is checked:

* the Argon2 settings against fixed bounds before anything is derived (``kdf``);
* each slot's settings, salt, keychain entry and public key by a MAC keyed from the data key,
  checked right after unwrapping: a slot whose settings were changed is refused even if the
  secret is right;
* the key generation: it grows by one each time the data key is replaced (``rotation``), and
  the database holds the same number, so an older copy of this file is recognised.

The passphrase slot wraps the data key under a key derived from the passphrase (Argon2id) and
the device secret. The recovery slot wraps it to an X25519 public key whose private half is
derived from the recovery code: when the data key is replaced after a passphrase change, the
new key can be wrapped for the recovery code without knowing the code, and nothing the old
key opened (the old database, the old slots) helps to unwrap the new one.

Format 1 files (no generation, MACs or public key) are still read; they are rewritten as
format 2 the next time a slot changes.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import json
import os
import secrets
import stat
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from iro_desktop.errors import DiskFull, IroError, KeySlotsTampered, LegacyKeyFile
from iro_desktop.files import atomic_write_bytes
from iro_desktop.vault.kdf import SALT_BYTES, KdfParams, calibrate, from_json  # noqa: F401

FORMAT = 2
LEGACY_FORMAT = 1
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
# Crockford base32: no I, L, O or U, so a handwritten code is hard to misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_CHARS = 30  # 150 bits
MAX_FILE_BYTES = 256 * 1024  # a real key file is about 2 KB
_LENGTHS = {"salt": SALT_BYTES, "nonce": 12, "wrapped_key": 48, "public_key": 32, "ephemeral": 32,
            "mac": 32}


@dataclass
class Slot:
    kind: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    # The name of this slot's own device secret in the OS keychain, or None if the slot has
    # none. Each new device secret gets a new random name, never the vault id: a copy of the
    # vault shares its vault id, and recovering the copy must not replace the original's secret.
    keychain_entry: str | None = None
    # Recovery slots (format 2): the public key derived from the code, and the ephemeral public
    # key the data key was last wrapped with.
    public_key: bytes | None = None
    ephemeral: bytes | None = None
    mac: bytes | None = None  # None only in format 1 files

    @property
    def uses_device_secret(self) -> bool:
        return self.keychain_entry is not None


_BINARY = ("salt", "nonce", "wrapped_key", "public_key", "ephemeral", "mac")


@dataclass
class KeySlotsFile:
    vault_id: str
    slots: dict[str, Slot] = field(default_factory=dict)
    generation: int = 1
    # The audit log's MAC key, sealed under the data key: it must outlive a change of data key,
    # or rows written before the change would stop verifying.
    audit_key: bytes | None = None
    # The database's SQLCipher salt (the first 16 bytes of vault.db, in the clear). A new data
    # key comes with a new salt, so a key file whose salt is not the database's is out of date
    # (or the database was replaced), which a damaged database is not: the messages differ.
    db_salt: bytes | None = None
    format: int = FORMAT

    def to_json(self) -> bytes:
        def enc(slot: Slot) -> dict:
            d = {"kind": slot.kind, "kdf": {"time_cost": slot.kdf.time_cost,
                                            "memory_kib": slot.kdf.memory_kib,
                                            "parallelism": slot.kdf.parallelism},
                 "keychain_entry": slot.keychain_entry}
            for k in _BINARY:
                value = getattr(slot, k)
                if value is not None:
                    d[k] = base64.b64encode(value).decode()
            return d

        b64 = lambda v: base64.b64encode(v).decode() if v else None  # noqa: E731
        doc = {"format": self.format, "vault_id": self.vault_id, "generation": self.generation,
               "audit_key": b64(self.audit_key), "db_salt": b64(self.db_salt),
               "slots": {k: enc(s) for k, s in self.slots.items()}}
        return json.dumps(doc, indent=2).encode()

    @classmethod
    def load(cls, path: Path) -> "KeySlotsFile":
        return cls.from_bytes(_read_small_file(path), path)

    @classmethod
    def from_bytes(cls, raw: bytes, path: Path) -> "KeySlotsFile":
        try:
            doc = json.loads(raw)
            if not isinstance(doc, dict):
                raise TypeError("not an object")
            fmt = doc.get("format")
            if fmt not in (FORMAT, LEGACY_FORMAT) or type(fmt) is not int:
                raise IroError(
                    f"The key file {path} has format {fmt!r:.20}, which this version of IRO "
                    "Desktop does not understand. Nothing was changed.")
            slots = {}
            for kind, d in _mapping(doc["slots"]).items():
                d = _mapping(d)
                if d["kind"] != kind or kind not in (PASSPHRASE, RECOVERY):
                    raise ValueError("a slot of an unknown kind")
                binary = {k: _b64(d.get(k), k) for k in _BINARY}
                slot = Slot(kind=kind, kdf=from_json(d["kdf"]), salt=binary["salt"],
                            nonce=binary["nonce"], wrapped_key=binary["wrapped_key"],
                            keychain_entry=_entry_name(d.get("keychain_entry")),
                            public_key=binary["public_key"], ephemeral=binary["ephemeral"],
                            mac=binary["mac"])
                for k in ("salt", "nonce", "wrapped_key"):
                    if getattr(slot, k) is None:
                        raise KeyError(k)
                if fmt == FORMAT:
                    if slot.mac is None or (kind == RECOVERY and (slot.public_key is None
                                                                  or slot.ephemeral is None)):
                        raise KeyError("mac")
                slots[kind] = slot
            if PASSPHRASE not in slots or RECOVERY not in slots:
                raise KeyError("slots")
            generation = doc.get("generation", 0) if fmt == FORMAT else 0
            if type(generation) is not int or not 0 <= generation < 2 ** 31:
                raise ValueError("generation")
            audit_key = _b64(doc.get("audit_key"), "audit_key", length=60) if fmt == FORMAT else None
            db_salt = _b64(doc.get("db_salt"), "db_salt", length=16)
            vault_id = doc["vault_id"]
            if not isinstance(vault_id, str) or len(vault_id) > 100:
                raise TypeError("vault_id")
            return cls(vault_id=vault_id, slots=slots, generation=generation,
                       audit_key=audit_key, db_salt=db_salt, format=fmt)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise IroError(
                f"The key file {path} is damaged ({type(exc).__name__}). Restore it from your "
                "backup copy of the vault folder; the vault database was not touched."
            ) from exc

    def save(self, path: Path) -> None:
        try:
            atomic_write_bytes(path, self.to_json())
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull() from exc
            raise


def _read_small_file(path: Path) -> bytes:
    """The file's bytes, refusing a folder, a device or a pipe (which could block or never end)
    and anything far larger than a key file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise IroError(f"The key file {path} cannot be read ({exc.strerror}). Nothing was changed.") from exc
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        raise IroError(f"The key file {path} is not a key file (it is a folder, a device or far too "
                       "large). Restore it from your backup copy of the vault folder; the vault "
                       "database was not touched.")
    with open(path, "rb") as fh:
        return fh.read(MAX_FILE_BYTES + 1)


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    return value


def _b64(value: object, name: str, length: int | None = None) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 200:
        raise TypeError(name)
    raw = base64.b64decode(value, validate=True)
    if len(raw) != (length or _LENGTHS[name]):
        raise ValueError(name)
    return raw


def new_vault_id() -> str:
    return str(uuid.uuid4())


def new_keychain_entry() -> str:
    return str(uuid.uuid4())


def _entry_name(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("keychain_entry is not a string")
    if str(uuid.UUID(value)) != value:  # uuid.UUID raises ValueError for anything else
        raise ValueError("keychain_entry is not an entry name this program made")
    return value


def _aad(vault_id: str, kind: str) -> bytes:
    return f"iro-desktop/keyslot/v1/{vault_id}/{kind}".encode()


def _hkdf(ikm: bytes, info: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def _kek(stretched: bytes, device_secret: bytes | None, salt: bytes, aad: bytes) -> bytes:
    return _hkdf(stretched + (device_secret or b""), aad, salt)


def _recovery_private(stretched: bytes, salt: bytes, aad: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(_hkdf(stretched, aad + b"/x25519", salt))


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _sealing_key(shared: bytes, ephemeral: bytes, public: bytes, aad: bytes) -> bytes:
    return _hkdf(shared + ephemeral + public, aad + b"/seal")


def _slot_mac(vault_id: str, slot: Slot, data_key: bytes) -> bytes:
    """Binds everything in the slot but the MAC itself to the data key it wraps."""
    key = _hkdf(data_key, b"iro-desktop/keyslot-mac/v2")
    doc = [vault_id, slot.kind, slot.kdf.time_cost, slot.kdf.memory_kib, slot.kdf.parallelism,
           slot.keychain_entry] + [base64.b64encode(getattr(slot, k) or b"").decode()
                                   for k in _BINARY if k != "mac"]
    return hmac.new(key, json.dumps(doc).encode(), hashlib.sha256).digest()


def _with_mac(vault_id: str, slot: Slot, data_key: bytes) -> Slot:
    return replace(slot, mac=_slot_mac(vault_id, slot, data_key))


def make_slot(vault_id: str, kind: str, data_key: bytes, secret: bytes, kdf: KdfParams,
              device_secret: bytes | None = None, keychain_entry: str | None = None) -> Slot:
    """A slot for ``secret``; with a device secret, also the keychain entry that holds it."""
    if (device_secret is None) != (keychain_entry is None):
        raise ValueError("a device secret and its keychain entry go together")
    if kind == RECOVERY and device_secret is not None:
        raise ValueError("a recovery code works on any computer: no device secret")
    salt = secrets.token_bytes(SALT_BYTES)
    aad = _aad(vault_id, kind)
    stretched = kdf.derive(secret, salt)
    if kind == RECOVERY:
        public = _raw_public(_recovery_private(stretched, salt, aad).public_key())
        slot = Slot(kind, kdf, salt, b"", b"", public_key=public)
        return seal_recovery(vault_id, slot, data_key)
    nonce = secrets.token_bytes(12)
    kek = _kek(stretched, device_secret, salt, aad)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, aad)
    return _with_mac(vault_id, Slot(kind, kdf, salt, nonce, wrapped, keychain_entry=keychain_entry),
                     data_key)


def seal_recovery(vault_id: str, slot: Slot, data_key: bytes) -> Slot:
    """The recovery slot wrapping ``data_key`` to its public key: no recovery code needed."""
    if slot.public_key is None:
        raise LegacyKeyFile()
    aad = _aad(vault_id, RECOVERY)
    ephemeral = X25519PrivateKey.generate()
    eph_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(slot.public_key))
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(_sealing_key(shared, eph_public, slot.public_key, aad)).encrypt(nonce, data_key, aad)
    return _with_mac(vault_id, replace(slot, nonce=nonce, wrapped_key=wrapped, ephemeral=eph_public),
                     data_key)


def open_slot(vault_id: str, slot: Slot, secret: bytes, device_secret: bytes | None = None) -> bytes | None:
    """The data key, or None if the secret (or device secret) is wrong.

    The settings are checked against the bounds before deriving (``KdfParams.derive``); a slot
    that unwraps but whose MAC does not match was changed by someone without the data key, and
    is refused (``KeySlotsTampered``)."""
    aad = _aad(vault_id, slot.kind)
    stretched = slot.kdf.derive(secret, slot.salt)
    try:
        if slot.public_key is not None and slot.kind == RECOVERY:
            private = _recovery_private(stretched, slot.salt, aad)
            if _raw_public(private.public_key()) != slot.public_key:
                return None  # another code; saves the decryption
            shared = private.exchange(X25519PublicKey.from_public_bytes(slot.ephemeral or b""))
            kek = _sealing_key(shared, slot.ephemeral or b"", slot.public_key, aad)
        else:
            kek = _kek(stretched, device_secret, slot.salt, aad)
        data_key = AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, aad)
    except (InvalidTag, ValueError):
        return None
    if slot.mac is not None and not hmac.compare_digest(slot.mac, _slot_mac(vault_id, slot, data_key)):
        raise KeySlotsTampered()
    return data_key


def check_mac(vault_id: str, slot: Slot, data_key: bytes) -> None:
    """Refuse a slot that ``data_key`` did not seal (one read from disk and about to be reused,
    such as the recovery slot's public key when the data key is replaced)."""
    if slot.mac is None:
        raise LegacyKeyFile()
    if not hmac.compare_digest(slot.mac, _slot_mac(vault_id, slot, data_key)):
        raise KeySlotsTampered()


def seal_audit_key(vault_id: str, data_key: bytes, audit_key: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    key = _hkdf(data_key, b"iro-desktop/audit-key-seal/v2")
    return nonce + AESGCM(key).encrypt(nonce, audit_key, vault_id.encode())


def open_audit_key(slots: KeySlotsFile, data_key: bytes) -> bytes | None:
    """The audit MAC key sealed in the file, or None if the file has none (format 1, or a
    vault whose data key was never replaced: then it is derived from the data key)."""
    if slots.audit_key is None:
        return None
    key = _hkdf(data_key, b"iro-desktop/audit-key-seal/v2")
    try:
        return AESGCM(key).decrypt(slots.audit_key[:12], slots.audit_key[12:], slots.vault_id.encode())
    except InvalidTag:
        raise KeySlotsTampered() from None


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CHARS))
    return "-".join(raw[i:i + 5] for i in range(0, RECOVERY_CHARS, 5))


def normalise_recovery_code(code: str) -> bytes:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return cleaned.encode()
