"""What a review record and a midway review hold, as plain data with a stored JSON shape.

A record's *content* is one document: the review details, the letter, the decisions, what
happened to the previous decisions, and the quality assurance fields (which never appear in
the letter). Every version of a record stores its content as canonical JSON
(``canonical_json``), and a finalised version's SHA-256 is taken over exactly those bytes.

Dates are ``datetime.date``; in JSON they are ISO text. Unknown keys in stored JSON are
ignored, and missing ones take their defaults, so older content always loads.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from iro_desktop.documents.letter import Letter

FORMAT = 1


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def new_uid() -> str:
    return uuid.uuid4().hex


def canonical_json(data: dict[str, Any]) -> str:
    """The one byte-for-byte form content is stored and hashed in."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- the review ------------------------------------------------------------------------------

@dataclass
class Attendee:
    name: str
    role: str  # codes.ATTENDEE_ROLES
    role_detail: str = ""  # for "other", or "Mum", "Head of year"
    how: str = ""  # "", or a codes.VENUE_MODES key when people joined in different ways

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "role_detail": self.role_detail, "how": self.how}

    @classmethod
    def from_dict(cls, d: dict) -> "Attendee":
        return cls(d.get("name", ""), d.get("role", "other"), d.get("role_detail", ""), d.get("how", ""))


@dataclass
class ParentParticipation:
    who: str  # "Mum", "Dad", "Stepfather"…
    how: str  # codes.PARENT_PARTICIPATION
    note: str = ""

    def to_dict(self) -> dict:
        return {"who": self.who, "how": self.how, "note": self.note}

    @classmethod
    def from_dict(cls, d: dict) -> "ParentParticipation":
        return cls(d.get("who", ""), d.get("how", ""), d.get("note", ""))


@dataclass
class Meeting:
    """One meeting of a review held as a series."""

    meeting_date: date
    venue_mode: str = ""
    venue: str = ""

    def to_dict(self) -> dict:
        return {"date": _iso(self.meeting_date), "venue_mode": self.venue_mode, "venue": self.venue}

    @classmethod
    def from_dict(cls, d: dict) -> "Meeting":
        return cls(_d(d.get("date")), d.get("venue_mode", ""), d.get("venue", ""))


@dataclass
class ReviewDetails:
    review_date: date
    review_type: str  # codes.REVIEW_TYPES
    venue_mode: str | None = None  # codes.VENUE_MODES
    venue: str = ""  # "Joan and Pete's", "Willowbank House"
    held_as_series: bool = False
    meetings: list[Meeting] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    apologies: list[Attendee] = field(default_factory=list)
    # Regulation 36: the IRO speaks to the child in private before the review.
    seen_alone: bool | None = None
    seen_alone_date: date | None = None
    not_seen_alone_reason: str = ""
    participation_code: str | None = None  # codes.PARTICIPATION
    parents: list[ParentParticipation] = field(default_factory=list)
    advocate_offered: bool | None = None
    advocate_used: bool | None = None
    interpreter_used: bool = False
    interpreter_language: str = ""
    # Consultation forms returned, by codes.CONSULTATION_GROUPS key.
    consultation_returned: dict[str, bool] = field(default_factory=dict)
    consultation_others: str = ""  # who "others" were
    # For the annual report: whether the child was there (how they took part is the code), the
    # plans the review checked, and a meeting that had to be moved.
    child_attended: bool | None = None
    health_assessment_up_to_date: bool | None = None
    pep_up_to_date: bool | None = None  # the personal education plan
    permanence_plan_in_place: bool | None = None
    rearranged: bool = False
    rearranged_reason: str = ""

    def to_dict(self) -> dict:
        return {
            "review_date": _iso(self.review_date), "review_type": self.review_type,
            "venue_mode": self.venue_mode, "venue": self.venue, "held_as_series": self.held_as_series,
            "meetings": [m.to_dict() for m in self.meetings],
            "attendees": [a.to_dict() for a in self.attendees],
            "apologies": [a.to_dict() for a in self.apologies],
            "seen_alone": self.seen_alone, "seen_alone_date": _iso(self.seen_alone_date),
            "not_seen_alone_reason": self.not_seen_alone_reason,
            "participation_code": self.participation_code,
            "parents": [p.to_dict() for p in self.parents],
            "advocate_offered": self.advocate_offered, "advocate_used": self.advocate_used,
            "interpreter_used": self.interpreter_used, "interpreter_language": self.interpreter_language,
            "consultation_returned": dict(sorted(self.consultation_returned.items())),
            "consultation_others": self.consultation_others,
            "child_attended": self.child_attended,
            "health_assessment_up_to_date": self.health_assessment_up_to_date,
            "pep_up_to_date": self.pep_up_to_date, "permanence_plan_in_place": self.permanence_plan_in_place,
            "rearranged": self.rearranged, "rearranged_reason": self.rearranged_reason,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "ReviewDetails":
        return cls(
            review_date=_d(d.get("review_date")), review_type=d.get("review_type", ""),
            venue_mode=d.get("venue_mode"), venue=d.get("venue", ""),
            held_as_series=bool(d.get("held_as_series", False)),
            meetings=[Meeting.from_dict(m) for m in d.get("meetings", [])],
            attendees=[Attendee.from_dict(a) for a in d.get("attendees", [])],
            apologies=[Attendee.from_dict(a) for a in d.get("apologies", [])],
            seen_alone=d.get("seen_alone"), seen_alone_date=_d(d.get("seen_alone_date")),
            not_seen_alone_reason=d.get("not_seen_alone_reason", ""),
            participation_code=d.get("participation_code"),
            parents=[ParentParticipation.from_dict(p) for p in d.get("parents", [])],
            advocate_offered=d.get("advocate_offered"), advocate_used=d.get("advocate_used"),
            interpreter_used=bool(d.get("interpreter_used", False)),
            interpreter_language=d.get("interpreter_language", ""),
            consultation_returned={k: bool(v) for k, v in d.get("consultation_returned", {}).items()},
            consultation_others=d.get("consultation_others", ""),
            child_attended=d.get("child_attended"),
            health_assessment_up_to_date=d.get("health_assessment_up_to_date"),
            pep_up_to_date=d.get("pep_up_to_date"), permanence_plan_in_place=d.get("permanence_plan_in_place"),
            rearranged=bool(d.get("rearranged", False)), rearranged_reason=d.get("rearranged_reason", ""),
        )


@dataclass
class QualityAssurance:
    """The IRO's quality ratings for the annual report: never part of the child's letter."""

    care_planning_rag: str | None = None  # codes.RAG: progress of the care plan
    preparation_rag: str | None = None  # codes.RAG: how well the review was prepared
    social_worker_report: bool | None = None  # the social worker's report was ready in time
    care_plan_up_to_date: bool | None = None
    child_prepared: bool | None = None
    good_practice: bool = False  # a good-practice notification
    good_practice_note: str = ""
    note: str = ""  # anything else for the IRO's manager

    def to_dict(self) -> dict:
        return {"care_planning_rag": self.care_planning_rag, "preparation_rag": self.preparation_rag,
                "social_worker_report": self.social_worker_report,
                "care_plan_up_to_date": self.care_plan_up_to_date, "child_prepared": self.child_prepared,
                "good_practice": self.good_practice, "good_practice_note": self.good_practice_note,
                "note": self.note}

    @classmethod
    def from_dict(cls, d: dict) -> "QualityAssurance":
        return cls(d.get("care_planning_rag"), d.get("preparation_rag"), d.get("social_worker_report"),
                   d.get("care_plan_up_to_date"), d.get("child_prepared"), bool(d.get("good_practice", False)),
                   d.get("good_practice_note", ""), d.get("note", ""))


@dataclass
class Recommendation:
    """A decision of the review, SMART: what, who (role and name), by when."""

    what: str
    who_role: str  # codes.ATTENDEE_ROLES
    by_when: date | None
    who_name: str = ""
    child_words: str = ""  # the IRO's own wording for the letter; "" means generated
    uid: str = field(default_factory=new_uid)  # stable across versions and reviews
    carried_from: str | None = None  # uid of the earlier decision this one carries forward

    def to_dict(self) -> dict:
        return {"uid": self.uid, "what": self.what, "who_role": self.who_role, "who_name": self.who_name,
                "by_when": _iso(self.by_when), "child_words": self.child_words,
                "carried_from": self.carried_from}

    @classmethod
    def from_dict(cls, d: dict) -> "Recommendation":
        return cls(what=d.get("what", ""), who_role=d.get("who_role", ""), by_when=_d(d.get("by_when")),
                   who_name=d.get("who_name", ""), child_words=d.get("child_words", ""),
                   uid=d.get("uid") or new_uid(), carried_from=d.get("carried_from"))


@dataclass
class PreviousOutcome:
    """What this review decided about an earlier, still open decision."""

    uid: str  # the earlier recommendation
    outcome: str | None = None  # codes.OUTCOMES; None until the IRO decides
    note: str = ""

    def to_dict(self) -> dict:
        return {"uid": self.uid, "outcome": self.outcome, "note": self.note}

    @classmethod
    def from_dict(cls, d: dict) -> "PreviousOutcome":
        return cls(d["uid"], d.get("outcome"), d.get("note", ""))


@dataclass
class ReviewContent:
    details: ReviewDetails
    letter: Letter
    recommendations: list[Recommendation] = field(default_factory=list)
    previous: list[PreviousOutcome] = field(default_factory=list)
    qa: QualityAssurance = field(default_factory=QualityAssurance)

    kind = "review"

    def to_dict(self) -> dict:
        return {"format": FORMAT, "kind": self.kind, "details": self.details.to_dict(),
                "letter": self.letter.to_dict(),
                "recommendations": [r.to_dict() for r in self.recommendations],
                "previous": [p.to_dict() for p in self.previous], "qa": self.qa.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "ReviewContent":
        return cls(details=ReviewDetails.from_dict(d["details"]), letter=Letter.from_dict(d["letter"]),
                   recommendations=[Recommendation.from_dict(r) for r in d.get("recommendations", [])],
                   previous=[PreviousOutcome.from_dict(p) for p in d.get("previous", [])],
                   qa=QualityAssurance.from_dict(d.get("qa", {})))

    @property
    def record_date(self) -> date:
        return self.details.review_date


# ---- the midway review ----------------------------------------------------------------------

@dataclass
class RecommendationProgress:
    uid: str  # the open recommendation
    progress: str | None = None  # codes.MIDWAY_PROGRESS
    note: str = ""

    def to_dict(self) -> dict:
        return {"uid": self.uid, "progress": self.progress, "note": self.note}

    @classmethod
    def from_dict(cls, d: dict) -> "RecommendationProgress":
        return cls(d["uid"], d.get("progress"), d.get("note", ""))


@dataclass
class MidwayContent:
    midway_date: date
    how: str | None = None  # codes.MIDWAY_HOW
    progress: list[RecommendationProgress] = field(default_factory=list)
    child_views: str = ""  # markup: what the child has said since the review
    new_concerns: str = ""  # markup
    escalation_needed: bool = False
    escalation_details: str = ""  # why, and what the IRO wants resolved
    child_note: str = ""  # markup: a short note the IRO may send to the child
    addressed_to: str = ""  # the name the child uses, for the note

    kind = "midway"

    def to_dict(self) -> dict:
        return {"format": FORMAT, "kind": self.kind, "midway_date": _iso(self.midway_date), "how": self.how,
                "progress": [p.to_dict() for p in self.progress], "child_views": self.child_views,
                "new_concerns": self.new_concerns, "escalation_needed": self.escalation_needed,
                "escalation_details": self.escalation_details, "child_note": self.child_note,
                "addressed_to": self.addressed_to}

    @classmethod
    def from_dict(cls, d: dict) -> "MidwayContent":
        return cls(midway_date=_d(d.get("midway_date")), how=d.get("how"),
                   progress=[RecommendationProgress.from_dict(p) for p in d.get("progress", [])],
                   child_views=d.get("child_views", ""), new_concerns=d.get("new_concerns", ""),
                   escalation_needed=bool(d.get("escalation_needed", False)),
                   escalation_details=d.get("escalation_details", ""), child_note=d.get("child_note", ""),
                   addressed_to=d.get("addressed_to", ""))

    @property
    def record_date(self) -> date:
        return self.midway_date


Content = ReviewContent | MidwayContent


def content_from_dict(d: dict) -> Content:
    return MidwayContent.from_dict(d) if d.get("kind") == "midway" else ReviewContent.from_dict(d)


def content_json(content: Content) -> str:
    return canonical_json(content.to_dict())
