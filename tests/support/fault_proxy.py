"""A loopback TCP proxy in front of a real WebDAV server that breaks things on purpose.

Two modes:

* ``terminate_tls=True`` (the default): the proxy is the TLS server the client sees (with a
  certificate from the same test CA, so the client's verification stays on and passes), reads
  each HTTP/1.1 request, and forwards it over a verified TLS connection of its own to the
  server. Knowing where each request and reply begins and ends, it can answer a status of its
  own for the next N requests of a method (500, 423, 507, 401...), cut a request's body after
  N bytes, let the server answer and then drop the reply (the server committed, the client
  never heard), delay a reply, or add headers to the server's replies (a Nextcloud-like
  ``X-Hash-SHA256``). It logs every request it saw, so tests can count them.
* ``terminate_tls=False``: raw TCP, the client's TLS session goes straight to the server.
  Faults are by bytes: cut a connection once the client has sent N bytes on it, or drop the
  server's first bytes back once the client has sent N (the reply to a large upload).

Either way :meth:`FaultProxy.go_offline` closes the listening socket and every open connection,
so new connections are refused, and :meth:`FaultProxy.go_online` listens on the same port again.
"""

from __future__ import annotations

import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.support.tls_certs import TestPki


@dataclass
class Seen:
    """A request the proxy saw and what became of it: a status, or "cut" / "lost"."""

    method: str
    path: str
    outcome: int | str
    body_bytes: int = 0


@dataclass
class _Rule:
    kind: str  # "fail", "cut", "lose", "delay", "corrupt", "truncate"
    method: str | None
    times: int
    path_contains: str | None = None
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    after_bytes: int = 0
    seconds: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path_contains is None or self.path_contains in path))


class _Closed(Exception):
    pass


def _read_head(stream) -> bytes | None:
    lines = []
    while True:
        line = stream.readline(65537)
        if not line:
            if lines:
                raise _Closed()
            return None
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            return b"".join(lines)


def _headers(head: bytes) -> tuple[str, list[tuple[str, str]]]:
    text = head.decode("latin-1").split("\r\n")
    pairs = []
    for line in text[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            pairs.append((name.strip().lower(), value.strip()))
    return text[0], pairs


def _body_chunks(stream, pairs: list[tuple[str, str]], *, until_eof: bool):
    """Yield the raw bytes of a message body as they arrive (Content-Length, chunked, or EOF)."""
    values = dict(pairs)
    if "chunked" in values.get("transfer-encoding", "").lower():
        while True:
            size_line = stream.readline(65537)
            if not size_line:
                raise _Closed()
            yield size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                while True:  # trailers, then the blank line
                    trailer = stream.readline(65537)
                    if not trailer:
                        raise _Closed()
                    yield trailer
                    if trailer in (b"\r\n", b"\n"):
                        return
            remaining = size + 2  # the data and its CRLF
            while remaining:
                piece = stream.read(min(remaining, 65536))
                if not piece:
                    raise _Closed()
                remaining -= len(piece)
                yield piece
    elif "content-length" in values:
        remaining = int(values["content-length"])
        while remaining:
            piece = stream.read(min(remaining, 65536))
            if not piece:
                raise _Closed()
            remaining -= len(piece)
            yield piece
    elif until_eof:
        while piece := stream.read(65536):
            yield piece


class FaultProxy:
    """See the module docstring. Use as a context manager; ``port`` is where it listens."""

    def __init__(self, upstream_port: int, pki: TestPki, *, terminate_tls: bool = True,
                 upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.terminate_tls = terminate_tls
        self.log: list[Seen] = []
        self.errors: list[Exception] = []
        self.connections = 0  # opened in all
        self.peak_connections = 0  # open at the same time, at most
        self._clients_open = 0
        self._counted: set[socket.socket] = set()
        #: Called with (method, path, request headers) before a request is forwarded: a test can
        #: change the server's disk at exactly that moment (a race with another writer).
        self.on_request: Callable[[str, str, dict[str, str]], None] | None = None
        #: Called with (method, path, request headers, status) for each reply passed on; returns
        #: headers to add to it (the hash header a Nextcloud-like server would send).
        self.reply_headers: Callable[[str, str, dict[str, str], int], dict[str, str]] | None = None
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._client_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._client_tls.load_cert_chain(pki.cert, pki.key)
        self._upstream_tls = ssl.create_default_context(cafile=str(pki.ca))
        self.port = 0

    # -- faults --------------------------------------------------------------------------------

    def fail(self, method: str | None, status: int, times: int = 1, *, path_contains: str | None = None,
             headers: dict[str, str] | None = None) -> None:
        """Answer ``status`` (with ``headers``) instead of the server, for the next ``times``."""
        self._add(_Rule("fail", method, times, path_contains, status=status, headers=headers or {}))

    def cut_upload(self, method: str = "PUT", after_bytes: int = 0, times: int = 1, *,
                   path_contains: str | None = None) -> None:
        """Forward only the first ``after_bytes`` of the body (raw mode: of the connection's
        bytes), then drop both connections."""
        self._add(_Rule("cut", method, times, path_contains, after_bytes=after_bytes))

    def lose_reply(self, method: str | None = None, times: int = 1, *, path_contains: str | None = None,
                   after_bytes: int = 0) -> None:
        """Let the server answer, then drop the connection instead of passing the reply on."""
        self._add(_Rule("lose", method, times, path_contains, after_bytes=after_bytes))

    def corrupt_upload(self, method: str = "PUT", at_byte: int = 0, times: int = 1) -> None:
        """Flip one byte of the body on its way: the server stores other bytes and says 201."""
        self._add(_Rule("corrupt", method, times, after_bytes=at_byte))

    def truncate_upload(self, method: str = "PUT", after_bytes: int = 0, times: int = 1) -> None:
        """Send the server only ``after_bytes`` of the body (as a complete, shorter request), then
        pass its answer back to the client, who sent all of it."""
        self._add(_Rule("truncate", method, times, after_bytes=after_bytes))

    def delay_reply(self, method: str | None, seconds: float, times: int = 1) -> None:
        self._add(_Rule("delay", method, times, seconds=seconds))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self.log.clear()

    def methods(self) -> list[str]:
        with self._lock:
            return [seen.method for seen in self.log]

    def _add(self, rule: _Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def _take(self, kinds: tuple[str, ...], method: str, path: str) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.kind in kinds and rule.matches(method, path):
                    rule.times -= 1
                    return rule
        return None

    def _consume(self, rule: _Rule) -> bool:
        """Use up one of a raw-mode rule's times; False if another connection took the last."""
        with self._lock:
            if rule.times <= 0:
                return False
            rule.times -= 1
            return True

    def _pending(self, kind: str) -> _Rule | None:
        with self._lock:
            return next((r for r in self._rules if r.kind == kind and r.times > 0), None)

    # -- running -------------------------------------------------------------------------------

    def __enter__(self) -> "FaultProxy":
        self.go_online()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self.go_offline()

    def go_online(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def go_offline(self) -> None:
        """Refuse new connections and cut every open one (a pooled connection must not survive)."""
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        with self._lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            _hard_close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._clients_open += 1
                self._counted.add(client)
                self.peak_connections = max(self.peak_connections, self._clients_open)
                self._open.add(client)
            serve = self._serve_http if self.terminate_tls else self._serve_raw
            threading.Thread(target=self._guarded, args=(serve, client), daemon=True).start()

    def _guarded(self, serve, client: socket.socket) -> None:
        upstream: list[socket.socket] = []
        try:
            serve(client, upstream)
        except (OSError, ssl.SSLError, _Closed):
            pass  # a connection closed by either side, or by a fault
        except Exception as exc:  # a test's hook failed: record it, so the test can fail on it
            with self._lock:
                self.errors.append(exc)
        finally:
            self._client_gone(client)  # before the client hears of it, so a new one cannot count twice
            for sock in [client, *upstream]:
                _hard_close(sock)
                with self._lock:
                    self._open.discard(sock)

    def _client_gone(self, client: socket.socket) -> None:
        """Count ``client``'s connection as no longer open, once."""
        with self._lock:
            if client in self._counted:
                self._counted.discard(client)
                self._clients_open -= 1

    def _connect_upstream(self, upstream: list[socket.socket], tls: bool) -> socket.socket:
        sock = socket.create_connection(self.upstream, timeout=60)
        if tls:
            sock = self._upstream_tls.wrap_socket(sock, server_hostname=self.upstream[0])
        with self._lock:
            self._open.add(sock)
        upstream.append(sock)
        return sock

    # -- terminating TLS: request by request ------------------------------------------------------

    def _serve_http(self, raw_client: socket.socket, upstream: list[socket.socket]) -> None:
        client = self._client_tls.wrap_socket(raw_client, server_side=True)
        upstream.append(client)  # closed with the rest
        c_in = client.makefile("rb")
        server: socket.socket | None = None
        s_in = None
        while True:
            head = _read_head(c_in)
            if head is None:
                return
            request_line, pairs = _headers(head)
            method, path = request_line.split(" ")[:2]
            rule = self._take(("fail", "cut", "lose", "delay", "corrupt", "truncate"), method, path)
            if rule is not None and rule.kind == "fail":
                count = sum(len(p) for p in _body_chunks(c_in, pairs, until_eof=False))
                extra = "".join(f"{k}: {v}\r\n" for k, v in rule.headers.items())
                # Logged before the reply goes out, so a test that has its answer sees the entry.
                self._record(Seen(method, path, rule.status, count))
                client.sendall(f"HTTP/1.1 {rule.status} Injected\r\n{extra}Content-Length: 0\r\n"
                               "\r\n".encode("latin-1"))
                continue
            if self.on_request is not None:
                self._hook(self.on_request, method, path, dict(pairs))
            if server is None:
                server = self._connect_upstream(upstream, tls=True)
                s_in = server.makefile("rb")
            kind = rule.kind if rule is not None else None
            if kind == "truncate":
                # The server is told the body is shorter (a TLS stream cannot be half closed
                # from Python): it receives a complete, shorter request, as a server would that
                # took a dropped link for the end of the body.
                head = re.sub(rb"(?im)^content-length:[^\r\n]*", b"Content-Length: %d" % rule.after_bytes, head)
            server.sendall(head)
            sent = 0
            for piece in _body_chunks(c_in, pairs, until_eof=False):
                if kind in ("cut", "truncate") and sent + len(piece) >= rule.after_bytes:
                    if sent <= rule.after_bytes:
                        server.sendall(piece[: max(0, rule.after_bytes - sent)])
                    if kind == "cut":
                        time.sleep(0.05)  # let the server read what it was given before the drop
                        self._record(Seen(method, path, "cut", rule.after_bytes))
                        return
                    sent += len(piece)
                    continue  # truncate: the client's remaining bytes go nowhere
                if kind == "corrupt" and sent <= rule.after_bytes < sent + len(piece):
                    at = rule.after_bytes - sent
                    piece = piece[:at] + bytes([piece[at] ^ 0xFF]) + piece[at + 1:]
                server.sendall(piece)
                sent += len(piece)
            reply_head = _read_head(s_in)
            if reply_head is None:
                raise _Closed()
            status_line, reply_pairs = _headers(reply_head)
            status = int(status_line.split(" ")[1])
            no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
            body = b"" if no_body else b"".join(_body_chunks(s_in, reply_pairs, until_eof=True))
            if rule is not None and rule.kind == "lose":
                self._record(Seen(method, path, "lost", sent))
                return
            if rule is not None and rule.kind == "delay":
                time.sleep(rule.seconds)
            if self.reply_headers is not None:
                added = self._hook(self.reply_headers, method, path, dict(pairs), status)
                if added:
                    extra = "".join(f"{k}: {v}\r\n" for k, v in added.items()).encode("latin-1")
                    reply_head = reply_head[:-2] + extra + b"\r\n"
            self._record(Seen(method, path, status, sent))
            client.sendall(reply_head + body)
            if dict(reply_pairs).get("connection", "").lower() == "close":
                return

    def _hook(self, hook: Callable, *args):
        """A test's hook; its failure (even an OSError) is recorded, not taken for a dropped link."""
        try:
            return hook(*args)
        except Exception as exc:
            with self._lock:
                self.errors.append(exc)
            raise _Closed() from exc

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.log.append(seen)

    # -- raw TCP: faults by byte counts ---------------------------------------------------------

    def _serve_raw(self, client: socket.socket, upstream: list[socket.socket]) -> None:
        server = self._connect_upstream(upstream, tls=False)
        sent = [0]
        done = threading.Event()

        def up() -> None:
            try:
                while data := client.recv(65536):
                    rule = self._pending("cut")
                    if rule is not None and sent[0] + len(data) >= rule.after_bytes \
                            and self._consume(rule):
                        server.sendall(data[: max(0, rule.after_bytes - sent[0])])
                        time.sleep(0.05)
                        self._record(Seen("?", "?", "cut", rule.after_bytes))
                        return
                    server.sendall(data)
                    sent[0] += len(data)
                self._client_gone(client)  # the client closed it: it may open another at once
            except OSError:
                pass
            finally:
                done.set()

        def down() -> None:
            try:
                while data := server.recv(65536):
                    rule = self._pending("lose")
                    if rule is not None and sent[0] >= rule.after_bytes and self._consume(rule):
                        self._record(Seen("?", "?", "lost", sent[0]))
                        return
                    client.sendall(data)
            except OSError:
                pass
            finally:
                done.set()

        threads = [threading.Thread(target=f, daemon=True) for f in (up, down)]
        for t in threads:
            t.start()
        done.wait()


def _hard_close(sock: socket.socket) -> None:
    """Close at once, with a reset if data is unread: what a dropped Wi-Fi link looks like."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
