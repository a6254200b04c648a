"""Models of the inspection app, one module per aggregate, re-exported here."""

from casys.inspection.models.equipment import Instrument, Item, ItemKind
from casys.inspection.models.inspection import TRANSITIONS, CheckResult, Defect, Inspection, Photo, State
from casys.inspection.models.people import ACTIVITIES, Competence, Involvement
from casys.inspection.models.report import LANGUAGES, InspectionReport
from casys.inspection.models.scope import BodyProfile, Independence, ScopeLine

__all__ = [
    "ACTIVITIES",
    "LANGUAGES",
    "TRANSITIONS",
    "BodyProfile",
    "CheckResult",
    "Competence",
    "Defect",
    "Independence",
    "Inspection",
    "InspectionReport",
    "Instrument",
    "Involvement",
    "Item",
    "ItemKind",
    "Photo",
    "ScopeLine",
    "State",
]
