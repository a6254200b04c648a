from casys.persons.models.candidate import (
    Application,
    ApplicationStatus,
    Candidate,
    Evidence,
    Relation,
    RelationKind,
)
from casys.persons.models.certificate import Appeal, AppealKind, CpdEntry, Decision, PersonCertificate
from casys.persons.models.items import RUBRIC_KINDS, AngoffRating, Form, FormItem, Item, ItemKind, ReviewState
from casys.persons.models.sessions import Booking, ExamSession, Outcome, PsychometricReport, Response, Sitting

__all__ = [
    "RUBRIC_KINDS",
    "AngoffRating",
    "Appeal",
    "AppealKind",
    "Application",
    "ApplicationStatus",
    "Booking",
    "Candidate",
    "CpdEntry",
    "Decision",
    "Evidence",
    "ExamSession",
    "Form",
    "FormItem",
    "Item",
    "ItemKind",
    "Outcome",
    "PersonCertificate",
    "PsychometricReport",
    "Relation",
    "RelationKind",
    "Response",
    "ReviewState",
    "Sitting",
]
