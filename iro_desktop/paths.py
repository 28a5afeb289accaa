"""Where a vault lives on disk."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "IRO Desktop"
APP_AUTHOR = "IRO Desktop"
HOME_ENV = "IRO_DESKTOP_HOME"


def default_home() -> Path:
    """The vault folder: ``IRO_DESKTOP_HOME`` if set, else the platform's user data folder."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resolve_home(explicit: str | os.PathLike[str] | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_home()
