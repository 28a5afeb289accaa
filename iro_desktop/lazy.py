"""A package's names, loaded from their modules on first use (PEP 562's module ``__getattr__``).

For packages whose modules are heavy to import (the PDF makers need reportlab, fonts and
images): ``from iro_desktop.printing import render_letter`` still works, but importing the
package itself loads none of its modules, so the app starts without them.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_names(package: str, homes: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose name ``n`` lives in the module
    ``package.homes[n]``. A name is looked up once, then kept in the package like any other."""
    namespace = importlib.import_module(package).__dict__

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | set(homes))

    return getattr_, dir_
