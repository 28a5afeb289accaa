"""The council's WebDAV store over HTTPS as a sync target (see ``target.py`` for the contract).

How a file is put, so that a retry at any moment can neither lose, duplicate nor corrupt it:

1. GET the final name, unless the caller says this file was never sent before (``fresh``, see
   ``place``). Already there: the same bytes count as done, different bytes are a ``Conflict``
   and are never overwritten. Skipping it is safe: step 4 answers 412 if anything is at the final
   name and that is settled by hash all the same; the GET only saves sending a file again that an
   earlier try already put in place.
2. PUT the bytes to a staging name in the same folder, ``.<name>.<first 16 hex of SHA-256>.part``,
   with ``If-None-Match: *``. The name is derived from the bytes, so whatever is found there is
   either this very file (an earlier try whose reply was lost) or our own stale, cut-off try,
   which is deleted and sent again.
3. Check the staged copy ourselves (a 2xx proves nothing: both servers below keep a truncated
   file after a cut-off PUT): by the server's ``X-Hash-SHA256`` / ``OC-Checksum: SHA256:`` reply
   header where it sends one (Nextcloud does, on PUT and MOVE), else by GET and hash.
4. MOVE into place with ``Overwrite: F``. A 412 means something is at the final name already, and
   a missing source after a retried MOVE means our first MOVE committed but its reply was lost:
   either way the final file's hash settles it.
5. Confirm the final file: by its own hash (``verify``: a GET, or the server's hash header on
   the MOVE), or, for a bundle's files together, by one PROPFIND of their folder (``confirm``
   says exactly what counts as confirmed).

What the two servers the tests run against really do (checked by running them):

* wsgidav 4.4: honours ``If-None-Match: *`` on PUT (412); MKCOL on an existing folder is 405;
  a PUT or MKCOL whose parent is missing is 409; MOVE onto an existing name with ``Overwrite: F``
  is 412; MOVE of a missing source is 404; no checksum headers.
* rclone 1.60 ``serve webdav``: *ignores* ``If-None-Match`` on PUT (it overwrites, which the
  hash-derived staging name makes harmless); MKCOL on an existing folder is 201; a PUT whose
  parent is missing is 404 (MKCOL: 409); MOVE onto an existing name with ``Overwrite: F`` is 412;
  MOVE of a missing source is 403 (so a 403 on MOVE is checked against the final file before it
  is taken for a sign-in problem); no checksum headers.

No LOCK request is ever sent: lock files and their refreshes are what went wrong for Joplin, and
the staging name plus ``Overwrite: F`` already keep two writers apart."""

from __future__ import annotations

import hashlib
import posixpath
import re
import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, unquote, urlsplit

import certifi
import httpx

from iro_desktop.sync.errors import (Conflict, Offline, SignInNeeded, StoreFull, SyncError,
                                     TargetRefused, TlsProblem, Unverified)
from iro_desktop.sync.retrying import RETRY_TRANSPORT, RetryableStatus, RetryPolicy, raise_for_retry
from iro_desktop.sync.webdav_checks import Found, Placed, server_sha256, strong_etag
from iro_desktop.sync.webdav_listing import Entry, parse_multistatus

T = TypeVar("T")
MB = 1024 * 1024
#: Connections open to the server at once, however many requests are waiting: a browser's share
#: of one host. Servers give each kept-alive connection a thread of their own (cheroot, under
#: wsgidav, has ten), so more would queue behind each other there instead of going faster.
CONNECTIONS = 6
_STAGING = re.compile(r"^\..+\.[0-9a-f]{16}\.part$")
_PROPFIND_BODY = (b'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>'
                  b"<D:resourcetype/><D:getcontentlength/><D:getetag/></D:prop></D:propfind>")


class ServerTrouble(SyncError):
    """The server kept answering "try later" (5xx, 423) after every retry."""

    def __init__(self, host: str, status: int) -> None:
        super().__init__(f"{host} is busy or has a fault (HTTP {status}). Records stay in the "
                         "outbox and will be sent again later.")
        self.host = host
        self.status = status


class BadAddress(SyncError):
    """The target's address cannot be used as given."""

    retry = False


class NotOnTarget(SyncError):
    """A file asked for is not on the council's store."""

    retry = False

    def __init__(self, path: str, host: str) -> None:
        super().__init__(f"{path} is not on {host}. Check with the council that it was put there.")
        self.path = path


def staging_name(name: str, sha256: str) -> str:
    """The staging name a file is uploaded under before it is moved into place."""
    return f".{name}.{sha256[:16]}.part"


def _ssl_context(ca_bundle: Path | None, host: str) -> ssl.SSLContext:
    """Verification always on: the council's CA bundle when set, else the system's CAs."""
    try:
        if ca_bundle is not None:
            return ssl.create_default_context(cafile=str(ca_bundle))
        context = ssl.create_default_context()
    except (OSError, ssl.SSLError) as exc:
        raise TlsProblem(host) from exc
    if context.cert_store_stats()["x509_ca"] == 0:
        # Some Python builds (python.org's on macOS, frozen apps) find no system CA store: fall
        # back to certifi's (shipped with httpx) rather than trusting nothing.
        context.load_verify_locations(certifi.where())
    return context


def _tls_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(cause):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


class WebDavTarget:
    """Records sent to a WebDAV folder over HTTPS, with basic or bearer-token sign-in.

    Safe to share between threads (httpx's client is; the target keeps no state of its own)."""

    def __init__(self, url: str, *, username: str | None = None, password: str | None = None,
                 token: str | None = None, ca_bundle: Path | None = None, timeout_s: float = 15.0,
                 seconds_per_mb: float = 4.0, retry: RetryPolicy | None = None) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() != "https":
            raise BadAddress("Only https:// addresses can be used for the council's store, so "
                             "records never travel unencrypted. Check the address.")
        if parts.username or parts.password or not parts.hostname:
            raise BadAddress("The council's store address must be https://host/folder/, without "
                             "sign-in details in it; enter those as the sync credential.")
        if (username is None) != (password is None):
            raise BadAddress("Both a user name and a password are needed for basic sign-in.")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        #: Messages name the host; receipts name the full address. Neither holds credentials.
        self.host = netloc
        self.where = f"https://{netloc}{parts.path.rstrip('/')}/"
        self._root_path = unquote(parts.path.rstrip("/")) + "/"
        #: A floor for every request, plus this many seconds per MB sent or fetched: a big file
        #: over hotel Wi-Fi must not time out where a small one would not.
        self.timeout_s = timeout_s
        self.seconds_per_mb = seconds_per_mb
        self._retry = retry or RetryPolicy()
        headers = {"User-Agent": "IRO-Desktop-sync"}
        auth = None
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        elif username is not None and password is not None:
            auth = httpx.BasicAuth(username, password)
        context = _ssl_context(ca_bundle, self.host)
        self._client = httpx.Client(
            auth=auth, headers=headers, verify=context, follow_redirects=False,
            timeout=self.timeout_for(0),
            # Retries opening a connection only; everything after a request is sent is tenacity's.
            # The limits go to the transport: a client given its own transport ignores its own.
            transport=httpx.HTTPTransport(verify=context, retries=1, limits=httpx.Limits(
                max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)),
        )

    # -- the Target protocol -------------------------------------------------------------------

    def check(self) -> None:
        reply = self._call("PROPFIND", "", folder=True, headers={"Depth": "0"},
                           content=_PROPFIND_BODY, expect={404})
        if reply.status_code != 207:
            raise TargetRefused(self.host, reply.status_code)

    def ensure_folder(self, folder: str) -> None:
        segments = self._segments(folder)
        if segments:
            self._make_folder(segments)

    def put(self, path: str, data: bytes, sha256: str) -> None:
        self.verify(self.place(path, data, sha256))

    def list(self, folder: str) -> list[str]:
        return sorted(e.name for e in self._listing(folder) if not e.is_folder and not _STAGING.match(e.name))

    # -- a bundle's files, for the drain: placed (in parallel if it likes), then confirmed ------

    def place(self, path: str, data: bytes, sha256: str, *, fresh: bool = False) -> Placed:
        """Steps 1 to 4: leave ``data`` at ``path`` without overwriting anything, the staged copy
        checked by hash, and say what is known of the final file. ``fresh``: this vault never
        tried to send this file to this target before, so the GET of step 1 is skipped."""
        sha256 = sha256.lower()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("put() was given a SHA-256 that does not match its data")
        segments = self._segments(path)
        folder, name = "/".join(segments[:-1]), segments[-1]
        size = len(data)
        if not fresh:
            there = self._digest(path, size)
            if there is not None:
                self._settle(path, there, size, sha256)
                return Placed(path, size, sha256, hashed=True)
        staging = posixpath.join(folder, staging_name(name, sha256))
        etag = self._stage(path, staging, data, sha256)
        return self._move_into_place(staging, path, size, sha256, etag)

    def verify(self, placed: Placed) -> None:
        """Step 5 for one file: its own bytes at the final name, hashed (unless already done)."""
        if placed.hashed:
            return
        there = self._digest(placed.path, placed.size)
        if there is None or not there.holds(placed.size, placed.sha256):
            raise Unverified(placed.path)

    def confirm(self, folder: str, placed: Sequence[Placed]) -> None:
        """Step 5 for files ``place`` left in ``folder``: one PROPFIND of the folder, and a GET
        only where that cannot confirm a file. Raises ``Unverified`` for the first that fails.

        A file counts as confirmed at its final name, by size and SHA-256, when it is listed
        there with its size and either

        * its own bytes there were checked (``Placed.hashed``: found and hashed, or the server's
          SHA-256 header on the MOVE); or
        * the listing gives it the same strong ETag as the staged copy whose bytes we fetched
          and hashed, and that copy was moved there by a MOVE with ``Overwrite: F`` that
          answered 2xx. A strong ETag names one exact set of bytes (RFC 9110, 8.8.1), so the
          server is saying the file at the final name is the one we hashed, renamed. wsgidav's
          ETag (inode, mtime, size) and rclone's (mtime, size) survive a rename; a server
          whose ETags change on a MOVE, or that gives none or only weak ones, gets the GET:
        * otherwise its bytes are fetched from the final name and hashed."""
        entries = {e.name: e for e in self._listing(folder) if not e.is_folder}
        folder_segments = self._segments(folder)
        for p in placed:
            segments = self._segments(p.path)
            if segments[:-1] != folder_segments:
                raise ValueError(f"{p.path} is not directly in {folder}")
            listed = entries.get(segments[-1])
            if listed is None or (listed.size is not None and listed.size != p.size):
                raise Unverified(p.path)
            if p.hashed:
                continue
            if (p.staged_etag is not None and listed.size == p.size
                    and strong_etag(listed.etag) == p.staged_etag):
                continue
            self.verify(p)

    def get(self, path: str) -> bytes:
        reply = self._call("GET", path, expect={404})
        if reply.status_code == 404:
            raise NotOnTarget(path, self.host)
        if reply.status_code != 200:
            raise TargetRefused(self.host, reply.status_code)
        return reply.content

    # -- for the benchmark and the settings screen -----------------------------------------------

    @property
    def client(self) -> httpx.Client:
        """The configured client (TLS, sign-in): the benchmark times plain PUTs with it."""
        return self._client

    def url_for(self, path: str, *, folder: bool = False) -> str:
        quoted = "/".join(quote(s, safe="") for s in self._segments(path))
        return self.where + quoted + ("/" if folder and quoted else "")

    def timeout_for(self, size: int) -> httpx.Timeout:
        """httpx's timeouts are per read or write, not per request; a large body still gets a
        longer allowance, as the server may take a while to store it before it answers."""
        scaled = self.timeout_s + self.seconds_per_mb * size / MB
        # No limit on waiting for one of our own connections: each one in use has its own timeouts.
        return httpx.Timeout(connect=self.timeout_s, read=scaled, write=scaled, pool=None)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "WebDavTarget":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the steps of a put --------------------------------------------------------------------

    def _listing(self, folder: str) -> list[Entry]:
        reply = self._call("PROPFIND", folder, folder=True, headers={"Depth": "1"},
                           content=_PROPFIND_BODY, expect={404})
        if reply.status_code == 404:
            return []
        if reply.status_code != 207:
            raise TargetRefused(self.host, reply.status_code)
        folder_path = self._root_path + "/".join(self._segments(folder))
        try:
            return parse_multistatus(reply.content, folder_path)
        except ValueError as exc:
            raise TargetRefused(self.host, reply.status_code) from exc

    def _settle(self, path: str, there: Found, size: int, sha256: str) -> None:
        """Done if ``path`` holds exactly our bytes; a Conflict if it holds anything else."""
        if not there.holds(size, sha256):
            raise Conflict(path)

    def _stage(self, path: str, staging: str, data: bytes, sha256: str) -> str | None:
        """Steps 2 and 3; returns the strong ETag of the staged copy that was hashed, if any."""
        size = len(data)

        def send() -> httpx.Response:
            return self._call("PUT", staging, content=data, size=size,
                              headers={"If-None-Match": "*"}, expect={404, 409, 412})

        reply = send()
        if reply.status_code in (404, 409):  # the folder is missing (rclone 404, wsgidav 409)
            self._make_folder(self._segments(posixpath.dirname(staging)))
            reply = send()
        if reply.status_code == 412:
            # Something is at our staging name: this file from an earlier try whose reply was
            # lost, or our own cut-off try (the name is derived from these bytes, so it is ours).
            found = self._digest(staging, size)
            if found is not None and found.holds(size, sha256):
                return found.etag
            self._delete(staging)
            reply = send()
        if not reply.is_success:
            raise TargetRefused(self.host, reply.status_code)
        claimed = server_sha256(reply)
        found = self._digest(staging, size) if claimed is None else None
        if claimed != sha256 and (found is None or not found.holds(size, sha256)):
            self._delete(staging)
            raise Unverified(path)
        return found.etag if found is not None else None

    def _move_into_place(self, staging: str, path: str, size: int, sha256: str,
                         staged_etag: str | None) -> Placed:
        reply = self._call("MOVE", staging, expect={403, 404, 412},
                           headers={"Destination": self.url_for(path), "Overwrite": "F"})
        if reply.is_success:
            claimed = server_sha256(reply)
            if claimed is not None and claimed != sha256:
                raise Unverified(path)
            return Placed(path, size, sha256, hashed=claimed is not None, staged_etag=staged_etag)
        if reply.status_code not in (403, 404, 412):
            raise TargetRefused(self.host, reply.status_code)
        # 412: something is at the final name. 404 (wsgidav) or 403 (rclone): our staging file
        # is gone, which after a retried MOVE means the first one committed and its reply was
        # lost. Whatever it is, the final file's hash settles it.
        there = self._digest(path, size)
        if reply.status_code == 412:
            self._delete(staging, quietly=True)
        if there is None:
            if reply.status_code == 403:
                raise SignInNeeded(self.host)
            raise Unverified(path)
        self._settle(path, there, size, sha256)
        return Placed(path, size, sha256, hashed=True)

    def _make_folder(self, segments: list[str]) -> None:
        """MKCOL the deepest level first; only a missing parent (409) sends us up a level."""
        folder = "/".join(segments)
        reply = self._call("MKCOL", folder, folder=True, expect={405, 409})
        if reply.status_code == 409 and len(segments) > 1:
            self._make_folder(segments[:-1])
            reply = self._call("MKCOL", folder, folder=True, expect={405})
        if reply.status_code == 405:
            # wsgidav's "already there"; but a file of that name answers 405 too.
            probe = self._call("PROPFIND", folder, folder=True, headers={"Depth": "0"},
                               content=_PROPFIND_BODY, expect={404})
            if probe.status_code == 207 and any(
                    e.is_folder for e in parse_multistatus(probe.content, posixpath.dirname(
                        self._root_path + folder))):
                return
            raise TargetRefused(self.host, 405)
        if not reply.is_success:
            raise TargetRefused(self.host, reply.status_code)

    def _delete(self, path: str, *, quietly: bool = False) -> None:
        try:
            reply = self._call("DELETE", path, expect={404})
        except SyncError:
            if quietly:  # tidying up after a settled answer: a leftover staging file is harmless
                return
            raise
        if not (reply.is_success or reply.status_code == 404) and not quietly:
            raise TargetRefused(self.host, reply.status_code)

    def _digest(self, path: str, size: int) -> Found | None:
        """What is at ``path`` (see ``Found``), or None if nothing is."""

        def fetch() -> Found | None:
            with self._stream("GET", path, size) as reply:
                if reply.status_code == 404:
                    reply.read()  # a short body: read, so the connection is kept for the next request
                    return None
                if reply.status_code != 200:
                    raise TargetRefused(self.host, reply.status_code)
                etag = strong_etag(reply.headers.get("ETag"))
                length = reply.headers.get("Content-Length")
                if length is not None and length.isdigit() and int(length) != size:
                    return Found(int(length), None, etag)
                digest, count = hashlib.sha256(), 0
                for chunk in reply.iter_bytes():
                    digest.update(chunk)
                    count += len(chunk)
                return Found(count, digest.hexdigest(), etag)

        return self._retrying(fetch)

    # -- sending requests ----------------------------------------------------------------------

    def _segments(self, path: str) -> list[str]:
        segments = [s for s in path.split("/") if s]
        if any(s in (".", "..") for s in segments):
            raise ValueError("sync paths are plain relative names, without '.' or '..'")
        return segments

    def _request(self, method: str, path: str, *, folder: bool, size: int,
                 content: bytes | None, headers: dict[str, str] | None) -> httpx.Request:
        return self._client.build_request(method, self.url_for(path, folder=folder),
                                          content=content, headers=headers,
                                          timeout=self.timeout_for(size))

    def _send(self, request: httpx.Request, *, stream: bool, expect: set[int]) -> httpx.Response:
        """One request; statuses in ``expect`` are the caller's to read, the rest are mapped."""
        try:
            reply = self._client.send(request, stream=stream)
        except httpx.ConnectError as exc:
            # Refused, no route, unknown host: offline now, and not worth retrying at once.
            raise (TlsProblem(self.host) if _tls_failure(exc) else Offline(self.host)) from None
        status = reply.status_code
        if status in expect:
            return reply
        try:
            if status in (401, 403):
                raise SignInNeeded(self.host)
            if status == 507:
                raise StoreFull(self.host)
            raise_for_retry(reply)
        except BaseException:
            reply.close()
            raise
        return reply

    def _retrying(self, call: Callable[[], T]) -> T:
        try:
            return self._retry.run(call)
        except RetryableStatus as exc:
            raise ServerTrouble(self.host, exc.status) from None
        except RETRY_TRANSPORT:
            # Timed out or cut every time: as far as the IRO is concerned, not reachable now.
            raise Offline(self.host) from None
        except httpx.TransportError:
            raise Offline(self.host) from None

    def _call(self, method: str, path: str, *, folder: bool = False, size: int = 0,
              content: bytes | None = None, headers: dict[str, str] | None = None,
              expect: set[int] | frozenset[int] = frozenset()) -> httpx.Response:
        def once() -> httpx.Response:
            request = self._request(method, path, folder=folder, size=size, content=content,
                                    headers=headers)
            return self._send(request, stream=False, expect=set(expect))

        return self._retrying(once)

    @contextmanager
    def _stream(self, method: str, path: str, size: int) -> Iterator[httpx.Response]:
        request = self._request(method, path, folder=False, size=size, content=None, headers=None)
        reply = self._send(request, stream=True, expect={404})
        try:
            yield reply
        finally:
            reply.close()
