"""The professional record of a review: everything the council's case system needs, dense and
plain, marked OFFICIAL-SENSITIVE at the top and bottom of every page, with the child's id and
"Page N of M" on each.

Sections: the child, the review, who attended, participation (the 903 code with the DfE's
wording), regulation 36, consultation, earlier decisions and what became of them, this review's
decisions (owner and date), quality assurance (RAG ratings, good practice), the letter to the
child, and the version history with each finalised version's SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from iro_desktop import __version__
from iro_desktop.caseload import codes as caseload_codes
from iro_desktop.caseload.model import Child
from iro_desktop.documents import markup
from iro_desktop.printing.pdf import fonts
from iro_desktop.printing.pdf.common import (PAGE_HEIGHT, PAGE_WIDTH, PdfMeta, blocks_flowables, build_pdf,
                                             draw_ruled_footer, outlined, style, table_style, text_xml)
from iro_desktop.reviews import codes
from iro_desktop.reviews.lifecycle import VersionInfo
from iro_desktop.reviews.recommendations import TrackedRecommendation, long_date
from iro_desktop.reviews.records import ReviewRecord

MARKING = "OFFICIAL-SENSITIVE"
FONT, BOLD = fonts.DEJAVU, fonts.bold(fonts.DEJAVU)
SIZE = 9.5
INK = "#1A1A1A"
RULE = "#B8BEC4"
SHADE = "#EEF1F4"
HEAD = "#1F3A5F"
MARGIN = 42
TOP, BOTTOM = 58, 50
RAG_COLOURS = {"green": "#1B7F3B", "amber": "#B36B00", "red": "#B3261E"}


@dataclass(frozen=True)
class ProfessionalData:
    child: Child
    record: ReviewRecord
    versions: tuple[VersionInfo, ...]
    earlier: dict[str, TrackedRecommendation]  # earlier decisions this review gave outcomes for
    council: str
    next_review: date | None
    printed_on: date
    author: str = ""  # who finalised this version, or the IRO using the app


def professional_data(vault, record_id: int, *, version: int | None = None,
                      today: date | None = None) -> ProfessionalData:
    from iro_desktop.caseload import due, repository
    from iro_desktop.reviews import records
    from iro_desktop.reviews.recommendations import tracked_by_uid

    rec = records.review_version(vault, record_id, version) if version else records.get_review(vault, record_id)
    child = repository.get_child(vault, rec.record.child_id)
    held = rec.content.details.review_date
    with vault.read() as db:
        earlier = tracked_by_uid(db.conn, [p.uid for p in rec.content.previous])
        next_review = due.next_review_on(db.conn, child.child_id, held).due
    return ProfessionalData(child=child, record=rec, versions=tuple(records.review_versions(vault, record_id)),
                            earlier=earlier, council=repository.council_area(vault) or "",
                            next_review=next_review,
                            printed_on=today or date.today(),
                            author=rec.version.finalised_by or records.iro_name(vault) or "")


# ---- small helpers ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _styles() -> dict:
    return {
        "body": style("pro-body", FONT, SIZE, leading=SIZE * 1.3, colour=INK),
        "small": style("pro-small", FONT, SIZE - 0.5, leading=(SIZE - 0.5) * 1.3, colour=INK),
        "label": style("pro-label", BOLD, SIZE, leading=SIZE * 1.3, colour=INK),
        "h1": style("pro-h1", BOLD, 17, leading=21, colour=HEAD),
        "h2": style("pro-h2", BOLD, 11.5, leading=15, colour=HEAD, spaceBefore=12, spaceAfter=5),
        "status": style("pro-status", FONT, 10, leading=13, colour=INK),
        "letter": style("pro-letter", FONT, SIZE, leading=SIZE * 1.35, colour=INK, spaceAfter=4),
        "letter-bullet": style("pro-letter-bullet", FONT, SIZE, leading=SIZE * 1.35, colour=INK, spaceAfter=2,
                               leftIndent=12, bulletIndent=2),
        "letter-head": style("pro-letter-head", BOLD, SIZE + 0.5, leading=(SIZE + 0.5) * 1.3, colour=INK,
                             spaceBefore=6, spaceAfter=2),
    }


def _p(text: str, kind: str = "body") -> Paragraph:
    return Paragraph(text_xml(text), _styles()[kind])


def _d(value: date | None) -> str:
    return long_date(value) if value else "Not recorded"


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not recorded")


def _h2(title: str) -> Flowable:
    return outlined(Paragraph(text_xml(title), _styles()["h2"]), title)


def _grid(pairs: list[tuple[str, str]], width: float, columns: int = 2) -> Table:
    """Label/value pairs in ``columns`` pairs of columns, ruled lightly."""
    rows, row = [], []
    for label, value in pairs:
        row += [_p(label, "label"), _p(value or "Not recorded")]
        if len(row) == 2 * columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (2 * columns - len(row)))
    label_w = 0.16 * width if columns == 2 else 0.24 * width  # one column: room for a SHA-256 on a line
    value_w = width / columns - label_w
    t = Table(rows, colWidths=[label_w, value_w] * columns)
    t.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
                           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 5)))
    return t


def _table(header: list[str], rows: list[list[str | Flowable]], widths: list[float]) -> Table:
    body = [[_p(h, "label") for h in header]]
    body += [[c if isinstance(c, Flowable) else _p(c, "small") for c in r] for r in rows]
    t = Table(body, colWidths=widths, repeatRows=1)
    t.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, 0), HexColor(SHADE)),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
                           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 4)))
    return t


def _none(text: str) -> Paragraph:
    return _p(text, "small")


class _Swatch(Flowable):
    def __init__(self, colour: str, side: float = 8) -> None:
        super().__init__()
        self.colour, self.width, self.height = colour, side, side

    def draw(self) -> None:
        self.canv.setFillColor(HexColor(self.colour))
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


def _rag(value: str | None) -> Flowable:
    if not value:
        return _p("Not rated")
    # The word carries the rating; the colour only repeats it.
    t = Table([[_Swatch(RAG_COLOURS.get(value, INK)), _p(codes.RAG.get(value, value))]], colWidths=[14, None])
    t.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return t


# ---- sections -----------------------------------------------------------------------------------

def _status_line(data: ProfessionalData) -> str:
    v = data.record.version
    if v.read_only:
        return (f"Finalised version {v.version}: finalised by {v.finalised_by or 'not recorded'} on "
                f"{_d(v.finalised_on)}.")
    return f"DRAFT version {v.version}: not finalised. This record may still change."


def _child_section(data: ProfessionalData, width: float) -> list[Flowable]:
    c, held = data.child, data.record.content.details.review_date
    age = held.year - c.date_of_birth.year - ((held.month, held.day) < (c.date_of_birth.month, c.date_of_birth.day))
    period = c.current_period
    placement = c.current_placement
    place = ""
    if placement:
        place = caseload_codes.describe(caseload_codes.PLACEMENT_TYPES, placement.placement_type)
        extra = ", ".join(x for x in (placement.carer_name, placement.area) if x)
        place += (f" ({extra})" if extra else "") + (", out of area" if placement.out_of_area else "")
    name = f"{c.first_name} {c.last_name}" + (f" (known as {c.preferred_name})" if c.preferred_name
                                              and c.preferred_name != c.first_name else "")
    flags = ", ".join(label for label, on in (("Disabled", c.disability),
                                               ("Unaccompanied asylum-seeking child", c.uasc),
                                               ("Care leaver", c.care_leaver)) if on) or "None recorded"
    pairs = [
        ("Name", name), ("Child id", c.child_id),
        ("Date of birth", f"{_d(c.date_of_birth)} (aged {age} at the review)"),
        ("Gender", caseload_codes.GENDERS.get(c.gender or "", c.gender or "")),
        ("Legal status", caseload_codes.describe(caseload_codes.LEGAL_STATUSES,
                                                 period.legal_status if period else None)),
        ("Became looked after", _d(period.start_date) if period else ""),
        ("Placement", place), ("School", c.school or ""),
        ("Social worker", ", ".join(x for x in (c.social_worker_name, c.social_worker_team) if x)),
        ("First language", (c.first_language or "") + (" (interpreter needed)" if c.interpreter_needed else "")),
        ("Also recorded", flags), ("Sibling group", c.sibling_group or "None"),
    ]
    return [_h2("Child"), _grid(pairs, width)]


def _review_section(data: ProfessionalData, width: float) -> list[Flowable]:
    d = data.record.content.details
    venue = codes.VENUE_MODES.get(d.venue_mode or "", "")
    if d.venue:
        venue = f"{venue}: {d.venue}" if venue else d.venue
    pairs = [("Date held", _d(d.review_date)), ("Review type", codes.REVIEW_TYPES.get(d.review_type, d.review_type)),
             ("Venue", venue), ("Held as a series", _yes_no(d.held_as_series)),
             ("Next review due by", _d(data.next_review)),
             ("Record id", str(data.record.id))]
    out: list[Flowable] = [_h2("Review"), _grid(pairs, width)]
    if d.meetings:
        out += [Spacer(1, 6), _table(["Meeting", "Date", "How", "Where"],
                                     [[str(i), _d(m.meeting_date), codes.VENUE_MODES.get(m.venue_mode, ""), m.venue]
                                      for i, m in enumerate(d.meetings, start=1)],
                                     [0.1 * width, 0.25 * width, 0.3 * width, 0.35 * width])]
    return out


def _role(a) -> str:
    role = codes.ATTENDEE_ROLES.get(a.role, a.role)
    return f"{role} ({a.role_detail})" if a.role_detail else role


def _attendance_section(data: ProfessionalData, width: float) -> list[Flowable]:
    d = data.record.content.details
    widths = [0.34 * width, 0.44 * width, 0.22 * width]
    out: list[Flowable] = [_h2("Attendance")]
    if d.attendees:
        out.append(_table(["Attended", "Role", "How"],
                          [[a.name, _role(a), codes.VENUE_MODES.get(a.how, "")] for a in d.attendees], widths))
    else:
        out.append(_none("No attendees recorded."))
    if d.apologies:
        out += [Spacer(1, 6), _table(["Apologies", "Role", ""], [[a.name, _role(a), ""] for a in d.apologies], widths)]
    return out


def _participation_section(data: ProfessionalData, width: float) -> list[Flowable]:
    d = data.record.content.details
    code = d.participation_code
    pairs = [("Participation code", codes.participation_label(code) if code in codes.PARTICIPATION
              else "Not recorded"),
             ("Advocate offered", _yes_no(d.advocate_offered)), ("Advocate used", _yes_no(d.advocate_used)),
             ("Interpreter", f"Yes ({d.interpreter_language})" if d.interpreter_used and d.interpreter_language
              else _yes_no(d.interpreter_used))]
    out: list[Flowable] = [_h2("Participation"), _grid(pairs, width, columns=1)]
    if d.parents:
        out += [Spacer(1, 6), _table(["Parent", "Participation", "Note"],
                                     [[p.who, codes.PARENT_PARTICIPATION.get(p.how, p.how), p.note] for p in d.parents],
                                     [0.2 * width, 0.35 * width, 0.45 * width])]
    return out


def _reg36_section(data: ProfessionalData, width: float) -> list[Flowable]:
    d = data.record.content.details
    if d.seen_alone:
        seen = "Yes" + (f", on {_d(d.seen_alone_date)}" if d.seen_alone_date else "")
    elif d.seen_alone is False:
        seen = "No" + (f": {d.not_seen_alone_reason}" if d.not_seen_alone_reason else " (no reason recorded)")
    else:
        seen = "Not recorded"
    return [_h2("Regulation 36: the child seen in private before the review"),
            _grid([("Seen alone by the Independent Reviewing Officer", seen)], width, columns=1)]


def _consultation_section(data: ProfessionalData, width: float) -> list[Flowable]:
    d = data.record.content.details
    pairs = [(label, _yes_no(d.consultation_returned.get(key)) if key in d.consultation_returned else "Not recorded")
             for key, label in codes.CONSULTATION_GROUPS.items()]
    if d.consultation_others:
        pairs.append(("Others consulted", d.consultation_others))
    return [_h2("Consultation forms returned"), _grid(pairs, width)]


def _owner(role: str, name: str) -> str:
    label = codes.ATTENDEE_ROLES.get(role, role)
    return f"{name} ({label})" if name else label


def _earlier_section(data: ProfessionalData, width: float) -> list[Flowable]:
    previous = data.record.content.previous
    out: list[Flowable] = [_h2("Earlier decisions")]
    if not previous:
        return out + [_none("No earlier decisions were open at this review.")]
    rows = []
    for p in previous:
        t = data.earlier.get(p.uid)
        rows.append([t.what if t else f"Decision {p.uid[:8]}", _owner(t.who_role, t.who_name) if t else "",
                     _d(t.by_when) if t else "", codes.OUTCOMES.get(p.outcome or "", "Not decided"), p.note])
    return out + [_table(["Decision", "Owner", "Due by", "Outcome at this review", "Note"], rows,
                         [0.3 * width, 0.2 * width, 0.14 * width, 0.18 * width, 0.18 * width])]


def _decisions_section(data: ProfessionalData, width: float) -> list[Flowable]:
    recs = data.record.content.recommendations
    out: list[Flowable] = [_h2("Decisions of this review")]
    if not recs:
        return out + [_none("No decisions recorded.")]
    rows = [[str(i), r.what + (" (carried forward)" if r.carried_from else ""), _owner(r.who_role, r.who_name),
             _d(r.by_when)] for i, r in enumerate(recs, start=1)]
    return out + [_table(["No.", "Decision", "Owner", "By"], rows,
                         [0.06 * width, 0.5 * width, 0.26 * width, 0.18 * width])]


def _qa_section(data: ProfessionalData, width: float) -> list[Flowable]:
    qa = data.record.content.qa
    rows = [[_p("Care planning (progress of the care plan)", "label"), _rag(qa.care_planning_rag)],
            [_p("Preparation for the review", "label"), _rag(qa.preparation_rag)],
            [_p("Social worker's report ready in time", "label"), _p(_yes_no(qa.social_worker_report))],
            [_p("Care plan up to date", "label"), _p(_yes_no(qa.care_plan_up_to_date))],
            [_p("Child prepared for the review", "label"), _p(_yes_no(qa.child_prepared))],
            [_p("Good practice notification", "label"),
             _p("Yes" + (f": {qa.good_practice_note}" if qa.good_practice_note else "") if qa.good_practice else "No")]]
    if qa.note:
        rows.append([_p("Note for the manager", "label"), _p(qa.note)])
    t = Table(rows, colWidths=[0.38 * width, 0.62 * width])
    t.setStyle(table_style(("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
                           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3)))
    return [_h2("Quality assurance"), t]


def _letter_section(data: ProfessionalData, width: float) -> list[Flowable]:
    letter = data.record.content.letter
    out: list[Flowable] = [_h2("The letter to the child"), _p(letter.greeting, "letter")]
    out += blocks_flowables(markup.parse(letter.opening), _styles()["letter"], _styles()["letter-bullet"])
    for s in letter.visible_sections:
        if not s.blocks:
            continue
        body = blocks_flowables(s.blocks, _styles()["letter"], _styles()["letter-bullet"])
        out += [KeepTogether([_p(s.heading, "letter-head")] + body[:1])] + body[1:]
    hidden = [s.heading for s in letter.sections if s.hidden]
    if letter.sign_off.strip():
        out.append(Paragraph("<br/>".join(text_xml(x) for x in letter.sign_off.splitlines()), _styles()["letter"]))
    if hidden:
        out.append(_p("Sections not shown to the child: " + ", ".join(hidden) + ".", "small"))
    return out


def _versions_section(data: ProfessionalData, width: float) -> list[Flowable]:
    current = data.record.version
    rows = []
    for v in data.versions:
        status = "Finalised" if v.read_only else "Draft"
        rows.append([str(v.version) + (" (this)" if v.version == current.version else ""), status,
                     v.finalised_by or "", _d(v.finalised_on) if v.finalised_on else "", v.amendment_reason or "",
                     Paragraph(text_xml(v.content_sha256) if v.read_only else "Not fixed until finalised",
                               _styles()["small"])])
    pairs = [("Content SHA-256 of this version", current.content_sha256 if current.read_only
              else f"{current.content_sha256} (draft: changes with every save)"),
             ("Printed", f"{_d(data.printed_on)}, from IRO Desktop {__version__}")]
    return [_h2("Versions and finalisation"), _grid(pairs, width, columns=1), Spacer(1, 6),
            _table(["Version", "Status", "Finalised by", "Finalised on", "Amendment reason", "SHA-256"], rows,
                   [0.09 * width, 0.1 * width, 0.16 * width, 0.15 * width, 0.2 * width, 0.3 * width])]


# ---- the document ----------------------------------------------------------------------------------

def _page(data: ProfessionalData):
    child_id = data.child.child_id
    held = data.record.content.details.review_date
    v = data.record.version
    left = f"Review held {held:%d/%m/%Y}, version {v.version} ({'finalised' if v.read_only else 'DRAFT'})"
    council = f"{data.council} Council" if data.council and "council" not in data.council.lower() else data.council

    def header(canv, doc) -> None:
        canv.saveState()
        canv.setFillColor(HexColor(INK))
        canv.setFont(BOLD, 10)
        canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 30, MARKING)
        canv.setFont(FONT, 8.5)
        canv.drawString(MARGIN, PAGE_HEIGHT - 30, council or "Independent Reviewing Service")
        canv.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 30, f"Child id {child_id}")
        canv.setStrokeColor(HexColor(RULE))
        canv.setLineWidth(0.6)
        canv.line(MARGIN, PAGE_HEIGHT - 38, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 38)
        canv.restoreState()

    def footer(canv, doc) -> None:
        canv.saveState()
        draw_ruled_footer(canv, left, margin=MARGIN, font=FONT, ink=INK, rule=RULE)
        canv.setFont(BOLD, 10)
        canv.drawCentredString(PAGE_WIDTH / 2, 12, MARKING)
        canv.restoreState()

    return header, footer


def render_professional(data: ProfessionalData) -> bytes:
    """The professional record as PDF bytes."""
    width = PAGE_WIDTH - 2 * MARGIN
    c = data.child
    held = data.record.content.details.review_date
    story: list[Flowable] = [
        outlined(Paragraph("Review of a child in care: record of the review", _styles()["h1"]), "Record of the review"),
        Spacer(1, 3),
        _p(f"{c.first_name} {c.last_name}, child id {c.child_id}. Review held on {_d(held)}.", "status"),
        _p(_status_line(data), "status"),
    ]
    for part in (_child_section, _review_section, _attendance_section, _participation_section, _reg36_section,
                 _consultation_section, _earlier_section, _decisions_section, _qa_section, _letter_section,
                 _versions_section):
        story += part(data, width)
    header, footer = _page(data)
    meta = PdfMeta(title=f"Review record: child {c.child_id}, review held {long_date(held)}",
                   author=data.author, subject=f"{MARKING}: record of a child in care review",
                   keywords=MARKING)
    return build_pdf(story, meta, margins=(MARGIN, MARGIN, TOP, BOTTOM), on_page=header, on_page_end=footer,
                     initial_font=FONT)
