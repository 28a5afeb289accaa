"""Reading a WebDAV PROPFIND answer (a 207 multistatus document) into the files of a folder.

Servers differ in the details, so the parser expects only what RFC 4918 requires: one
``D:response`` per resource with an ``D:href`` (an absolute path, or a full URL, percent-encoded)
and a ``D:resourcetype`` that holds ``D:collection`` for a folder. wsgidav answers hrefs as
absolute paths with a trailing slash on folders; rclone does the same, but declares the DAV:
namespace again on inner elements, which a namespace-aware parser does not mind.

The standard library's expat refuses entity expansion bombs (since expat 2.4.1, which Python
3.11 bundles) and never fetches external entities, so the council's server cannot make it read
local files."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

DAV = "{DAV:}"


@dataclass(frozen=True)
class Entry:
    """One resource of a listing: its decoded name, whether it is a folder, its size, and its
    ETag as the server wrote it (quotes and all), if it gave one."""

    name: str
    is_folder: bool
    size: int | None
    etag: str | None = None


def _path_of(href: str) -> str:
    """The decoded path of an href, without a trailing slash ('/' for the root)."""
    path = unquote(urlsplit(href.strip()).path) or "/"
    return path.rstrip("/") or "/"


def parse_multistatus(body: bytes, folder_path: str) -> list[Entry]:
    """The resources directly inside ``folder_path`` (a decoded absolute URL path).

    The folder's own entry is left out, and so is anything a server lists that is not directly
    inside it (a proxy that rewrites hrefs, a Depth: infinity answer)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ValueError("the server's folder listing was not well-formed XML") from exc
    wanted = _path_of(folder_path)
    entries: list[Entry] = []
    for response in root.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href")
        if href is None:
            continue
        path = _path_of(href)
        if path == wanted or posixpath.dirname(path) != wanted:
            continue
        is_folder = response.find(f".//{DAV}resourcetype/{DAV}collection") is not None
        length = response.findtext(f".//{DAV}getcontentlength")
        size = int(length) if length and length.strip().isdigit() else None
        etag = (response.findtext(f".//{DAV}getetag") or "").strip() or None
        entries.append(Entry(name=posixpath.basename(path), is_folder=is_folder, size=size, etag=etag))
    return entries
