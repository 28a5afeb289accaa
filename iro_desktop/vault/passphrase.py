"""Passphrase rules and strength feedback."""

from __future__ import annotations

from dataclasses import dataclass

from iro_desktop.errors import WeakPassphrase

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn 0..4; 3 is "safely unguessable" for an offline-slowed attack


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

    result = zxcvbn(passphrase[:100])
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
