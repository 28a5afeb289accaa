"""When a request to the council's store is tried again, and how long to wait first.

Only answers that say "try later" are retried: 5xx and 423 (the server is busy, or the file is
locked by someone else's client) and a connection that was reset or timed out after it was
open. Sign-in failures, a full store, a refused request, a certificate that cannot be checked
and a host that cannot be reached at all are not: retrying them at once cannot help, and the
outbox tries again later on its own schedule.

The wait is capped exponential backoff with full jitter (a random wait between zero and the
exponential bound, so many laptops coming back on the same hotel Wi-Fi do not retry in step),
except that a server's ``Retry-After`` is honoured, up to a cap.

Every request the WebDAV target sends is safe to repeat *because of how it is sent*: PUTs go to
a fixed staging name derived from the file's hash, a MOVE never overwrites, and a repeat that
finds its own earlier work done (a 412, a missing source) settles by checking the hash."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity import wait_random_exponential

T = TypeVar("T")


#: Transport failures after the connection was open: worth another try. A refused connection, an
#: unknown host or a TLS failure is not in this list (see ``webdav.py``: they are mapped at once).
RETRY_TRANSPORT = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout, httpx.ConnectTimeout,
                   httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


class RetryableStatus(Exception):
    """A reply that says "try again later", carried through tenacity to the retry decision."""

    def __init__(self, status: int, retry_after_s: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after_s = retry_after_s


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def raise_for_retry(reply: httpx.Response) -> None:
    """Raise :class:`RetryableStatus` if ``reply`` says to try again later."""
    status = reply.status_code
    # 423 Locked, and every server-side fault except 507, which says the store is full.
    if status == 423 or (500 <= status < 600 and status != 507):
        raise RetryableStatus(status, retry_after_seconds(reply.headers.get("Retry-After")))


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, (RetryableStatus, *RETRY_TRANSPORT))


@dataclass(frozen=True)
class RetryPolicy:
    """How many times a request is sent and how long to wait between tries."""

    attempts: int = 5
    #: The first exponential bound; each try doubles it up to ``max_wait_s``.
    base_wait_s: float = 0.5
    max_wait_s: float = 30.0
    #: The most a server's Retry-After may make us wait in one go; longer waits are the outbox's.
    max_retry_after_s: float = 120.0

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus) and exc.retry_after_s is not None:
            return min(exc.retry_after_s, self.max_retry_after_s)
        return wait_random_exponential(multiplier=self.base_wait_s, max=self.max_wait_s)(state)

    def run(self, call: Callable[[], T]) -> T:
        """``call()``, tried again on retryable failures; the last failure is re-raised as is."""
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception(is_retryable),
            reraise=True,
        )
        return retrying(call)
