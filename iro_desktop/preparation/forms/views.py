"""What each form may show, and nothing more.

The child's forms (consultation form, picture form, invitation) are drawn from a
``ChildFormView`` only: the name the child uses, their colours, when and where the meeting is in
the child's words (``Meeting.venue_child``, ``model.HOW_FOR_CHILD``), who is coming by first name
and a word for who they are, the return-by date and how to reach their IRO. The child's id,
legal status, the professional wording of the venue and anything else from the case record are
never copied into it, whatever a renderer does.

The professional forms go to adults who know the case: they name the child in full with their
id and date of birth, so a returned form finds its way back to the right file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Sequence

from iro_desktop.preparation.model import HOW, HOW_FOR_CHILD, ROLES, Consultee, Meeting
from iro_desktop.printing.themes import Theme
from iro_desktop.printing.views import ContactCard

# Who is coming, in words a child uses ("Pat, your carer").
ROLE_FOR_CHILD = {
    "parent": "your family", "carer": "your carer", "social_worker": "your social worker",
    "school": "from school", "health": "to help with your health", "advocate": "your advocate",
    "independent_visitor": "your independent visitor", "partner_agency": "someone who helps you",
    "other": "",
}


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}


@dataclass(frozen=True)
class ChildFormView:
    child_name: str  # the name the child uses
    theme: Theme
    contact: ContactCard  # their IRO: who the form goes back to
    meeting_date: date | None = None  # None: a form with blanks to fill in
    start_time: time | None = None
    end_time: time | None = None
    how: str = ""  # how it is held, in the child's words ("on a video call")
    where: str = ""  # in the child's words ("at home with Joan and Pete")
    return_by: date | None = None
    online_address: str | None = None  # the council's online form, printed as a QR code
    coming: tuple[str, ...] = ()  # "Pat, your carer"
    picture: bytes | None = None  # the picture the child chose for their letters


@dataclass(frozen=True)
class ProfessionalFormView:
    role: str  # the ``model.ROLES`` key whose questions the form asks
    child_name: str  # in full
    child_id: str
    date_of_birth: date | None
    contact: ContactCard  # the IRO: where the form goes back
    meeting_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    how: str = ""  # ``model.HOW``'s words
    venue: str = ""  # the professional wording
    return_by: date | None = None
    online_address: str | None = None


def coming_words(consultees: Sequence[Consultee]) -> tuple[str, ...]:
    """Who is invited, as the child's invitation says it; the child themself left out."""
    out = []
    for c in consultees:
        if not c.invited or c.role == "child":
            continue
        words = c.name.split()
        # "Mr Patel" is what a child calls their teacher; "Joan Smith" is Joan.
        first = " ".join(words) if words and words[0].rstrip(".").lower() in _TITLES else (words[0] if words else "")
        role = ROLE_FOR_CHILD.get(c.role, "")
        if first and role:
            out.append(f"{first}, {role}")
        elif first:
            out.append(first)
        elif role and not role.startswith(("from ", "to ")):
            out.append(role[0].upper() + role[1:])
    return tuple(dict.fromkeys(out))


def child_form_view(child_name: str, meeting: Meeting | None, *, theme: Theme, contact: ContactCard,
                    online_address: str | None = None, invited: Sequence[Consultee] = (),
                    picture: bytes | None = None) -> ChildFormView:
    """The child's view of their meeting (or of none yet: blanks to fill in)."""
    if meeting is None:
        return ChildFormView(child_name=child_name.strip(), theme=theme, contact=contact,
                             online_address=online_address or None, picture=picture)
    return ChildFormView(
        child_name=child_name.strip(), theme=theme, contact=contact, meeting_date=meeting.meeting_date,
        start_time=meeting.start_time, end_time=meeting.end_time, how=HOW_FOR_CHILD.get(meeting.how, ""),
        where=meeting.venue_child.strip(), return_by=meeting.return_by, online_address=online_address or None,
        coming=coming_words(invited), picture=picture)


def professional_form_view(role: str, *, child_name: str, child_id: str, date_of_birth: date | None,
                           meeting: Meeting | None, contact: ContactCard,
                           online_address: str | None = None) -> ProfessionalFormView:
    if role not in ROLES:
        raise ValueError(f"unknown consultee role {role!r}")
    base = ProfessionalFormView(role=role, child_name=child_name, child_id=child_id, date_of_birth=date_of_birth,
                                contact=contact, online_address=online_address or None)
    if meeting is None:
        return base
    from dataclasses import replace

    return replace(base, meeting_date=meeting.meeting_date, start_time=meeting.start_time,
                   end_time=meeting.end_time, how=HOW.get(meeting.how, ""), venue=meeting.venue_professional,
                   return_by=meeting.return_by)


def clock(t: time | None) -> str:
    """"10am", "2:30pm": how a child reads a time."""
    if t is None:
        return ""
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}:{t.minute:02d}{suffix}"
