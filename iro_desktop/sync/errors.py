"""What can stop a record reaching the council, each as a sentence the IRO can act on.

Messages name the target's host or folder and the file's place inside a bundle (a child's id,
the record kind and a date: never a name), never credentials or case content."""

from __future__ import annotations

from iro_desktop.errors import IroError


class SyncError(IroError):
    """Base class. ``retry`` says whether trying the same request again later may succeed."""

    retry = True


class Offline(SyncError):
    """The target cannot be reached now: no network, the share is not mounted. Not a fault."""

    def __init__(self, where: str) -> None:
        super().__init__(f"{where} cannot be reached. Records wait in the outbox until it can.")
        self.where = where


class SignInNeeded(SyncError):
    """401 or 403: stop trying this target until the IRO signs in again; keep everything queued."""

    retry = False

    def __init__(self, where: str) -> None:
        super().__init__(f"{where} refused the sign-in. Enter your sign-in details again; "
                         "records stay in the outbox meanwhile.")
        self.where = where


class StoreFull(SyncError):
    """507: the council's store has no room."""

    def __init__(self, where: str) -> None:
        super().__init__(f"The council's store at {where} is full. Records stay in the outbox; "
                         "ask the council's IT team to make room.")
        self.where = where


class Conflict(SyncError):
    """Different bytes are already at the final name. Never overwritten: the IRO is told."""

    retry = False

    def __init__(self, path: str) -> None:
        super().__init__(f"A different file is already at {path} on the council's store. It was "
                         "left untouched and this record was not sent; tell the council's IT team.")
        self.path = path


class TlsProblem(SyncError):
    """The server's certificate could not be checked: a wrong CA bundle, a proxy, a wrong host."""

    retry = False

    def __init__(self, host: str) -> None:
        super().__init__(f"The certificate of {host} could not be checked, so nothing was sent. "
                         "Check the address, and the council's CA bundle in the sync settings.")
        self.host = host


class Unverified(SyncError):
    """The file the target holds after an upload is not the file that was sent."""

    def __init__(self, path: str) -> None:
        super().__init__(f"The copy of {path} on the council's store did not match what was sent. "
                         "It will be sent again.")
        self.path = path


class TargetRefused(SyncError):
    """Any other answer that says the request itself is wrong (a 4xx not listed above)."""

    retry = False

    def __init__(self, where: str, status: int) -> None:
        super().__init__(f"{where} refused the upload (HTTP {status}). Check the sync settings.")
        self.status = status
