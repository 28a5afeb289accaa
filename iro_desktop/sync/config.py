"""Where this vault's records go, and how to sign in there, all kept inside the vault.

The target (an https:// WebDAV address or a folder) and the council's CA bundle are vault
settings (``sync.target``, ``sync.ca_bundle``); the sign-in (a user name and password, or a
bearer token) is a row of its own table (``sync_credential``), never a setting, a QSettings
value or a file, so it is encrypted with the vault and is not shown with the settings. Each
change is a transaction with its audit row, which names the setting, never its value.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from iro_desktop.errors import IroError
from iro_desktop.sync import outbox
from iro_desktop.sync.folder_target import FolderTarget
from iro_desktop.sync.target import Target

TARGET_SETTING = "sync.target"
CA_BUNDLE_SETTING = "sync.ca_bundle"
CREDENTIAL = "sync"  # the credential row's name
SETTINGS = (TARGET_SETTING, CA_BUNDLE_SETTING, outbox.RETENTION_SETTING)
WEBDAV_MODULE, WEBDAV_CLASS = "iro_desktop.sync.webdav", "WebDavTarget"


class SyncNotConfigured(IroError):
    def __init__(self) -> None:
        super().__init__("No sync target is set for this vault. Set one with "
                         "'iro-desktop config set sync.target URL_OR_FOLDER'.")


class PlainHttpRefused(IroError):
    def __init__(self) -> None:
        super().__init__("Records are only sent over an encrypted connection: use an https:// address, "
                         "not http://. Nothing was changed.")


@dataclass(frozen=True)
class Credential:
    username: str | None = None
    password: str | None = None
    token: str | None = None

    def __repr__(self) -> str:  # never a secret in a log or a traceback
        return f"Credential(username={self.username!r}, password={'***' if self.password else None}, " \
               f"token={'***' if self.token else None})"


@dataclass(frozen=True)
class SyncConfig:
    target: str | None
    ca_bundle: Path | None
    credential: Credential | None

    @property
    def is_url(self) -> bool:
        return bool(self.target) and "://" in self.target


def _setting(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row and row[0] != "" else None


def check_target(value: str) -> str:
    """The target as it will be stored: an https:// URL, or an absolute folder path."""
    value = (value or "").strip()
    if not value:
        raise IroError("Give the council's https:// address or a folder. Nothing was changed.")
    if "://" in value:
        parts = urlsplit(value)
        if parts.scheme.lower() == "http":
            raise PlainHttpRefused()
        if parts.scheme.lower() != "https" or not parts.hostname:
            raise IroError(f"'{parts.scheme}://' is not an address records can be sent to: use an https:// "
                           "address or a folder. Nothing was changed.")
        if parts.username or parts.password:
            raise IroError("Put the sign-in in the credential, not in the address: use "
                           "'iro-desktop config credential sync'. Nothing was changed.")
        return value.rstrip("/") + "/"
    return str(Path(value).expanduser().resolve())


def set_option(vault, key: str, value: str) -> str:
    """Set ``sync.target``, ``sync.ca_bundle`` or ``sync.retention_days``; returns what was stored."""
    if key == TARGET_SETTING:
        value = check_target(value)
    elif key == CA_BUNDLE_SETTING:
        path = Path(value).expanduser().resolve()
        if not path.is_file():
            raise IroError(f"There is no CA bundle file at {path}. Nothing was changed.")
        value = str(path)
    elif key == outbox.RETENTION_SETTING:
        if not value.strip().isdigit():
            raise IroError("Give the retention period as a whole number of days. Nothing was changed.")
        value = str(int(value))
    else:
        raise IroError(f"'{key}' is not a sync setting; use one of: {', '.join(SETTINGS)}.")
    with vault.transaction() as tx:
        tx.set_setting(key, value)
    return value


def set_credential(vault, *, username: str | None = None, password: str | None = None,
                   token: str | None = None) -> None:
    """Store the sign-in inside the vault (a user name and password, or a token), and let every
    export that waited for a sign-in go again."""
    if token and (username or password):
        raise IroError("Give either a user name and password or a token, not both. Nothing was changed.")
    if not token and not (username and password):
        raise IroError("Give a user name and a password, or a token. Nothing was changed.")
    with vault.transaction() as tx:
        tx.db.conn.execute(
            "INSERT INTO sync_credential (name, username, password, token, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET username = excluded.username, password = excluded.password, "
            "token = excluded.token, updated_at = excluded.updated_at",
            (CREDENTIAL, username, password, token, outbox.stamp(outbox.now_utc())))
        tx.audit("sync.credential_set", "sync_credential", CREDENTIAL)
    outbox.release_signin(vault)


def load(vault) -> SyncConfig:
    with vault.read() as db:
        conn = db.conn
        target, ca = _setting(conn, TARGET_SETTING), _setting(conn, CA_BUNDLE_SETTING)
        row = conn.execute("SELECT username, password, token FROM sync_credential WHERE name = ?",
                           (CREDENTIAL,)).fetchone()
    return SyncConfig(target, Path(ca) if ca else None, Credential(*row) if row else None)


def make_target(config: SyncConfig) -> Target:
    """The target the configuration names: the WebDAV store for an https:// address (its own
    module, loaded only then), or a folder."""
    if not config.target:
        raise SyncNotConfigured()
    if not config.is_url:
        return FolderTarget(config.target)
    check_target(config.target)  # refuses plain http even if stored by an older version
    try:
        webdav = importlib.import_module(WEBDAV_MODULE)
    except ImportError as exc:
        raise IroError("This version of the app cannot send records to a WebDAV address. "
                       "Use a folder target, or update IRO Desktop.") from exc
    cred = config.credential or Credential()
    return getattr(webdav, WEBDAV_CLASS)(config.target, username=cred.username, password=cred.password,
                                         token=cred.token, ca_bundle=config.ca_bundle)


def target_for(vault) -> Target:
    return make_target(load(vault))
