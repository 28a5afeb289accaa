"""Passphrase rules and strength feedback.

zxcvbn refuses anything over 72 characters (its matching grows too slow beyond that). A longer
passphrase is judged on its first 72 characters: the rest can only add strength, so a
passphrase accepted this way would be accepted whole, and a weak start is refused however long
the tail. Any length up to ``MAX_LENGTH`` works.
"""

from __future__ import annotations

from dataclasses import dataclass

from iro_desktop.errors import WeakPassphrase

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn 0..4; 3 is "safely unguessable" for an offline-slowed attack
SCORED_LENGTH = 72  # the most zxcvbn will look at
MAX_LENGTH = 4096


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    label: str
    advice: str
    acceptable: bool


LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"]


def strength(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, LABELS[0], f"Use at least {MIN_LENGTH} characters; a few unrelated words work well.", False)
    from zxcvbn import zxcvbn  # only once a passphrase is being chosen: its word lists are large

    if len(passphrase) > MAX_LENGTH:
        return Strength(0, LABELS[0], f"Use at most {MAX_LENGTH} characters.", False)
    result = zxcvbn(passphrase[:SCORED_LENGTH])
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    advice = feedback.get("warning") or " ".join(feedback.get("suggestions") or [])
    if len(passphrase) < MIN_LENGTH:
        advice = f"Use at least {MIN_LENGTH} characters. " + advice
    ok = len(passphrase) >= MIN_LENGTH and score >= MIN_SCORE
    return Strength(score, LABELS[score], advice.strip() or "Good choice.", ok)


def require_acceptable(passphrase: str) -> None:
    s = strength(passphrase)
    if not s.acceptable:
        raise WeakPassphrase(f"That passphrase is too weak ({s.label.lower()}). {s.advice}")
