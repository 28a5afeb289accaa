"""The manifest: the last file of every bundle, listing each other file's name, size and SHA-256
with the bundle id, the app version and the schema version. It is sent last, so its presence at
the target means every file it lists is there; the council's end can check each one against it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from iro_desktop import __version__
from iro_desktop.sync.export_document import SCHEMA_VERSION

NAME = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Listed:
    name: str
    size: int
    sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make(bundle_id: str, kind: str, folder: str, files: list[tuple[str, bytes]], created_at: str) -> bytes:
    """The manifest's bytes for ``files`` (name, bytes), in the order they are sent."""
    doc = {
        "manifest_version": MANIFEST_VERSION, "bundle_id": bundle_id, "kind": kind, "folder": folder,
        "app": "IRO Desktop", "app_version": __version__, "schema_version": SCHEMA_VERSION,
        "created_at": created_at,
        "files": [{"name": n, "size": len(d), "sha256": sha256(d)} for n, d in files],
    }
    return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode("utf-8")


def read(data: bytes) -> tuple[dict, list[Listed]]:
    """A manifest's fields and the files it lists (ValueError if it is not a manifest)."""
    doc = json.loads(data.decode("utf-8"))
    if not isinstance(doc, dict) or doc.get("manifest_version") != MANIFEST_VERSION:
        raise ValueError("not an IRO Desktop bundle manifest")
    return doc, [Listed(f["name"], int(f["size"]), f["sha256"]) for f in doc["files"]]
