"""What the WebDAV target knows of a file on the council's store: what a GET found there, a
file placed at its final name, and what the server says about bytes (ETags, hash headers).
``webdav.py`` uses them to decide when a file counts as confirmed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import httpx


class Found(NamedTuple):
    """What a GET found at a name: its size, its SHA-256 (None when the server's Content-Length
    already showed the size differs) and its strong ETag, if the server gave one."""

    size: int
    sha256: str | None
    etag: str | None

    def holds(self, size: int, sha256: str) -> bool:
        return self.size == size and self.sha256 == sha256


@dataclass(frozen=True)
class Placed:
    """A file ``place`` left at its final name, and what is already known of it there."""

    path: str
    size: int
    sha256: str
    #: True when the final file's own bytes were checked: found there and hashed, or the
    #: server's SHA-256 header on the MOVE.
    hashed: bool
    #: The strong ETag of the staged copy whose bytes were fetched and hashed, if it had one.
    staged_etag: str | None = None


def strong_etag(value: str | None) -> str | None:
    """An ETag without its quotes (wsgidav quotes it in headers, not in PROPFIND), or None if
    there is none or it is weak: a weak ETag does not promise the same bytes."""
    if not value or value.strip().startswith("W/"):
        return None
    return value.strip().strip('"') or None


def server_sha256(reply: httpx.Response) -> str | None:
    """The SHA-256 the server says it stored, if it says one (we never send these headers, so
    an ``OC-Checksum`` in a reply is the server's own and not an echo of ours)."""
    value = reply.headers.get("X-Hash-SHA256")
    if value and re.fullmatch(r"[0-9a-fA-F]{64}", value.strip()):
        return value.strip().lower()
    for token in re.split(r"[\s,]+", reply.headers.get("OC-Checksum", "")):
        algorithm, _, digest = token.partition(":")
        if algorithm.upper() == "SHA256" and re.fullmatch(r"[0-9a-fA-F]{64}", digest):
            return digest.lower()
    return None
