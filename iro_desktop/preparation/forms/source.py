"""The forms from the vault: the child's next booked meeting (the first not cancelled, on or
after today), who is invited to it, the child's colours and picture, their IRO's card and the
online form's address, read in a few reads and handed to the renderers as views.

The meeting is read here with a query of its own (``review_meeting``, migration 13), so the
forms do not wait on the booking screens: a child with no meeting booked gets forms with blanks
to fill in.
"""

from __future__ import annotations

import json
from datetime import date, time

from iro_desktop.caseload import repository
from iro_desktop.errors import IroError
from iro_desktop.preparation.forms import (CHILD_FORM_LOOKS, FORM_VARIANTS, INVITATION, PICTURES,
                                           PROFESSIONAL_FORMS)
from iro_desktop.preparation.forms.views import (ChildFormView, ProfessionalFormView, child_form_view,
                                                 professional_form_view)
from iro_desktop.preparation.model import BOOKED, Consultee, Meeting
from iro_desktop.printing.profile import child_picture, consultation_address, iro_profile
from iro_desktop.printing.themes import child_theme
from iro_desktop.printing.views import ContactCard

_MEETING_COLUMNS = ("id, child_id, meeting_date, start_time, end_time, how, venue_child, venue_professional, "
                    "state, cancelled_reason, limit_on, return_by, series_first_id, review_id, record_id")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _clock(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _meeting(row) -> Meeting:
    (mid, child, on, start, end, how, venue_child, venue_pro, state, reason, limit, back, first, review,
     record) = row
    return Meeting(id=mid, child_id=child, meeting_date=date.fromisoformat(on), start_time=_clock(start),
                   end_time=_clock(end), how=how, venue_child=venue_child, venue_professional=venue_pro,
                   state=state, cancelled_reason=reason, limit_on=_day(limit), return_by=_day(back),
                   series_first_id=first, review_id=review, record_id=record)


def next_meeting(conn, child_id: str, today: date) -> Meeting | None:
    """The child's next booked meeting: the earliest still booked on or after ``today``."""
    row = conn.execute(
        f"SELECT {_MEETING_COLUMNS} FROM review_meeting WHERE child_id = ? AND state = ? AND meeting_date >= ? "
        "ORDER BY meeting_date, COALESCE(start_time, ''), id LIMIT 1",
        (child_id, BOOKED, today.isoformat())).fetchone()
    return _meeting(row) if row else None


def invited(conn, meeting_id: int) -> list[Consultee]:
    rows = conn.execute(
        "SELECT id, meeting_id, role, name, agency, invited, consulted, sent_on, sent_how, returned_on, "
        "returned_how, answers, note FROM consultee WHERE meeting_id = ? AND invited = 1 ORDER BY id",
        (meeting_id,)).fetchall()
    out = []
    for (cid, mid, role, name, agency, inv, cons, sent_on, sent_how, back_on, back_how, answers, note) in rows:
        try:
            said = json.loads(answers or "{}")
        except ValueError:
            said = {}
        out.append(Consultee(cid, mid, role, name, agency, bool(inv), bool(cons), _day(sent_on), sent_how,
                             _day(back_on), back_how, said if isinstance(said, dict) else {}, note))
    return out


class UnknownForm(IroError):
    def __init__(self, variant: str) -> None:
        super().__init__(f"'{variant}' is not a form the app makes; choose one of: {', '.join(FORM_VARIANTS)}.")


def _contact(vault) -> ContactCard:
    p = iro_profile(vault)
    return ContactCard(name=p.name, phone=p.phone, text=p.text, email=p.email, photo=p.photo)


def meeting_for(vault, child_id: str, today: date | None = None) -> tuple[Meeting | None, list[Consultee]]:
    today = today or date.today()
    with vault.read() as db:
        meeting = next_meeting(db.conn, child_id, today)
        people = invited(db.conn, meeting.id) if meeting is not None else []
    return meeting, people


def child_view(vault, child_id: str, today: date | None = None) -> ChildFormView:
    child = repository.get_child(vault, child_id)
    meeting, people = meeting_for(vault, child_id, today)
    return child_form_view(child.known_as, meeting, theme=child_theme(vault, child_id),
                           contact=_contact(vault), online_address=consultation_address(vault),
                           invited=people, picture=child_picture(vault, child_id))


def professional_view(vault, child_id: str, role: str, today: date | None = None) -> ProfessionalFormView:
    child = repository.get_child(vault, child_id)
    meeting, _people = meeting_for(vault, child_id, today)
    return professional_form_view(role, child_name=f"{child.first_name} {child.last_name}".strip(),
                                  child_id=child.child_id, date_of_birth=child.date_of_birth, meeting=meeting,
                                  contact=_contact(vault), online_address=consultation_address(vault))


def render_form(vault, child_id: str, variant: str, *, today: date | None = None) -> bytes:
    """Any form for a child, as PDF bytes made in memory."""
    if variant in CHILD_FORM_LOOKS:
        from iro_desktop.preparation.forms.child_form import render_child_form

        return render_child_form(child_view(vault, child_id, today), CHILD_FORM_LOOKS[variant])
    if variant == PICTURES:
        from iro_desktop.preparation.forms.picture_form import render_picture_form

        return render_picture_form(child_view(vault, child_id, today))
    if variant == INVITATION:
        from iro_desktop.preparation.forms.invitation import render_invitation

        return render_invitation(child_view(vault, child_id, today))
    if variant in PROFESSIONAL_FORMS:
        from iro_desktop.preparation.forms.professional_form import render_professional_form

        return render_professional_form(professional_view(vault, child_id, PROFESSIONAL_FORMS[variant], today))
    raise UnknownForm(variant)
