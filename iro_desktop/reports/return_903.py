"""The council's statutory return: the period's reviews in the layout of the DfE's SSDA903
``Reviews`` table (``CHILD``, ``DOB``, ``REVIEW``, ``REVIEW_CODE``), for the council's data team
to load instead of re-keying them.

The file must pass the review rules of the public 903 validator councils use
(data-to-insight/csc-validator-be-903, ``lac_validator/rules/lac2022_23``), so a review that
would break one is refused, not written, and listed by child id and date with the reason:

* 166: ``REVIEW`` is a valid DD/MM/YYYY date (always, as the app writes it);
* 167: a review date needs a code PN0-PN7, and no code without a date (no code recorded: refused);
* 440 / 441: PN0 if and only if the child is under 4 on the review date (``codes.participation_problem``);
* 399: no reviews for a child looked after under V3 or V4 (short breaks) only;
* 1012: no reviews for a child not looked after (a review outside every period of care: refused);
* INT17: ``DOB`` is the vault's date of birth, the one the council's own Header holds;
* one row per child and date (a second review of the same child on the same day is refused).

Where a review's details come from: its finalised record's latest finalised version, else the
history columns of an imported review. A series of meetings counts from its first meeting.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes
from iro_desktop.reviews import codes
from iro_desktop.reviews.model import ReviewContent, content_from_dict
from iro_desktop.reviews.series import counted_date
from iro_desktop.vault import Vault

HEADINGS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
AUDIT_ACTION = "output.export.return_903"
SHORT_BREAKS = frozenset({"V3", "V4"})  # rule 399
# A series' row holds its first meeting, but a row saved before that rule may hold a later one:
# rows this far past the period are read, and counted by their first meeting.
_SERIES_SLACK = timedelta(days=366)


@dataclass(frozen=True)
class ReturnRow:
    child_id: str
    date_of_birth: date
    review_date: date
    code: str

    def cells(self) -> tuple[str, str, str, str]:
        return (self.child_id, f"{self.date_of_birth:%d/%m/%Y}", f"{self.review_date:%d/%m/%Y}", self.code)


@dataclass(frozen=True)
class Refused:
    """A review the file leaves out because the validator would reject it. The child id and
    the date are what the council's own file holds; the reason names no other detail."""

    child_id: str
    review_date: date
    reason: str

    def line(self) -> str:
        return f"{self.child_id}, {self.review_date:%d/%m/%Y}: {self.reason}"


@dataclass
class Return903:
    start: date
    end: date
    rows: list[ReturnRow] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def csv_bytes(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADINGS)
        writer.writerows(r.cells() for r in self.rows)
        return out.getvalue().encode("utf-8")

    def summary(self) -> str:
        text = (f"{len(self.rows)} review{'s' if len(self.rows) != 1 else ''} from {self.start:%d/%m/%Y} to "
                f"{self.end:%d/%m/%Y} in the 903 Reviews layout.")
        if self.refused:
            text += (f" {len(self.refused)} review{'s were' if len(self.refused) != 1 else ' was'} left out "
                     "because the return's rules would reject them; correct them and export again.")
        return text


def _finalised_details(conn) -> dict[int, ReviewContent]:
    """Each review's latest finalised record content, by review id."""
    rows = conn.execute(
        "SELECT r.review_id, v.content FROM record r JOIN record_version v ON v.record_id = r.id "
        "WHERE r.kind = 'review' AND r.review_id IS NOT NULL AND v.status = 'finalised' "
        "AND v.version = (SELECT MAX(version) FROM record_version w WHERE w.record_id = r.id "
        "AND w.status = 'finalised')").fetchall()
    out: dict[int, ReviewContent] = {}
    for review_id, text in rows:
        content = content_from_dict(json.loads(text))
        if isinstance(content, ReviewContent):
            out[review_id] = content
    return out


def return_rows(conn, start: date, end: date) -> Return903:
    """The reviews held in [start, end] (ends included) as 903 rows, and those refused."""
    if end < start:
        raise IroError("The end of the period is before its start; give the dates the other way round.")
    children = {cid: date.fromisoformat(dob) for cid, dob in conn.execute("SELECT child_id, date_of_birth FROM child")}
    periods: dict[str, list[tuple[date, date | None, str | None]]] = {}
    for cid, s, e, ls in conn.execute("SELECT child_id, start_date, end_date, legal_status FROM period_of_care"):
        periods.setdefault(cid, []).append((date.fromisoformat(s), date.fromisoformat(e) if e else None, ls))
    finalised = _finalised_details(conn)
    reviews = conn.execute(
        "SELECT id, child_id, review_date, source, participation_code FROM review "
        "WHERE review_date >= ? AND review_date <= ? ORDER BY review_date, child_id, id",
        (start.isoformat(), (end + _SERIES_SLACK).isoformat())).fetchall()
    result = Return903(start, end)
    seen: set[tuple[str, date]] = set()
    candidates = []
    for review_id, child_id, held_text, source, history_code in reviews:
        held = date.fromisoformat(held_text)
        content = finalised.get(review_id)
        if content is not None:
            held, code = counted_date(content.details), content.details.participation_code
        else:
            code = history_code if source == "history" else None
        if start <= held <= end:
            candidates.append((held, child_id, code, content is not None or source == "history"))
    for held, child_id, code, recorded in sorted(candidates, key=lambda c: (c[0], c[1])):
        dob = children[child_id]
        reason = _refusal(child_id, held, code, recorded, dob, periods.get(child_id, []), seen)
        if reason:
            result.refused.append(Refused(child_id, held, reason))
            continue
        seen.add((child_id, held))
        result.rows.append(ReturnRow(child_id, dob, held, code))  # type: ignore[arg-type]
    return result


def _refusal(child_id: str, held: date, code: str | None, recorded: bool, dob: date,
             periods: list[tuple[date, date | None, str | None]], seen: set) -> str | None:
    if not code:
        if not recorded:
            return "no participation code yet: finalise the review's record (rule 167)."
        return "no participation code recorded (rule 167): add the code, PN0 to PN7."
    if code not in codes.PARTICIPATION:
        return "the participation code is not one of PN0 to PN7 (rule 167)."
    if held < dob:
        return "the review date is before the date of birth."
    if codes.participation_problem(code, dob, held):
        return ("the code does not fit the child's age on the review date: PN0 if and only if under 4 "
                "(rules 440 and 441).")
    period = next((p for p in periods if p[0] <= held and (p[1] is None or held <= p[1])), None)
    if period is None:
        return "the review is outside every period of care the vault holds, so the child was not looked after (rule 1012)."
    if period[2] in SHORT_BREAKS:
        return "the child is looked after under V3 or V4 (short breaks), which has no reviews in the return (rule 399)."
    if (child_id, held) in seen:
        return "a second review of the same child on the same day; the return holds one (duplicate)."
    return None


def reviews_for_return(vault: Vault, start: date, end: date) -> Return903:
    """``return_rows`` with the vault's own read: what the Reports screen previews."""
    with vault.read() as db:
        return return_rows(db.conn, start, end)


def export_903(vault: Vault, start: date, end: date, path: Path) -> Return903:
    """Write the period's 903 Reviews file atomically (``0600``) and record it in the audit log,
    in one transaction: if the file cannot be written, nothing is recorded."""
    with vault.transaction() as tx:
        result = return_rows(tx.db.conn, start, end)
        tx.audit(AUDIT_ACTION, "return_903", f"{start.isoformat()}..{end.isoformat()}")
        try:
            atomic_write_bytes(Path(path), result.csv_bytes(), mode=0o600)
        except OSError as exc:
            raise IroError(f"The return could not be saved to {path}: {exc.strerror or exc}. "
                           "Nothing was written.") from exc
    return result
