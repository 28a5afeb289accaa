"""A long review record for the autosave figures: 3,000 words over the letter's ten sections."""

from __future__ import annotations

import random
from datetime import date

from iro_desktop.documents.letter import default_letter
from iro_desktop.reviews.model import Recommendation, ReviewContent, ReviewDetails

from iro_desktop.benchmarks.common import words


def big_review_content(n_words: int = 3000, name: str = "Mira") -> ReviewContent:
    """A review record whose letter holds ``n_words`` words over the ten default sections, with
    some bold text and bullet lists, as a long letter really looks."""
    rng = random.Random(3000)
    letter = default_letter(name, sign_off="Best wishes,\nSam")
    per = n_words // len(letter.sections)
    for s in letter.sections:
        half = per // 2
        bullets = "\n".join("- " + words(rng, 10) for _ in range((per - half) // 10))
        s.body = f"**{words(rng, 3)}** {words(rng, half - 3)}.\n\n{bullets}"
    content = ReviewContent(ReviewDetails(date(2026, 1, 6), "subsequent"), letter)
    content.recommendations = [Recommendation(words(rng, 12), "social_worker", date(2026, 3, 31), "Sam Harebell")
                               for _ in range(6)]
    return content
