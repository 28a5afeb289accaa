"""The JSON document of an export: what the council's systems read without opening a PDF.

One document per bundle, schema-versioned (``schema_version``), with its JSON Schema in
``resources/schemas/`` (``review-export.schema.json``, ``midway-export.schema.json``). It holds
the facts the council's returns and reports need (the 903 participation code, regulation 36,
attendees by role, the decisions with their owner and date, the quality ratings, the local
deadlines) and leaves out what only the letter needs: no child's name, no date of birth, no
venue text (often a carer's name), no names of attendees. The names are in the professional
record PDF beside it, for the people who read the record.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from iro_desktop import __version__
from iro_desktop.caseload import due
from iro_desktop.documents import markup
from iro_desktop.reviews import lifecycle
from iro_desktop.reviews.model import MidwayContent, ReviewContent
from iro_desktop.workdays import england

SCHEMA_VERSION = 1
SCHEMAS = {"review": "review-export.schema.json", "midway": "midway-export.schema.json"}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _plain(text: str) -> str:
    return markup.strip_markup(text or "").strip()


def _record_part(conn, record_id: int, version: int) -> dict[str, Any]:
    info, _text = lifecycle.version_info(conn, record_id, version)
    return {"record_id": record_id, "version": version, "finalised_on": _iso(info.finalised_on),
            "content_sha256": info.content_sha256,
            "amendment_reason": info.amendment_reason if version > 1 else None}


def _deadline(held: date, days: int, done_on: date | None) -> dict[str, Any]:
    limit = england().add_working_days(held, days)
    return {"working_days": days, "due": limit.isoformat(), "done_on": _iso(done_on),
            "met": None if done_on is None else done_on <= limit}


def _deadlines(conn, review_id: int | None, held: date) -> dict[str, Any]:
    # The council's own standards (settings), counted from the review date; "met" is null while
    # the paperwork has not been recorded as sent when the bundle is made.
    settings = due.settings_from_conn(conn)
    row = conn.execute("SELECT record_sent_date, decisions_circulated_date FROM review WHERE id = ?",
                       (review_id,)).fetchone() if review_id is not None else None
    sent, circulated = (date.fromisoformat(v) if v else None for v in (row or (None, None)))
    return {"decisions_circulated": _deadline(held, settings.decisions_deadline_working_days, circulated),
            "record_distributed": _deadline(held, settings.record_deadline_working_days, sent)}


def review_document(conn, record_id: int, version: int, bundle_id: str) -> dict[str, Any]:
    rec = lifecycle.record_info(conn, record_id, "review")
    _info, text = lifecycle.version_info(conn, record_id, version)
    content = lifecycle.load_content(text)
    assert isinstance(content, ReviewContent)
    d, qa = content.details, content.qa
    return {
        "schema": SCHEMAS["review"], "schema_version": SCHEMA_VERSION, "app_version": __version__,
        "bundle_id": bundle_id, "kind": "review", "child_id": rec.child_id,
        "record": _record_part(conn, record_id, version),
        "review": {"date": d.review_date.isoformat(), "type": d.review_type, "held_as_series": d.held_as_series,
                   "meeting_dates": [m.meeting_date.isoformat() for m in d.meetings if m.meeting_date],
                   "venue_mode": d.venue_mode},
        "participation_code": d.participation_code,
        "regulation_36": {"seen_alone": d.seen_alone, "seen_alone_date": _iso(d.seen_alone_date),
                          "not_seen_alone_reason": d.not_seen_alone_reason or None},
        "attendees": [{"role": a.role, "role_detail": a.role_detail, "how": a.how} for a in d.attendees],
        "apologies": [{"role": a.role, "role_detail": a.role_detail} for a in d.apologies],
        "advocate_offered": d.advocate_offered, "advocate_used": d.advocate_used,
        "interpreter_used": d.interpreter_used,
        "consultation_returned": dict(sorted(d.consultation_returned.items())),
        "decisions": [{"uid": r.uid, "what": r.what, "owner_role": r.who_role, "owner_name": r.who_name or None,
                       "due": _iso(r.by_when), "carried_from": r.carried_from} for r in content.recommendations],
        "earlier_decisions": [{"uid": p.uid, "outcome": p.outcome} for p in content.previous],
        "quality": {"care_planning_rag": qa.care_planning_rag, "preparation_rag": qa.preparation_rag,
                    "social_worker_report_on_time": qa.social_worker_report,
                    "care_plan_up_to_date": qa.care_plan_up_to_date, "child_prepared": qa.child_prepared,
                    "good_practice": qa.good_practice},
        "deadlines": _deadlines(conn, rec.review_id, d.review_date),
    }


def midway_document(conn, record_id: int, version: int, bundle_id: str) -> dict[str, Any]:
    rec = lifecycle.record_info(conn, record_id, "midway")
    _info, text = lifecycle.version_info(conn, record_id, version)
    content = lifecycle.load_content(text)
    assert isinstance(content, MidwayContent)
    follows = conn.execute("SELECT review_date FROM review WHERE id = ?", (rec.review_id,)).fetchone() \
        if rec.review_id is not None else None
    return {
        "schema": SCHEMAS["midway"], "schema_version": SCHEMA_VERSION, "app_version": __version__,
        "bundle_id": bundle_id, "kind": "midway", "child_id": rec.child_id,
        "record": _record_part(conn, record_id, version),
        "midway": {"date": content.midway_date.isoformat(), "how": content.how,
                   "follows_review_on": follows[0] if follows else None},
        "progress": [{"uid": p.uid, "progress": p.progress, "note": p.note or None} for p in content.progress],
        "child_views": _plain(content.child_views) or None,
        "new_concerns": _plain(content.new_concerns) or None,
        "escalation": {"needed": content.escalation_needed,
                       "details": _plain(content.escalation_details) or None},
        "note_to_child_written": bool(content.child_note.strip()),
    }


def document_bytes(doc: dict[str, Any]) -> bytes:
    """The one byte form of a document: sorted keys, UTF-8, a newline at the end."""
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
