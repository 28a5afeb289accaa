"""The reading age's Flesch-Kincaid grade is textstat's, to the last digit, for the demo's letters
and the awkward cases (contractions, quotes, hyphens, numbers, words no dictionary knows), without
textstat's dictionary and caches in memory."""

from __future__ import annotations

import random
import subprocess
import sys

import textstat

from iro_desktop.caseload import demo
from iro_desktop.documents import flesch

AWKWARD = [
    "", "Hi.", "It was lovely to see you at home on Tuesday. You told me about school!",
    "You don't want to move; you'd like to stay. Isn't that right? 'Yes,' you said.",
    "Zxqv blorptastic frumious bandersnatch, callooh callay.",
    "Mrs Harebell said: the co-operation was excellent - really (truly) great... 25 metres!",
    "ONE TWO THREE. Four five six seven! Eight nine? Ten",
]


def _letters() -> list[str]:
    from iro_desktop.benchmarks.large_vault import _sentences

    pool = _sentences(random.Random(1), demo.demo_children(8, demo.DEFAULT_SEED))
    rng = random.Random(2)
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 80))) for _ in range(60)]


def test_the_grade_is_textstats():
    for text in AWKWARD + _letters():
        assert flesch.grade(text) == textstat.flesch_kincaid_grade(text), text[:80]


def test_working_out_a_grade_keeps_neither_textstat_nor_the_texts():
    code = ("import sys\nfrom iro_desktop.documents import readability\n"
            "readability.reading_age(['It was lovely to see you.', 'You told me about school.'])\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textstat')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert flesch._syllable_table()["lovely"] == 2
