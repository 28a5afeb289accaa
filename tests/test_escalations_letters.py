"""The text for each stage of an escalation, for the IRO to copy."""

from __future__ import annotations

from datetime import date

from iro_desktop.escalations import letters, tracker
from tests.support.review_helpers import CHILD, IRO, setup

TODAY = date(2026, 3, 2)


def test_each_stage_has_its_letter(vault):
    setup(vault, first_name="Amira")
    eid = tracker.raise_escalation(vault, CHILD, theme="health_assessment", partner_agency="health",
                                   description="The health assessment is four months late.",
                                   asked="An appointment within two weeks.", raised_with_name="Ash Fenwick",
                                   raised_on=date(2025, 12, 22), today=TODAY)
    first = letters.stage_letter(vault, eid)
    assert first.subject == "Escalation under the dispute resolution process: Informal alert – Amira"
    body = first.body
    assert body.startswith("Dear Ash Fenwick,")
    assert "Independent Reviewing Officer for Amira" in body
    assert "The concern (Health assessment): The health assessment is four months late." in body
    assert "partner agency: health" in body
    assert "What I am asking for: An appointment within two weeks." in body
    assert "Please reply to me by Wednesday 31 December 2025 (5 working days from 22 December 2025)." in body
    assert "take it to the next stage, Stage 1 (Service manager)." in body
    assert "ends on Thursday 22 January 2026" in body and body.endswith(f"{IRO}\nIndependent Reviewing Officer")

    tracker.move_up(vault, eid, on=date(2026, 1, 5), raised_with_name="Jo Pike", today=TODAY)
    second = letters.stage_letter(vault, eid)
    assert second.body.startswith("Dear Jo Pike,")
    assert "It has been raised before: Informal alert on 22 December 2025 with Ash Fenwick" in second.body
    assert "Please reply to me by Monday 12 January 2026" in second.body
    assert letters.stage_letter(vault, eid, position=0).body == body, "an earlier stage's letter is kept as it was"

    letters.save_naming(vault, letters.CHILD_ID)
    assert letters.stage_letter(vault, eid).subject.endswith(f"– {CHILD}")
    assert "Amira" not in letters.stage_letter(vault, eid).text

    tracker.refer_to_cafcass(vault, eid, on=date(2026, 1, 9), today=TODAY)
    cafcass = letters.stage_letter(vault, eid).body
    assert "refer a matter to Cafcass" in cafcass and "Please reply to me by" not in cafcass
