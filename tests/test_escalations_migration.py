"""Migration 9 turns the escalation intents midway reviews stored into tracked escalations, and
raising one from a midway review now tracks it from the start."""

from __future__ import annotations

import os
from datetime import date

from iro_desktop import reviews
from iro_desktop.escalations import tracker
from iro_desktop.escalations.stages import DEFAULT_STAGES
from iro_desktop.vault import migrations
from iro_desktop.vault.connection import connect
from tests.support.review_helpers import CHILD, IRO, setup

TODAY = date(2026, 3, 2)
NOW = "2025-12-02T10:00:00Z"


def test_intents_become_tracked_escalations(tmp_path):
    conn = connect(tmp_path / "v8.db", os.urandom(32))
    try:
        migrations.apply(conn, [m for m in migrations.MIGRATIONS if m.version < 9])
        conn.execute("INSERT INTO child (child_id, first_name, last_name, date_of_birth, created_at, updated_at) "
                     "VALUES ('C1', 'Ada', 'Quill', '2014-01-01', ?, ?)", (NOW, NOW))
        conn.executemany("INSERT INTO escalation_intent (child_id, record_id, raised_on, details, created_at) "
                         "VALUES ('C1', NULL, ?, ?, ?)",
                         [("2025-12-22", "Health assessment late", NOW), ("2026-01-05", "No PEP", NOW)])
        conn.commit()
        migrations.apply(conn, [m for m in migrations.MIGRATIONS if m.version >= 9])

        found = tracker.load_where(conn)
        assert [(e.child_id, e.raised_on, e.description, e.theme) for e in found] == [
            ("C1", date(2025, 12, 22), "Health assessment late", "other"), ("C1", date(2026, 1, 5), "No PEP", "other")]
        first = found[0]
        assert first.stages == DEFAULT_STAGES.stages and first.overall_working_days == 20
        assert [s.stage_key for s in first.steps] == ["informal"] and first.is_open
        assert first.current_deadline == date(2025, 12, 31), "five working days past Christmas"
        assert first.raised_with_role == "Team manager"
        assert conn.execute("SELECT intent_id FROM escalation ORDER BY id").fetchall() == [(1,), (2,)]
        assert {s for (s,) in conn.execute("SELECT state FROM escalation_intent")} == {"tracked"}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_a_midway_review_starts_a_tracked_escalation(vault):
    setup(vault)
    m = reviews.start_midway(vault, CHILD, date(2025, 12, 1), how="call", today=TODAY)
    eid = reviews.start_escalation(vault, CHILD, "No social worker visit since October.", record_id=m.id,
                                   today=date(2025, 12, 3))
    esc = tracker.get_escalation(vault, eid)
    assert (esc.record_id, esc.raised_on, esc.current_step.stage_key) == (m.id, date(2025, 12, 3), "informal")
    m.content.escalation_needed = True
    m.content.escalation_details = "No social worker visit since October."
    reviews.finalise_midway(vault, m.id, finalised_by=IRO, on=date(2025, 12, 4), content=m.content, today=TODAY)
    assert len(tracker.list_escalations(vault, CHILD)) == 1, "finalising does not raise a second one"
    [intent] = reviews.escalation_intents(vault, CHILD)
    assert (intent.id, intent.state) == (eid, "open")
