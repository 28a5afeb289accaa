"""The letter or email for each stage of an escalation, made from the record for the IRO to copy.

The app sends nothing: the IRO copies the text into their own email or letter. It names the
child as the council's letters do (their first name, or their council id: a setting), says what
the concern is, what is asked and by when, and where the escalation goes next if it is not
resolved. The text is made on request and never stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_desktop.errors import ValidationError
from iro_desktop.escalations import codes, tracker
from iro_desktop.escalations.model import Escalation, Step
from iro_desktop.reviews.recommendations import long_date
from iro_desktop.reviews.records import IRO_NAME_SETTING

NAMING_KEY = "escalations.letter_names"
FIRST_NAME, CHILD_ID = "first_name", "child_id"
NAMING = {FIRST_NAME: "The child's first name", CHILD_ID: "The child's council id"}


@dataclass(frozen=True)
class StageLetter:
    subject: str
    body: str

    @property
    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


def _day(d: date) -> str:
    return f"{d:%A} {long_date(d)}"


def _greeting(step: Step) -> str:
    if step.raised_with_name:
        return f"Dear {step.raised_with_name},"
    if step.raised_with_role:
        return f"Dear {step.raised_with_role},"
    return "Dear colleague,"


def compose(esc: Escalation, step: Step, *, child: str, iro_name: str | None) -> StageLetter:
    """The text for ``step`` of ``esc``; ``child`` is how the letter names the child."""
    theme = codes.THEMES.get(esc.theme, esc.theme)
    earlier = [s for s in esc.steps if s.position < step.position and not s.skipped]
    subject = f"Escalation under the dispute resolution process: {step.stage_label} – {child}"
    paragraphs = [_greeting(step)]
    if step.stage_key == codes.CAFCASS_STAGE and step.working_days is None:
        paragraphs.append(f"I am the Independent Reviewing Officer for {child}. I am writing to refer a matter "
                          "to Cafcass, as the council's dispute resolution process has not resolved it.")
    else:
        paragraphs.append(f"I am the Independent Reviewing Officer for {child}. I am raising a concern with you "
                          f"under the council's dispute resolution process (stage: {step.stage_label}).")
    concern = f"The concern ({theme}): {esc.description}"
    if esc.partner_agency:
        concern += f"\n\nThis concerns our partner agency: {codes.AGENCIES[esc.partner_agency].lower()}."
    paragraphs.append(concern)
    if earlier:
        history = "; ".join(f"{s.stage_label} on {long_date(s.started_on)}"
                            + (f" with {s.raised_with_name or s.raised_with_role}"
                               if (s.raised_with_name or s.raised_with_role) else "")
                            for s in earlier)
        paragraphs.append(f"I first raised this on {long_date(esc.raised_on)}. It has been raised before: "
                          f"{history}. It has not yet been resolved.")
    asked = esc.asked or "A plan to put this right: what will be done, by whom and by when."
    paragraphs.append(f"What I am asking for: {asked}")
    deadline = esc.step_deadline(step)
    if deadline is not None:
        by_when = (f"Please reply to me by {_day(deadline)} ({step.working_days} working days from "
                   f"{long_date(step.started_on)}).")
        later = [s for s in esc.stages if esc.stages.index(s) > _stage_index(esc, step)]
        if later:
            nxt = later[0]
            by_when += (f" If it is not resolved by then, I will take it to the next stage, {nxt.label}"
                        + (f" ({nxt.with_whom})." if nxt.with_whom else "."))
        by_when += (f" The council's process allows no more than {esc.overall_working_days} working days in all, "
                    f"which ends on {_day(esc.overall_deadline)}.")
        paragraphs.append(by_when)
    else:
        paragraphs.append("Please let me know how Cafcass would like to proceed.")
    paragraphs.append("Thank you for your help with this.")
    paragraphs.append("Yours sincerely,\n" + (iro_name or "[your name]") + "\nIndependent Reviewing Officer")
    return StageLetter(subject, "\n\n".join(paragraphs))


def _stage_index(esc: Escalation, step: Step) -> int:
    return next((i for i, s in enumerate(esc.stages) if s.key == step.stage_key), len(esc.stages))


def naming(conn) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (NAMING_KEY,)).fetchone()
    return row[0] if row and row[0] in NAMING else FIRST_NAME


def save_naming(vault, how: str) -> None:
    if how not in NAMING:
        raise ValidationError([("letter_names", "Choose how the letters name the child from the list.")])
    with vault.transaction() as tx:
        tx.set_setting(NAMING_KEY, how)


def stage_letter(vault, escalation_id: int, position: int | None = None) -> StageLetter:
    """The letter for the step at ``position`` of the escalation's history (its current step by default)."""
    with vault.read() as db:
        conn = db.conn
        esc = tracker.get_tx(conn, escalation_id)
        step = esc.current_step if position is None else next(
            (s for s in esc.steps if s.position == position and not s.skipped), None)
        if step is None:
            raise ValidationError([("position", "That stage was skipped: there is no letter for it.")])
        if naming(conn) == CHILD_ID:
            child = esc.child_id
        else:
            row = conn.execute("SELECT first_name FROM child WHERE child_id = ?", (esc.child_id,)).fetchone()
            child = row[0] if row and row[0] else esc.child_id
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (IRO_NAME_SETTING,)).fetchone()
        return compose(esc, step, child=child, iro_name=row[0] if row else None)
