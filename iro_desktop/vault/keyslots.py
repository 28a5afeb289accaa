"""Key slots: the random data key, wrapped (AES-256-GCM) for each way of unlocking.

The file ``keyslots.json`` beside the database holds no secret in the clear: each slot keeps the
KDF parameters and salt, and the data key encrypted under a key-encryption key (KEK). Changing
the passphrase rewraps one slot; the database is never re-encrypted.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes

FORMAT = 1
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
# Crockford base32: no I, L, O or U, so a handwritten code is hard to misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_CHARS = 30  # 150 bits


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return hash_secret_raw(
            secret, salt, time_cost=self.time_cost, memory_cost=self.memory_kib,
            parallelism=self.parallelism, hash_len=32, type=Type.ID,
        )


def calibrate(target_seconds: float = 0.5, memory_kib: int = 64 * 1024, parallelism: int = 2) -> KdfParams:
    """Pick an Argon2id time cost so one derivation takes about ``target_seconds`` here.

    The cost is not linear in time_cost at small values (allocating the memory is a fixed
    cost), so measure, rescale, and measure again rather than extrapolating from one pass.
    """
    time_cost = 2
    for _ in range(4):
        params = KdfParams(time_cost, memory_kib, parallelism)
        start = time.perf_counter()
        params.derive(b"calibration", b"0" * 16)
        elapsed = max(time.perf_counter() - start, 1e-3)
        if 0.8 * target_seconds <= elapsed <= 1.6 * target_seconds or time_cost >= 40:
            break
        time_cost = max(2, min(40, round(time_cost * target_seconds / elapsed)))
    return params


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

    @property
    def uses_device_secret(self) -> bool:
        return self.keychain_entry is not None


@dataclass
class KeySlotsFile:
    vault_id: str
    slots: dict[str, Slot] = field(default_factory=dict)

    def to_json(self) -> bytes:
        def enc(slot: Slot) -> dict:
            d = asdict(slot)
            for k in ("salt", "nonce", "wrapped_key"):
                d[k] = base64.b64encode(d[k]).decode()
            return d

        doc = {"format": FORMAT, "vault_id": self.vault_id,
               "slots": {k: enc(s) for k, s in self.slots.items()}}
        return json.dumps(doc, indent=2).encode()

    @classmethod
    def load(cls, path: Path) -> "KeySlotsFile":
        try:
            doc = json.loads(path.read_bytes())
            if doc.get("format") != FORMAT:
                raise IroError(
                    f"The key file {path} has format {doc.get('format')!r}, which this version "
                    "of IRO Desktop does not understand. Nothing was changed."
                )
            slots = {}
            for kind, d in doc["slots"].items():
                slots[kind] = Slot(
                    kind=d["kind"], kdf=KdfParams(**d["kdf"]),
                    salt=base64.b64decode(d["salt"]), nonce=base64.b64decode(d["nonce"]),
                    wrapped_key=base64.b64decode(d["wrapped_key"]),
                    keychain_entry=_entry_name(d.get("keychain_entry")),
                )
            return cls(vault_id=str(doc["vault_id"]), slots=slots)
        except (ValueError, KeyError, TypeError) as exc:
            raise IroError(
                f"The key file {path} is damaged ({type(exc).__name__}). Restore it from your "
                "backup copy of the vault folder; the vault database was not touched."
            ) from exc

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json())


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


def _kek(stretched: bytes, device_secret: bytes | None, salt: bytes, aad: bytes) -> bytes:
    ikm = stretched + (device_secret or b"")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=aad).derive(ikm)


def make_slot(vault_id: str, kind: str, data_key: bytes, secret: bytes, kdf: KdfParams,
              device_secret: bytes | None = None, keychain_entry: str | None = None) -> Slot:
    """A slot for ``secret``; with a device secret, also the keychain entry that holds it."""
    if (device_secret is None) != (keychain_entry is None):
        raise ValueError("a device secret and its keychain entry go together")
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    aad = _aad(vault_id, kind)
    kek = _kek(kdf.derive(secret, salt), device_secret, salt, aad)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, aad)
    return Slot(kind, kdf, salt, nonce, wrapped, keychain_entry=keychain_entry)


def open_slot(vault_id: str, slot: Slot, secret: bytes, device_secret: bytes | None = None) -> bytes | None:
    """The data key, or None if the secret (or device secret) is wrong."""
    aad = _aad(vault_id, slot.kind)
    kek = _kek(slot.kdf.derive(secret, slot.salt), device_secret, slot.salt, aad)
    try:
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, aad)
    except InvalidTag:
        return None


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CHARS))
    return "-".join(raw[i:i + 5] for i in range(0, RECOVERY_CHARS, 5))


def normalise_recovery_code(code: str) -> bytes:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return cleaned.encode()
