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
DEFAULT_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 60  # the longest an IRO may choose where the council sets no limit


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

    @classmethod
    def load_for_idle_lock(cls, home: Path) -> "Policy":
        """The policy as the idle lock reads it: a broken file must not lengthen the lock time,
        so it counts as a limit of the default time."""
        try:
            return cls.load(home)
        except IroError:
            return cls(idle_lock_minutes_max=DEFAULT_IDLE_MINUTES)

    def idle_lock_range(self) -> tuple[int, int]:
        """The shortest and longest idle-lock times the IRO may choose."""
        return 1, self.idle_lock_minutes_max or MAX_IDLE_MINUTES

    def idle_lock_minutes(self, chosen: int | None) -> int:
        """The idle-lock time to use: the IRO's choice (the default if none), never longer than
        the council allows, even a choice made before the council lowered its limit."""
        shortest, longest = self.idle_lock_range()
        minutes = DEFAULT_IDLE_MINUTES if chosen is None else chosen
        return min(max(shortest, minutes), longest)
