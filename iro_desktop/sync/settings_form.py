"""The sync settings as the app's settings dialog shows and saves them (``ui/sync``): what is
saved now (never the password or the token), what the IRO entered, the problem with each field,
and saving it through ``sync.config``. Everything entered is checked before anything is written,
so bad input saves nothing; each change is then its own transaction with its audit row."""

from __future__ import annotations

from pathlib import Path

from dataclasses import dataclass

from iro_desktop.errors import IroError
from iro_desktop.sync import config, outbox

# The fields a problem can be shown under ("" for the dialog as a whole).
TARGET, CA_BUNDLE, SIGN_IN, RETENTION = "target", "ca_bundle", "sign_in", "retention"


@dataclass(frozen=True)
class Current:
    """What is saved now, as the dialog may show it: never the password or the token."""

    target: str | None
    ca_bundle: str | None
    username: str | None
    has_password: bool
    has_token: bool
    retention_days: int


@dataclass(frozen=True)
class Entered:
    target: str
    ca_bundle: str
    use_token: bool
    username: str
    password: str  # empty: keep the saved one
    token: str  # empty: keep the saved one
    retention_days: int

    def __repr__(self) -> str:  # never a secret in a log or a traceback
        return f"Entered(target={self.target!r}, ca_bundle={self.ca_bundle!r}, username={self.username!r})"


def read_current(vault) -> Current:
    cfg = config.load(vault)
    cred = cfg.credential
    return Current(cfg.target, str(cfg.ca_bundle) if cfg.ca_bundle else None,
                   cred.username if cred else None, bool(cred and cred.password), bool(cred and cred.token),
                   outbox.retention_days(vault))


def _ca_problem(value: str) -> str | None:
    if value and not Path(value).expanduser().is_file():
        return f"There is no file at {value}. Choose the CA bundle file the council gave you."
    return None


def problems_of(e: Entered, current: Current) -> dict[str, str]:
    """What is wrong with what was entered, by field (empty when it can all be saved)."""
    problems: dict[str, str] = {}
    if e.target:
        try:
            config.check_target(e.target)
        except IroError as exc:
            problems[TARGET] = str(exc)
    ca = _ca_problem(e.ca_bundle)
    if ca:
        problems[CA_BUNDLE] = ca
    if e.use_token:
        if not e.token and not current.has_token:
            problems[SIGN_IN] = "Paste the token the council gave you, or sign in with a user name and password."
    elif e.password and not e.username:
        problems[SIGN_IN] = "Give the user name as well as the password."
    elif e.username and not e.password and (e.username != current.username or not current.has_password):
        problems[SIGN_IN] = f"Type the password for {e.username}."
    return problems


def save(vault, e: Entered, current: Current) -> dict[str, str]:
    """Save what changed; returns the problems instead, saving nothing, if there are any."""
    problems = problems_of(e, current)
    if problems:
        return problems
    if (e.target or None) != current.target:
        if e.target:
            config.set_option(vault, config.TARGET_SETTING, e.target)
        else:
            _clear(vault, config.TARGET_SETTING)
    if (e.ca_bundle or None) != current.ca_bundle:
        if e.ca_bundle:
            config.set_option(vault, config.CA_BUNDLE_SETTING, e.ca_bundle)
        else:
            _clear(vault, config.CA_BUNDLE_SETTING)
    if e.use_token and e.token:
        config.set_credential(vault, token=e.token)
    elif not e.use_token and e.password:
        config.set_credential(vault, username=e.username, password=e.password)
    if e.retention_days != current.retention_days:
        config.set_option(vault, outbox.RETENTION_SETTING, str(e.retention_days))
    return {}


def _clear(vault, key: str) -> None:
    # An empty value is "not set" (``config.load``): syncing stops, or the system's CAs are used.
    with vault.transaction() as tx:
        tx.set_setting(key, "")


def config_to_test(vault, e: Entered) -> config.SyncConfig:
    """The configuration "Test connection" tries: what is entered, with the saved sign-in where
    no new one was typed. Raises ``IroError`` with the problem when it cannot be tried."""
    target = config.check_target(e.target)
    ca = _ca_problem(e.ca_bundle)
    if ca:
        raise IroError(ca)
    saved = config.load(vault).credential
    if e.use_token:
        cred = config.Credential(token=e.token) if e.token else (saved if saved and saved.token else None)
    elif e.password:
        cred = config.Credential(username=e.username, password=e.password)
    else:
        cred = saved if saved and saved.password and saved.username == e.username else None
    return config.SyncConfig(target, Path(e.ca_bundle).expanduser() if e.ca_bundle else None, cred)
