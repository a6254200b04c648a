"""Models of the certification app, one module per aggregate, re-exported here."""

from casys.certification.models.application import Application, PersonnelGroup, Site
from casys.certification.models.audit import Attachment, Audit, Finding, FindingStep
from casys.certification.models.audit_table import AuditTimeTable
from casys.certification.models.auditor import Auditor, Conflict, Evidence, Qualification, QualificationRole
from casys.certification.models.certificate import Certificate, CertificateEvent, Decision
from casys.certification.models.client import Address, AddressKind, Client, ContactPerson
from casys.certification.models.edition import EditionChange, ReEvaluation
from casys.certification.models.mark import Mark, MisuseOutcome, MisuseReport
from casys.certification.models.product import Batch, Licence, Manufacturer, Outcome, Product, ProductResult
from casys.certification.models.suspension import ProposalState, SuspensionProposal

__all__ = [
    "Address",
    "AddressKind",
    "ContactPerson",
    "Evidence",
    "QualificationRole",
    "Application",
    "Attachment",
    "Audit",
    "Batch",
    "AuditTimeTable",
    "Auditor",
    "Certificate",
    "CertificateEvent",
    "Client",
    "Conflict",
    "Decision",
    "EditionChange",
    "Finding",
    "FindingStep",
    "Licence",
    "Manufacturer",
    "Mark",
    "MisuseOutcome",
    "MisuseReport",
    "Outcome",
    "PersonnelGroup",
    "Product",
    "ProductResult",
    "ProposalState",
    "Qualification",
    "ReEvaluation",
    "Site",
    "SuspensionProposal",
]
from casys.certification.models.plan import (  # noqa: E402 - the audit plans' aggregate, kept apart
    AuditPlan,
    ChecklistEntry,
    EntryEvidence,
    FindingRequirement,
    PlanLine,
    RecordingConsent,
    RemoteActivity,
    RemoteAssessment,
)

__all__ += [
    "AuditPlan",
    "ChecklistEntry",
    "EntryEvidence",
    "FindingRequirement",
    "PlanLine",
    "RecordingConsent",
    "RemoteActivity",
    "RemoteAssessment",
]
