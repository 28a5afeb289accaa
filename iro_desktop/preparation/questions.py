"""The questions each consultation form asks, in one place: the printed forms ask them, the
screen where the IRO types in what came back shows them, and "What people told me" beside the
letter lists the answers under them. A key never changes once a form has been returned with it.

The child's questions are the ones children answer (and the annual reports ask about): what is
going well, what worries them, what they want to change, who they want there, where they want
it, and whether they want to chair part of it or set the agenda. Adults are asked what councils
ask parents, carers and partner agencies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    text: str  # as the form asks it, to the person filling it in
    short: str  # a heading on screen and in "What people told me"
    yes_no: bool = False  # a tick-box question (on the child's form: yes / no / not sure)


CHILD = (
    Question("going_well", "What is going well for me?", "Going well"),
    Question("worries", "What worries me?", "Worries"),
    Question("change", "What I want to change", "Wants to change"),
    Question("who_there", "Who I want at my review meeting", "Who they want there"),
    Question("where", "Where I want my review meeting to be", "Where they want it"),
    # In the child's words first, the meeting's own word after it (the easy-read form drops it).
    Question("chair", "Do I want to help run part of my review meeting (chair it)?", "Chair part of it",
             yes_no=True),
    Question("agenda", "Do I want to help choose what we talk about (the agenda)?", "Set the agenda", yes_no=True),
    Question("anything_else", "Anything else I want to say", "Anything else"),
)

PARENT = (
    Question("going_well", "What is going well for your child?", "Going well"),
    Question("worries", "What worries you about your child's care?", "Worries"),
    Question("plan", "What do you think of your child's care plan?", "The care plan"),
    Question("family_time", "How is family time going?", "Family time"),
    Question("change", "What would you like to change?", "Wants to change"),
    Question("attend", "Will you come to the review meeting?", "Coming to the meeting", yes_no=True),
)

CARER = (
    Question("going_well", "What is going well in the placement?", "Going well"),
    Question("health_education", "How are the child's health and education?", "Health and education"),
    Question("worries", "What worries you?", "Worries"),
    Question("support", "What support do you or the child need?", "Support needed"),
    Question("family_time", "How is family time going?", "Family time"),
    Question("attend", "Will you come to the review meeting?", "Coming to the meeting", yes_no=True),
)

PARTNER = (
    Question("involvement", "Your agency's involvement with the child since the last review",
             "Involvement since the last review"),
    Question("progress", "Progress against the care plan's actions for your agency", "Progress on actions"),
    Question("concerns", "Any concerns, or drift and delay you have seen", "Concerns"),
    Question("recommend", "What you recommend the review considers", "Recommends"),
    Question("attend", "Will you come to the review meeting?", "Coming to the meeting", yes_no=True),
)

# The form each role is sent (partner agencies, school and health get the partner form).
FOR_ROLE = {"child": CHILD, "parent": PARENT, "carer": CARER, "school": PARTNER, "health": PARTNER,
            "partner_agency": PARTNER, "social_worker": PARTNER}
YES_NO_ANSWERS = ("yes", "no", "not_sure")


def questions_for(role: str) -> tuple[Question, ...]:
    """The questions the form for ``role`` asks (the partner form for anyone not listed)."""
    return FOR_ROLE.get(role, PARTNER)


def question(role: str, key: str) -> Question | None:
    return next((q for q in questions_for(role) if q.key == key), None)
