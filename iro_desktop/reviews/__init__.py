"""Review records and midway reviews: the details, the letter to the child, decisions and their
tracking, the draft -> finalised -> amended lifecycle, and autosave.

Modules, by what they hold:
  codes            participation codes (PN0-PN7, official wording) and the other code lists
  model            the content of a review record and of a midway review, and its JSON form
  checks           what is wrong with, or missing from, content before saving or finalising
  lifecycle        records and their versions: draft, finalised (read-only, hashed), amended
  records          the review record API (start, save, finalise, amend, paperwork dates)
  recommendations  decisions tracked across reviews, carry-forward, "What will happen next"
  midway           the midway review API and escalation intents
  drafts           autosave of work in progress and its recovery after a crash
  record_kinds     the calls for each kind of record, one table an editor works through
  editor_data      what a record's editor is opened with, read in one go
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iro_desktop.lazy import lazy_names

# The names load their module on first use, so that importing one module of the package (drafts,
# say) does not load the rest, and the search, the checks and the records with it.
_BY_MODULE = {
    "drafts": ("DraftPayload", "RecoveredDraft", "discard_draft", "load_draft", "prepare_draft", "recover_drafts",
               "save_draft"),
    "lifecycle": ("NotFinalised", "RecordFinalised", "RecordInfo", "UnknownRecord", "VersionInfo"),
    "midway": ("MidwayRecord", "amend_midway", "escalation_intents", "finalise_midway", "get_midway",
               "midway_checks", "midway_records", "midway_version", "midway_versions", "save_midway",
               "start_escalation", "start_midway"),
    "model": ("Attendee", "Meeting", "MidwayContent", "ParentParticipation", "PreviousOutcome", "QualityAssurance",
              "Recommendation", "RecommendationProgress", "ReviewContent", "ReviewDetails"),
    "records": ("ReviewRecord", "amend_review", "finalise_review", "get_review", "letter_readability",
                "record_decisions_circulated", "record_for_review", "record_letter_sent", "review_checks",
                "review_records", "review_version", "review_versions", "save_review", "start_record_for_review",
                "start_review", "verify_version"),
    "recommendations": ("TrackedRecommendation", "carry_forward", "open_recommendations",
                        "recommendations_for_child", "refresh_what_next", "set_outcome", "what_happens_next"),
}
__getattr__, __dir__ = lazy_names(__name__, {name: module for module, names in _BY_MODULE.items()
                                             for name in names})
__all__ = sorted(name for names in _BY_MODULE.values() for name in names)

if TYPE_CHECKING:
    from iro_desktop.reviews.drafts import (DraftPayload, RecoveredDraft, discard_draft, load_draft,
                                            prepare_draft, recover_drafts, save_draft)
    from iro_desktop.reviews.lifecycle import (NotFinalised, RecordFinalised, RecordInfo, UnknownRecord,
                                               VersionInfo)
    from iro_desktop.reviews.midway import (MidwayRecord, amend_midway, escalation_intents, finalise_midway,
                                            get_midway, midway_checks, midway_records, midway_version,
                                            midway_versions, save_midway, start_escalation, start_midway)
    from iro_desktop.reviews.model import (Attendee, Meeting, MidwayContent, ParentParticipation,
                                           PreviousOutcome, QualityAssurance, Recommendation,
                                           RecommendationProgress, ReviewContent, ReviewDetails)
    from iro_desktop.reviews.records import (ReviewRecord, amend_review, finalise_review, get_review,
                                             letter_readability, record_decisions_circulated, record_for_review,
                                             record_letter_sent, review_checks, review_records,
                                             review_version, review_versions, save_review,
                                             start_record_for_review, start_review, verify_version)
    from iro_desktop.reviews.recommendations import (TrackedRecommendation, carry_forward,
                                                     open_recommendations, recommendations_for_child,
                                                     refresh_what_next, set_outcome, what_happens_next)
