"""Decisions (recommendations) of reviews: tracked until done, carried forward, and told to
the child in their own words.

While a review is a draft its decisions live in its content. When it is finalised they are
copied into the ``recommendation`` table, where their status is tracked: open, done, not done
or superseded. The midway review reports progress on each open decision (marking it done when
it is), and the next review decides what happens to each one (done, not done, carried forward
as a new decision of that review, or superseded). Those changes take effect when the later
record is finalised; if that record is amended, they are worked out again from its new
content.

``what_happens_next`` writes the letter's "What will happen next" section from the decisions:
who will do what, by when, in the words children asked for and with no acronyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from iro_desktop.documents import markup, wording
from iro_desktop.documents.letter import WHAT_NEXT, Letter
from iro_desktop.errors import ValidationError
from iro_desktop.reviews import codes
from iro_desktop.reviews.model import MidwayContent, Recommendation, ReviewContent

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def long_date(d: date, *, year: bool = True) -> str:
    """"14 March 2026" (no leading zero, whatever the platform's strftime does)."""
    return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


@dataclass(frozen=True)
class TrackedRecommendation:
    """A decision of a finalised review, as tracked now."""

    uid: str
    child_id: str
    record_id: int  # the review record that made it
    made_on: date  # that review's date
    position: int
    what: str
    who_role: str
    who_name: str
    by_when: date
    child_words: str
    carried_from: str | None
    status: str  # codes.RECOMMENDATION_STATUSES
    status_on: date | None
    status_note: str
    status_record_id: int | None

    @property
    def overdue_on(self) -> date | None:
        return self.by_when if self.status == codes.OPEN else None

    def past_due(self, on: date) -> bool:
        return is_past_due(self, on)

    def as_recommendation(self) -> Recommendation:
        return Recommendation(self.what, self.who_role, self.by_when, self.who_name, self.child_words,
                              self.uid, self.carried_from)


def is_past_due(t: TrackedRecommendation, on: date) -> bool:
    """Whether the decision was due before ``on`` and still open that day: the one rule for
    "past due". A decision closed on ``on`` itself (a midway review marking it done that day)
    was still waiting when the day began, so it counts as past due on that day."""
    if t.by_when is None or t.by_when >= on:
        return False
    return t.status == codes.OPEN or (t.status_on is not None and t.status_on >= on)


_COLS = ("r.uid, r.child_id, r.record_id, rec.record_date, r.position, r.what, r.who_role, r.who_name, "
         "r.by_when, r.child_words, r.carried_from, r.status, r.status_on, r.status_note, r.status_record_id")


def _d(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


def _tracked(row) -> TrackedRecommendation:
    (uid, child, rec_id, made, pos, what, role, name, by, cw, carried, status, s_on, s_note, s_rec) = row
    return TrackedRecommendation(uid, child, rec_id, _d(made), pos, what, role, name or "", _d(by), cw or "",
                                 carried, status, _d(s_on), s_note or "", s_rec)


def tracked_for_child(conn, child_id: str, *, status: str | None = None) -> list[TrackedRecommendation]:
    sql = (f"SELECT {_COLS} FROM recommendation r JOIN record rec ON rec.id = r.record_id "
           "WHERE r.child_id = ?")
    params: list = [child_id]
    if status is not None:
        sql += " AND r.status = ?"
        params.append(status)
    return [_tracked(row) for row in conn.execute(sql + " ORDER BY rec.record_date, r.position", params)]


def open_for_child_tx(conn, child_id: str, *, exclude_record: int | None = None,
                      before: date | None = None) -> list[TrackedRecommendation]:
    """Open decisions of the child's finalised reviews (not those of ``exclude_record``, and
    only from reviews held before ``before`` when given): what a new record carries forward."""
    out = []
    for t in tracked_for_child(conn, child_id, status=codes.OPEN):
        if exclude_record is not None and t.record_id == exclude_record:
            continue
        if before is not None and t.made_on >= before:
            continue
        out.append(t)
    return out


def open_recommendations(vault, child_id: str) -> list[TrackedRecommendation]:
    """Every open decision for the child, oldest review first."""
    with vault.read() as db:
        return open_for_child_tx(db.conn, child_id)


def recommendations_for_child(vault, child_id: str) -> list[TrackedRecommendation]:
    """Every tracked decision for the child, whatever its status, oldest review first."""
    with vault.read() as db:
        return tracked_for_child(db.conn, child_id)


def tracked_by_uid(conn, uids: Sequence[str]) -> dict[str, TrackedRecommendation]:
    if not uids:
        return {}
    rows = conn.execute(f"SELECT {_COLS} FROM recommendation r JOIN record rec ON rec.id = r.record_id "
                        f"WHERE r.uid IN ({', '.join('?' * len(uids))})", tuple(uids)).fetchall()
    return {row[0]: _tracked(row) for row in rows}


# ---- applying a finalised record -----------------------------------------------------------

def _revert_status_tx(conn, record_id: int, keep: set[str], now: str) -> None:
    """Decisions this record had closed but no longer closes (after an amendment): open again."""
    rows = conn.execute("SELECT uid FROM recommendation WHERE status_record_id = ?", (record_id,)).fetchall()
    back = [(now, uid) for (uid,) in rows if uid not in keep]
    conn.executemany("UPDATE recommendation SET status = 'open', status_on = NULL, status_note = NULL, "
                     "status_record_id = NULL, updated_at = ? WHERE uid = ?", back)


def apply_review_tx(conn, record_id: int, child_id: str, content: ReviewContent, now: str) -> None:
    """Track this review's decisions and close the earlier ones it decided about."""
    held = content.details.review_date
    uids = [r.uid for r in content.recommendations]
    existing = {uid: (rec_id, status, s_rec) for uid, rec_id, status, s_rec in conn.execute(
        "SELECT uid, record_id, status, status_record_id FROM recommendation WHERE record_id = ?", (record_id,))}
    for gone in set(existing) - set(uids):
        _rec, status, s_rec = existing[gone]
        if status != codes.OPEN:
            raise ValidationError([("recommendations", "A decision that a later midway or review has already "
                                    "dealt with cannot be taken out of this record; mark it superseded instead.")])
        conn.execute("DELETE FROM recommendation WHERE uid = ?", (gone,))
    for pos, r in enumerate(content.recommendations, 1):
        values = (r.what.strip(), r.who_role, r.who_name.strip() or None, r.by_when.isoformat(),
                  r.child_words.strip() or None, r.carried_from, pos, now)
        if r.uid in existing:
            conn.execute("UPDATE recommendation SET what = ?, who_role = ?, who_name = ?, by_when = ?, "
                         "child_words = ?, carried_from = ?, position = ?, updated_at = ? WHERE uid = ?",
                         (*values, r.uid))
        else:
            conn.execute("INSERT INTO recommendation (what, who_role, who_name, by_when, child_words, carried_from, "
                         "position, updated_at, uid, child_id, record_id, status, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
                         (*values, r.uid, child_id, record_id, now))
    closing = {p.uid: p for p in content.previous if p.outcome}
    _revert_status_tx(conn, record_id, set(closing), now)
    for p in closing.values():
        status = codes.SUPERSEDED if p.outcome == codes.CARRY_FORWARD else p.outcome
        conn.execute("UPDATE recommendation SET status = ?, status_on = ?, status_note = ?, status_record_id = ?, "
                     "updated_at = ? WHERE uid = ? AND child_id = ? AND record_id != ?",
                     (status, held.isoformat(), p.note.strip() or None, record_id, now, p.uid, child_id, record_id))


def apply_midway_tx(conn, record_id: int, child_id: str, content: MidwayContent, now: str) -> None:
    """Decisions the midway review found done are marked done (from the midway's date)."""
    done = {p.uid: p for p in content.progress if p.progress == "done"}
    _revert_status_tx(conn, record_id, set(done), now)
    for p in done.values():
        conn.execute("UPDATE recommendation SET status = 'done', status_on = ?, status_note = ?, "
                     "status_record_id = ?, updated_at = ? WHERE uid = ? AND child_id = ? "
                     "AND (status = 'open' OR status_record_id = ?)",
                     (content.midway_date.isoformat(), p.note.strip() or None, record_id, now, p.uid, child_id,
                      record_id))


# ---- carrying forward (on content the IRO is editing) --------------------------------------

def carry_forward(content: ReviewContent, earlier: TrackedRecommendation | Recommendation, *,
                  by_when: date | None = None) -> Recommendation:
    """Carry an earlier open decision into this review: a new decision of this review with the
    same wording (and a new date if given), and the earlier one marked as carried forward."""
    made = Recommendation(earlier.what, earlier.who_role, by_when, earlier.who_name, earlier.child_words,
                          carried_from=earlier.uid)
    content.recommendations.append(made)
    set_outcome(content, earlier.uid, codes.CARRY_FORWARD)
    return made


def set_outcome(content: ReviewContent, uid: str, outcome: str | None, note: str | None = None) -> None:
    """Record what this review decided about an earlier decision."""
    if outcome is not None and outcome not in codes.OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    for p in content.previous:
        if p.uid == uid:
            p.outcome = outcome
            if note is not None:
                p.note = note
            return
    from iro_desktop.reviews.model import PreviousOutcome

    content.previous.append(PreviousOutcome(uid, outcome, note or ""))


# ---- "What will happen next", in the child's words -----------------------------------------

# Verbs an action usually starts with: lower-cased after "will". Anything else (a name, say)
# keeps its capital.
_VERBS = frozenset("""arrange ask apply agree attend book build call carry change check complete confirm consider
contact continue discuss do ensure explore find finish give go help hold include introduce invite keep let
look make meet monitor move organise plan provide put refer register request review see seek send set share
show sort speak start support take talk tell think try update visit work write chase collect get choose join
learn practise practice read save buy pick enjoy spend stay tidy play bring decide record assess identify liaise
obtain undertake facilitate progress prepare consult inform notify celebrate improve increase reduce maintain
reconnect renew re-refer gather clarify establish reassess resume secure transfer escalate re-establish""".split())
_LEADING_WILL = re.compile(r"^(?:to|will)\s+", re.IGNORECASE)


def _action(what: str, table, child_name: str | None) -> str:
    text = " ".join(what.split()).rstrip(" .")
    text = _LEADING_WILL.sub("", text)
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not first.isupper() and first.lower() in _VERBS:
        text = text[:1].lower() + text[1:]
    if child_name and child_name.strip():
        # Written about the child ("visit Mira", "Mira's views"); the letter talks to them.
        name = re.escape(child_name.strip())
        text = re.sub(rf"\b{name}(?:'s|’s)(?!\w)", "your", text)
        text = re.sub(rf"\b{name}\b", "you", text)
    return wording.child_friendly(text, table)


def _who(r: Recommendation) -> str:
    """Who will do it, as the sentence's subject: "I", "You", "Sam, your social worker,"."""
    role, name = r.who_role, r.who_name.strip()
    if role == "iro":
        return "I"
    if role == "child":
        return "You"
    label = codes.ROLE_IN_LETTER.get(role, "")
    if name and label:
        return f"{name}, {label},"
    if name:
        return name
    return (label[:1].upper() + label[1:]) if label else "Someone"


def _when(by: date | None, review_date: date | None) -> str:
    if by is None:
        return ""
    same_year = review_date is not None and by.year == review_date.year
    nxt = date(by.year + (by.month == 12), by.month % 12 + 1, 1)
    if (nxt - by).days == 1:
        month = _MONTHS[by.month - 1]
        return f" by the end of {month}" + ("" if same_year else f" {by.year}")
    return f" by {long_date(by, year=not same_year)}"


def sentence_for(r: Recommendation, *, review_date: date | None = None,
                 table: Sequence[wording.Wording] | None = None, child_name: str | None = None) -> str:
    """One decision as the child reads it: "Sam, your social worker, will arrange family time
    with your nan by the end of March." The IRO's own wording for it wins if they wrote one."""
    if r.child_words.strip():
        return " ".join(r.child_words.split())
    sentence = f"{_who(r)} will {_action(r.what, table, child_name)}{_when(r.by_when, review_date)}."
    return sentence[:1].upper() + sentence[1:]


def what_happens_next(recommendations: Sequence[Recommendation], *, review_date: date | None = None,
                      table: Sequence[wording.Wording] | None = None, child_name: str | None = None) -> str:
    """The "What will happen next" section (markup): one bullet for each decision, in order.
    ``child_name`` (the name the letter uses) becomes "you" and "your" in the decisions."""
    if not recommendations:
        return "Nothing needs to change for now. Everyone will keep doing what is working well."
    lines = [sentence_for(r, review_date=review_date, table=table, child_name=child_name) for r in recommendations]
    return markup.serialise([markup.paragraph("This is what we agreed at your review meeting:"),
                             markup.bullets(lines)])


def refresh_what_next(content: ReviewContent, *, table: Sequence[wording.Wording] | None = None,
                      force: bool = False) -> bool:
    """Regenerate the letter's "What will happen next" from the decisions, unless the IRO has
    edited it since it was last generated (``force`` overrides). True if the section changed."""
    letter: Letter = content.letter
    if not letter.has_section(WHAT_NEXT):
        return False
    section = letter.section(WHAT_NEXT)
    text = what_happens_next(content.recommendations, review_date=content.details.review_date, table=table,
                             child_name=letter.addressed_to)
    if not force and section.body.strip() and not section.follows_generated:
        return False
    changed = section.body != text
    section.body = text
    section.generated = text
    return changed


def what_next_edited(content: ReviewContent) -> bool:
    """True when the IRO has written their own "What will happen next" (so it no longer follows
    the decisions automatically)."""
    letter = content.letter
    if not letter.has_section(WHAT_NEXT):
        return False
    s = letter.section(WHAT_NEXT)
    return bool(s.body.strip()) and not s.follows_generated
