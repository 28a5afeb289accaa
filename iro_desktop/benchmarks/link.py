"""A loopback TCP relay that behaves like a real network link, for the sync benchmark.

On 127.0.0.1 every request costs the same few milliseconds of Python on both sides whatever it
carries, so a figure taken there counts requests, not what an IRO waits for. Over a real link
the bytes take time to cross (the upload is usually the narrow way) and every round trip takes
time too. This relay models one link shared by every connection through it: each direction has
a rate in bits per second (its bytes queue behind each other, across connections) and a one-way
delay. TLS passes through untouched, so the client still verifies the server's certificate.

It is a model, not a measurement of any network: the figures it gives are for the rates and the
delay it was given, which the benchmark names in its output.
"""

from __future__ import annotations

import heapq
import socket
import threading
import time
from dataclasses import dataclass

_CHUNK = 16 * 1024


@dataclass(frozen=True)
class LinkModel:
    up_mbit_s: float  # client to server
    down_mbit_s: float  # server to client
    round_trip_ms: float


class _Direction:
    """One way of the link: bytes leave in order at ``rate``, and arrive ``delay`` later."""

    def __init__(self, mbit_s: float, delay_s: float) -> None:
        self._bytes_per_s = mbit_s * 1e6 / 8
        self._delay_s = delay_s
        self._free_at = 0.0
        self._lock = threading.Lock()

    def arrival(self, size: int) -> float:
        with self._lock:
            start = max(time.monotonic(), self._free_at)
            self._free_at = start + size / self._bytes_per_s
            return self._free_at + self._delay_s


class _Pipe:
    """Bytes read from ``source`` are written to ``sink`` when the link would deliver them."""

    def __init__(self, source: socket.socket, sink: socket.socket, way: _Direction) -> None:
        self._source, self._sink, self._way = source, sink, way
        self._queue: list[tuple[float, int, bytes]] = []
        self._ready = threading.Condition()
        self._count = 0
        self._ended = False
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()

    def _read(self) -> None:
        try:
            while data := self._source.recv(_CHUNK):
                due = self._way.arrival(len(data))
                with self._ready:
                    self._count += 1
                    heapq.heappush(self._queue, (due, self._count, data))
                    self._ready.notify()
        except OSError:
            pass
        with self._ready:
            self._ended = True
            self._ready.notify()

    def _write(self) -> None:
        try:
            while True:
                with self._ready:
                    while not self._queue and not self._ended:
                        self._ready.wait()
                    if not self._queue:
                        break
                    due, _n, data = self._queue[0]
                    wait_s = due - time.monotonic()
                    if wait_s > 0:
                        self._ready.wait(wait_s)
                        continue
                    heapq.heappop(self._queue)
                self._sink.sendall(data)
            self._sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class Link:
    """Listens on a free loopback port and relays each connection to ``upstream`` through the model."""

    def __init__(self, upstream: tuple[str, int], model: LinkModel) -> None:
        self.model = model
        self._upstream = upstream
        half = model.round_trip_ms / 2000
        self._up, self._down = _Direction(model.up_mbit_s, half), _Direction(model.down_mbit_s, half)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            while True:
                client, _address = self._listener.accept()
                server = socket.create_connection(self._upstream)
                for s in (client, server):
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._sockets += [client, server]
                _Pipe(client, server, self._up)
                _Pipe(server, client, self._down)
        except OSError:
            pass

    def close(self) -> None:
        self._listener.close()
        for s in self._sockets:
            try:
                s.close()
            except OSError:
                pass

    def __enter__(self) -> "Link":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
