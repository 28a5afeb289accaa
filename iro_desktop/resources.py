"""Where the bundled resources (fonts, icons, the example extract) are, however the app was installed.

The ``resources`` folder sits beside the ``iro_desktop`` package in the repository, which is
also where an editable install finds it. The frozen app (PyInstaller, ``build/iro-desktop.spec``)
copies it to ``resources`` inside its bundle folder (``sys._MEIPASS``). ``IRO_DESKTOP_RESOURCES``
points elsewhere, for an unusual install.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

ENV = "IRO_DESKTOP_RESOURCES"


class ResourcesMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    candidates = []
    if os.environ.get(ENV):
        candidates.append(Path(os.environ[ENV]))
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for folder in candidates:
        if (folder / "fonts").is_dir():
            return folder
    raise ResourcesMissing("The app's fonts and icons were not found (looked in: "
                           + ", ".join(str(c) for c in candidates) + "). Reinstall IRO Desktop.")


def resource_path(*parts: str) -> Path:
    """A file inside the resources folder, e.g. ``resource_path("fonts", "Andika-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)
