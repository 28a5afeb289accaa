"""The escalation tracker's words: themes, partner agencies, outcomes, who good practice is about.

Each map is stable key -> label. The keys are what the vault stores and what the annual report
counts by (``iro_desktop.escalations.figures``); the labels are what the screens and the report
show, so a label can be reworded without touching a stored row.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

THEMES: Mapping[str, str] = MappingProxyType({
    "drift_and_delay": "Drift and delay",
    "permanence_planning": "Permanence planning",
    "care_planning": "Care planning",
    "family_time": "Family time",
    "life_story_work": "Life-story work",
    "placement_stability": "Placement stability",
    "health_assessment": "Health assessment",
    "education_pep": "Education / PEP",
    "transition_to_adult_services": "Transition to adult services",
    "care_leaver_support": "Care leaver support",
    "non_compliance": "Non-compliance",
    "other": "Other",
})

AGENCIES: Mapping[str, str] = MappingProxyType({
    "health": "Health",
    "education": "Education",
    "police": "Police",
    "adult_services": "Adult services",
    "other": "Other agency",
})

RESOLVED, PARTLY_RESOLVED, NOT_RESOLVED, WITHDRAWN, REFERRED_TO_CAFCASS = (
    "resolved", "partly_resolved", "not_resolved", "withdrawn", "referred_to_cafcass")
OUTCOMES: Mapping[str, str] = MappingProxyType({
    RESOLVED: "Resolved",
    PARTLY_RESOLVED: "Partly resolved",
    NOT_RESOLVED: "Not resolved",
    WITHDRAWN: "Withdrawn (no longer needed)",
    REFERRED_TO_CAFCASS: "Referred to Cafcass",
})

# Who a good-practice notification is about.
ABOUT: Mapping[str, str] = MappingProxyType({
    "social_worker": "Social worker",
    "team": "Team",
    "carer": "Carer",
    "partner": "Partner agency",
    "other": "Other",
})

# What a step of the stage history says about how it ended.
MOVED_UP, SKIPPED, REFERRED, CLOSED = "moved_up", "skipped", "referred", "closed"
STEP_ENDINGS: Mapping[str, str] = MappingProxyType({
    MOVED_UP: "Moved up",
    SKIPPED: "Skipped",
    REFERRED: "Referred to Cafcass",
    CLOSED: "Resolved",
})

CAFCASS_STAGE = "cafcass"  # the key of the step an escalation is on once referred to Cafcass
