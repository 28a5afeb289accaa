"""The printed forms before a review meeting: the child's consultation form ("My review meeting
— what I want to say") in the four looks of the letters and as a picture-choice form, the
invitation to the child, and the consultation forms for parents, carers and partner agencies.

Modules, by what they hold:
  views         what each form may show: a child's form never sees an id, a legal status or the
                professional wording of the venue
  child_form    the child's consultation form (child, large-print, dyslexia-friendly, easy-read)
  picture_form  the picture-choice form, for children who do not read or write
  invitation    the invitation to the child
  professional_form  the forms for parents, carers and partner agencies
  source        the forms from the vault: the child's next booked meeting and who is invited
  command       ``iro-desktop render --variant consultation…``

This module only names the forms, so the command line can list them without loading reportlab.
Every form is made in memory as PDF bytes; nothing here writes a file.
"""

from __future__ import annotations

# The child's consultation form in each look (the letters' looks: ``printing.pdf.looks``).
CHILD_FORM_LOOKS = {"consultation": "child", "consultation-large-print": "large-print",
                    "consultation-dyslexia": "dyslexia", "consultation-easy-read": "easy-read"}
PICTURES = "consultation-pictures"
INVITATION = "invitation"
# The professional forms, by the consultee role whose questions they ask (``questions.FOR_ROLE``).
PROFESSIONAL_FORMS = {"consultation-parent": "parent", "consultation-carer": "carer",
                      "consultation-partner": "partner_agency"}
CHILD_FORMS: tuple[str, ...] = (*CHILD_FORM_LOOKS, PICTURES, INVITATION)
FORM_VARIANTS: tuple[str, ...] = (*CHILD_FORMS, *PROFESSIONAL_FORMS)
FORM_LABELS = {
    "consultation": "Consultation form for the child",
    "consultation-large-print": "Consultation form for the child: large print",
    "consultation-dyslexia": "Consultation form for the child: dyslexia-friendly",
    "consultation-easy-read": "Consultation form for the child: easy read",
    PICTURES: "Consultation form for the child: pictures to choose",
    INVITATION: "Invitation to the child",
    "consultation-parent": "Consultation form for a parent",
    "consultation-carer": "Consultation form for a carer",
    "consultation-partner": "Consultation form for a partner agency",
}
