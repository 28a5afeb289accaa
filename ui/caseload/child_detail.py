"""The selected child at a glance, beside the caseload list (read-only; Edit opens the form)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from iro_desktop.caseload import codes, week
from iro_desktop.caseload.model import Child, ChildSummary
from iro_desktop.caseload.visits import PURPOSES, Visit
from iro_desktop.timescales import DONE, OVERDUE, STATUS_WORDS, ChildDue

from ui.common.formatting import uk_date

EMPTY_TEXT = "Choose a child in the list to see their details here."


def _row(label: str, value: str | None) -> str:
    if not value:
        return ""
    return f"<tr><td class='k' width='130'>{escape(label)}</td><td>{escape(value)}</td></tr>"


def _section(title: str, rows: list[str]) -> str:
    body = "".join(r for r in rows if r)
    return f"<h3>{escape(title)}</h3><table>{body}</table>" if body else ""


def _due_section(due: ChildDue | None) -> str:
    if due is None:
        return ""
    rows = []
    for item in sorted((i for i in due.items if i.status != DONE), key=lambda i: i.due):
        status = STATUS_WORDS.get(item.status, item.status)
        when = week.when_words(item.status, item.working_days_remaining)
        style = " style='color:#7a1712'" if item.status == OVERDUE else ""
        rows.append(f"<p class='due'>{escape(week.item_words(item.kind, due.review_kind))}<br>"
                    f"<span class='when'>{uk_date(item.due)} — <b{style}>{escape(status)}</b> "
                    f"({escape(when.lower())})</span></p>")
    if not rows:
        rows.append("<p>Nothing outstanding.</p>")
    return "<h3>What is due</h3>" + "".join(rows)


def _reviews_section(child: Child) -> list[str]:
    rows = []
    for r in sorted(child.reviews, key=lambda r: r.review_date, reverse=True)[:6]:
        sent = f"record sent {uk_date(r.record_sent_date)}" if r.record_sent_date else "record not sent yet"
        decided = (f"decisions circulated {uk_date(r.decisions_circulated_date)}" if r.decisions_circulated_date
                   else "decisions not circulated yet")
        rows.append(_row(uk_date(r.review_date),
                         f"{codes.REVIEW_TYPES.get(r.review_type, r.review_type)}; {sent}; {decided}"))
    return rows


def _visits_section(visits: list[Visit]) -> str:
    rows = []
    for v in visits[:5]:
        alone = {True: "; seen alone", False: "; not seen alone"}.get(v.seen_alone, "")  # type: ignore[arg-type]
        rows.append(_row(uk_date(v.visit_date), PURPOSES.get(v.purpose, v.purpose) + alone))
    return _section("Visits", rows)


def child_html(child: Child, summary: ChildSummary | None, due: ChildDue | None = None,
               visits: list[Visit] | None = None) -> str:
    """The record as HTML; age, last review and what is due come from the core's answers."""
    name = child.display_name
    also = f" (first name {child.first_name})" if child.preferred_name and child.preferred_name != child.first_name else ""
    period, placement = child.current_period, child.current_placement
    parts = [f"<h2>{escape(name)}</h2><p class='sub'>{escape(child.child_id)}{escape(also)}</p>",
             _due_section(due)]
    if not child.allocated:
        since = f" since {uk_date(child.not_allocated_since)}" if child.not_allocated_since else ""
        parts.append(f"<p><b>No longer allocated to you{escape(since)}.</b></p>")
    dob = child.date_of_birth
    parts.append(_section("About", [
        _row("Date of birth", (f"{uk_date(dob)} (age {summary.age})" if summary else uk_date(dob)) if dob else None),
        _row("Gender", codes.GENDERS.get(child.gender or "")),
        _row("Pronouns", child.pronouns),
        _row("Ethnicity", child.ethnicity),
        _row("First language", (child.first_language or "") +
             ("; needs an interpreter" if child.interpreter_needed else "") or None),
        _row("Disability", "Yes" if child.disability else None),
        _row("Communication", child.communication_needs),
        _row("UASC", "Yes" if child.uasc else None),
        _row("Care leaver", "Yes" if child.care_leaver else None),
        _row("School", child.school),
        _row("Sibling group", child.sibling_group),
    ]))
    parts.append(_section("Legal status", [
        _row("Status", codes.describe(codes.LEGAL_STATUSES, period.legal_status) if period else None),
        _row("Looked after since", uk_date(period.start_date) if period else None),
    ]))
    if placement is not None:
        area = (placement.area or "") + (" — out of area" if placement.out_of_area else "")
        parts.append(_section("Home (placement)", [
            _row("Type", codes.describe(codes.PLACEMENT_TYPES, placement.placement_type)),
            _row("Carer or home", placement.carer_name),
            _row("Area", area or None),
            _row("Postcode district", placement.postcode_district),
            _row("Since", uk_date(placement.start_date)),
            _row("Ended", uk_date(placement.end_date) if placement.end_date else None),
        ]))
    parts.append(_section("Social worker", [
        _row("Name", child.social_worker_name),
        _row("Team", child.social_worker_team),
        _row("Email", child.social_worker_email),
    ]))
    if child.key_people:
        parts.append(_section("Key people", [
            _row(codes.KEY_PERSON_ROLES.get(k.role, k.role), ", ".join(x for x in (k.name, k.contact) if x))
            for k in child.key_people]))
    last_review = summary.last_review_date if summary else None
    parts.append(_section("Reviews", _reviews_section(child) or
                          [_row("Last review", uk_date(last_review) if last_review else None)]))
    parts.append(_visits_section(visits or []))
    if child.iro_notes:
        parts.append(f"<h3>My notes</h3><p>{escape(child.iro_notes).replace(chr(10), '<br>')}</p>")
    style = ("<style>h2{margin-bottom:0} .sub{color:#555;margin-top:2px} "
             "h3{margin-top:14px;margin-bottom:4px} td.k{padding-right:14px;color:#555} "
             "p.due{margin-top:2px;margin-bottom:6px} .when{color:#3c4043}</style>")
    return style + "".join(parts)


class ChildDetail(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Child details")
        self.clear_child()

    def show_child(self, child: Child, summary: ChildSummary | None, due: ChildDue | None = None,
                   visits: list[Visit] | None = None) -> None:
        self.setHtml(child_html(child, summary, due, visits))

    def clear_child(self) -> None:
        self.clear()
        self.setPlainText(EMPTY_TEXT)
        # Drop the undo/redo history too, so no earlier text lingers in the document.
        self.document().clearUndoRedoStacks()
