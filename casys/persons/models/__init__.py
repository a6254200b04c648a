from casys.persons.models.candidate import (
    Application,
    ApplicationStatus,
    Candidate,
    Evidence,
    Relation,
    RelationKind,
)
from casys.persons.models.certificate import Appeal, AppealKind, CpdEntry, Decision, PersonCertificate
from casys.persons.models.items import RUBRIC_KINDS, Form, FormItem, Item, ItemKind, ReviewState
from casys.persons.models.sessions import ExamSession, Outcome, Response, Sitting

__all__ = [
    "RUBRIC_KINDS",
    "Appeal",
    "AppealKind",
    "Application",
    "ApplicationStatus",
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
    "Relation",
    "RelationKind",
    "Response",
    "ReviewState",
    "Sitting",
]
