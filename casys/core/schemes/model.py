"""The scheme model: what a certification scheme declares, as frozen records.

A scheme (ISO/IEC 17000:2020, 4.9 "conformity assessment scheme") is data: the
TOML files under ``casys/schemes`` are parsed into these records by
:mod:`casys.core.schemes.loader`. The engine reads nothing else, so a product
scheme (ISO/IEC 17067 type 5) and a management-system scheme (ISO/IEC 17021-1)
run through the same code.

>>> Phase(id="surveillance", kind="surveillance", activities=("surveillance-audit",),
...       decision=False, every="calendar-year", first_within_months=12).scheduled
True
"""

from __future__ import annotations

from dataclasses import dataclass

from casys.core.audit_time_methods import METHODS
from casys.core.inspection.plan import InspectionPlan
from casys.core.remote_audit import RemoteRules
from casys.core.schemes.persons import PersonsScheme

#: Phase kinds the engine knows (ISO/IEC 17021-1:2015 9.1.3: initial audit,
#: surveillance, recertification; 9.6.4 special audits; ISO/IEC 17067:2013 5.3
#: for product schemes, whose phases are the same kinds of step).
PHASE_KINDS = ("initial", "surveillance", "recertification", "special")

#: Cadences of a repeated phase. ``calendar-year``: at least once each calendar
#: year (ISO/IEC 17021-1:2015 9.1.3.2 / 9.6.2.2); ``year``: every 12 months
#: from the decision (the usual wording of product schemes).
CADENCES = ("calendar-year", "year")

#: Audit-time methods (casys.core.audit_time_methods): IAF MD 5 tables shipped with casys, a band
#: table a body loads (ISO 50003, ISO/TS 21030, ISO/IEC 42006 are not public), the ISO/IEC 27006-1
#: and ISO/TS 22003-1 methods (their tables loaded by the body) or none.
AUDIT_TIME_METHODS = (*METHODS, "none")  # casys.core.audit_time_methods; "none": no audit time

#: Site-sampling methods: IAF MD 1 (multi-site sampling) or none.
SITE_SAMPLING_METHODS = ("iaf-md1", "none")

#: Ways team competence is expressed: IAF codes (IAF ID 1) or product categories.
COMPETENCE_BY = ("iaf-code", "product-category")

#: What recording an activity takes (the scheme's ``records`` table names one per activity id):
#: ``findings`` (an audit or inspection: nonconformities graded major/minor), ``test-report``
#: (a result per product type from a test report: ISO/IEC 17067:2013 5.3.6 type testing),
#: ``market-sample`` (the same, on a sample taken from the market, with where and when).
RECORD_KINDS = ("findings", "test-report", "market-sample")

#: Activity delivery modes (IAF MD 4:2023; ISO/TS 17012:2024).
MODES = ("on-site", "remote", "hybrid")

#: Kinds of body that run a scheme: a certification body (ISO/IEC 17021-1, 17065), an
#: inspection body (ISO/IEC 17020) or a certification body for persons (ISO/IEC 17024).
BODY_KINDS = ("certification", "inspection", "persons")

#: Who issues the attestation: the body (third party) or the manufacturer (first party: a
#: declaration of conformity, ISO/IEC 17050-1; ISO/IEC 17000:2020 7.3 and 7.5).
ISSUERS = ("body", "manufacturer")

#: Lot sampling plans a scheme can name for a batch: ISO 2859-1 (tables of MIL-STD-105E, see
#: :mod:`casys.core.sampling`), every unit of the batch, or a fixed number of units.
LOT_SAMPLING_PLANS = ("iso2859-1", "all-units", "fixed")

#: What follows a surveillance overdue past the scheme's limit (:mod:`casys.core.surveillance`): a
#: suspension proposed to the decision maker, or the suspension applied at once.
OVERDUE_ACTIONS = ("propose-suspension", "suspend")


@dataclass(frozen=True)
class Phase:
    """One phase of the scheme: its determination activities and whether a decision follows."""

    id: str
    kind: str
    activities: tuple[str, ...]
    decision: bool
    every: str | None = None
    first_within_months: int | None = None
    before: str | None = None
    on_demand: bool = False

    @property
    def scheduled(self) -> bool:
        """True when the programme places this phase on the calendar (it repeats or precedes expiry)."""
        return self.every is not None or self.before is not None


@dataclass(frozen=True)
class SectorCompetence:
    """Sector competence criteria of a scheme (e.g. ISO/IEC TS 17021-15:2023 for ISO 7101).

    ``areas`` maps an area id to its title; ``team`` lists the areas the audit team must cover
    *collectively* (no one member needs all of them); ``reviewer`` and ``decision_maker`` the areas
    each of those persons must hold *individually*.
    """

    source: str
    areas: tuple[tuple[str, str], ...]
    team: tuple[str, ...] = ()
    reviewer: tuple[str, ...] = ()
    decision_maker: tuple[str, ...] = ()

    def title(self, area: str) -> str:
        return dict(self.areas).get(area, area)


#: What a document is to a scheme: the requirements audited, the requirements for the bodies that
#: certify (an ISO/IEC 17021 part or a sector CB document), a competence part, guidance.
DOCUMENT_ROLES = ("requirements", "cb-requirements", "competence", "guidance")


@dataclass(frozen=True)
class SchemeDocument:
    """A document a scheme rests on, with the clause ids and titles casys may ship (titles only:
    the text of ISO documents is copyrighted)."""

    id: str
    role: str
    title: str = ""
    clauses: tuple[tuple[str, str], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class AuditTimeMethod:
    """How audit time is determined: ``method`` with the ``table`` id it reads."""

    method: str
    table: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Attestation:
    """What is issued after a positive decision (ISO/IEC 17000:2020, 7.3)."""

    kind: str
    validity_years: int
    licence_to_mark: bool = False
    template: str = ""
    issuer: str = "body"
    #: the units of a certified batch may carry the mark (17067 Table 1 V, certification of a
    #: batch); only for a scheme type that certifies a batch (docs/product-certification.md)
    batch_marking: bool = False


@dataclass(frozen=True)
class ActivityElement:
    """The ISO/IEC 17067 Table 1 element of one activity (``activity.<id>`` in the file).

    ``element`` holds wherever the activity is used, unless ``by_phase`` names another element for
    a phase (a factory inspection is the initial assessment of production in the initial phase and
    an audit of the management system in surveillance). ``sampling`` is the point where its samples
    are taken (17067 Table 1 I selection).
    """

    activity: str
    element: str
    by_phase: tuple[tuple[str, str], ...] = ()
    sampling: str | None = None
    title: str = ""

    def element_in(self, phase_id: str) -> str:
        return dict(self.by_phase).get(phase_id, self.element)


@dataclass(frozen=True)
class LotSampling:
    """How the sample is drawn from a batch: ``plan`` with its parameters (ISO 2859-1 level, AQL,
    severity; or ``n`` units for a fixed plan)."""

    plan: str
    level: str = "II"
    aql: str = ""
    severity: str = "normal"
    n: int | None = None
    source: str = ""


@dataclass(frozen=True)
class OverdueLimit:
    """How long a surveillance may be overdue before the certificate is suspended, and how.

    ``after_days`` counts from the surveillance's due date (the programme's ``latest``); ``then`` is
    one of :data:`OVERDUE_ACTIONS`; ``source`` says where the numbers come from (ISO/IEC 17021-1
    fixes the due date, 9.6.2.2, and that not allowing surveillance leads to suspension, 9.6.5.1,
    but not the days of grace: those are the scheme's or the body's choice).
    """

    after_days: int
    then: str = "propose-suspension"
    source: str = ""


@dataclass(frozen=True)
class DecisionRequirements:
    """Conditions checked before a certification decision.

    ``max_days_after_stage2`` is a certification-body policy, not a normative
    number: ISO/IEC 17021-1:2015 (9.5) does not fix a time between the last
    audit day and the decision. The default in the shipped schemes is casys's.
    """

    no_open_major_nc: bool = True
    decision_maker_independent: bool = True
    max_days_after_stage2: int | None = None
    #: a failed test of the phase (type test, market-sample test: ISO/IEC 17067:2013 5.3) blocks
    no_failed_test: bool = False


@dataclass(frozen=True)
class Scheme:
    """A certification scheme, as loaded from its data file."""

    id: str
    title: str
    standard: str
    normative_document: str
    object: str
    phases: tuple[Phase, ...]
    attestation: Attestation
    audit_time: AuditTimeMethod
    site_sampling: str = "none"
    competence_by: str = "iaf-code"
    team_leader_required: bool = True
    #: sector competence criteria (``[competence]`` areas; ISO/IEC TS 17021-15 for ISO 7101)
    sector_competence: SectorCompetence | None = None
    decision: DecisionRequirements = DecisionRequirements()
    min_onsite_share: float | None = None
    #: limits on remote auditing (the ``onsite`` table: IAF MD 4, scheme owners, accreditation bodies)
    remote_rules: RemoteRules = RemoteRules()
    scheme_type: str | None = None
    source_file: str = ""
    records: tuple[tuple[str, str], ...] = ()  # (activity id, one of RECORD_KINDS)
    body: str = "certification"
    activity_elements: tuple[ActivityElement, ...] = ()
    lot_sampling: LotSampling | None = None
    inspection: InspectionPlan | None = None
    #: how the scheme maps onto a 17067 type where it is not a 17067 scheme itself (EAEU schemes)
    scheme_type_note: str = ""
    sources: tuple[str, ...] = ()
    #: what happens to the certificate when a surveillance is overdue (None: the scheme sets no limit)
    surveillance_overdue: OverdueLimit | None = None
    #: a scheme for persons (ISO/IEC 17024:2012, 8): the ``[persons]`` table
    persons: PersonsScheme | None = None
    #: the documents the scheme rests on (``[[documents]]``): requirements, CB requirements ...
    documents: tuple[SchemeDocument, ...] = ()

    def element(self, phase_id: str, activity: str) -> str | None:
        """The 17067 Table 1 element of ``activity`` in phase ``phase_id`` (None if the file names none).

        >>> from casys.core.schemes import load_scheme
        >>> s = load_scheme("type5-electrical")
        >>> s.element("initial", "factory-inspection"), s.element("surveillance", "factory-inspection")
        ('determination.production-assessment', 'surveillance.management-system-audit')
        """
        for a in self.activity_elements:
            if a.activity == activity:
                return a.element_in(phase_id)
        return None

    def programme_elements(self) -> frozenset[str]:
        """Every 17067 Table 1 element the programme has: its activities' elements, selection where
        an activity takes samples, review and decision where a phase is followed by a decision, and
        licensing where the attestation licenses a mark."""
        out = {e for p in self.phases for a in p.activities if (e := self.element(p.id, a)) is not None}
        if any(a.sampling for a in self.activity_elements):
            out.add("selection")
        if any(p.decision for p in self.phases):
            out |= {"review", "decision"}
        if self.attestation.licence_to_mark or self.attestation.batch_marking:
            out.add("licensing")
        return frozenset(out)

    @property
    def has_surveillance(self) -> bool:
        """Whether the programme has a surveillance phase (ISO/IEC 17030:2021: marks need one)."""
        return bool(self.phases_of_kind("surveillance"))

    def record_kind(self, activity: str) -> str:
        """What recording ``activity`` takes; an activity the file does not name is an audit.

        >>> from casys.core.schemes import load_scheme
        >>> s = load_scheme("type5-electrical")
        >>> s.record_kind("type-test"), s.record_kind("factory-inspection")
        ('test-report', 'findings')
        """
        return dict(self.records).get(activity, "findings")

    def phase(self, phase_id: str) -> Phase:
        """The phase with this id; ``KeyError`` naming the scheme if there is none."""
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(f"{self.id}: no phase {phase_id!r} (phases: {', '.join(p.id for p in self.phases)})")

    def phases_of_kind(self, kind: str) -> tuple[Phase, ...]:
        """The phases of one kind, in file order."""
        return tuple(p for p in self.phases if p.kind == kind)
