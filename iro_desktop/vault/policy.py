"""Council policy that an IRO cannot change from inside the app.

A council deploys ``policy.json`` into the vault folder (or points ``IRO_DESKTOP_POLICY`` at
one). It holds no personal data.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from iro_desktop.errors import IroError

POLICY_ENV = "IRO_DESKTOP_POLICY"


@dataclass(frozen=True)
class Policy:
    require_keychain: bool = False
    idle_lock_minutes_max: int | None = None

    @classmethod
    def load(cls, home: Path) -> "Policy":
        path = Path(os.environ[POLICY_ENV]) if os.environ.get(POLICY_ENV) else home / "policy.json"
        if not path.exists():
            return cls()
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                require_keychain=bool(doc.get("require_keychain", False)),
                idle_lock_minutes_max=(int(doc["idle_lock_minutes_max"])
                                       if doc.get("idle_lock_minutes_max") is not None else None),
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise IroError(f"The council policy file {path} cannot be read ({exc}). "
                           "Ask your council IT team to fix it.") from exc
