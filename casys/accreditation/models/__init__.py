"""Models of the accreditation app: accreditations with scope lines and events, signatory statuses."""

from casys.accreditation.models.accreditation import (
    Accreditation,
    AccreditationEvent,
    EventKind,
    InspectionType,
    ScopeLine,
    Standard,
)
from casys.accreditation.models.assessment import (
    AccreditationDecision,
    Assessment,
    AssessmentFinding,
    AssessmentKind,
    DecisionKind,
    FindingGrade,
    WitnessedActivity,
)
from casys.accreditation.models.recognition import ChainVersion, SignatoryStatus

__all__ = [
    "Accreditation",
    "AccreditationDecision",
    "AccreditationEvent",
    "ChainVersion",
    "Assessment",
    "AssessmentFinding",
    "AssessmentKind",
    "DecisionKind",
    "FindingGrade",
    "WitnessedActivity",
    "EventKind",
    "InspectionType",
    "ScopeLine",
    "SignatoryStatus",
    "Standard",
]
