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

#: Phase kinds the engine knows (ISO/IEC 17021-1:2015 9.1.3: initial audit,
#: surveillance, recertification; 9.6.4 special audits; ISO/IEC 17067:2013 5.3
#: for product schemes, whose phases are the same kinds of step).
PHASE_KINDS = ("initial", "surveillance", "recertification", "special")

#: Cadences of a repeated phase. ``calendar-year``: at least once each calendar
#: year (ISO/IEC 17021-1:2015 9.1.3.2 / 9.6.2.2); ``year``: every 12 months
#: from the decision (the usual wording of product schemes).
CADENCES = ("calendar-year", "year")

#: Audit-time methods: IAF MD 5 tables shipped with casys, a table a body
#: loads (ISO/IEC 27006-1, ISO 50003, ISO 21030 are not public) or none.
AUDIT_TIME_METHODS = ("iaf-md5", "body-table", "none")

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
    decision: DecisionRequirements = DecisionRequirements()
    min_onsite_share: float | None = None
    scheme_type: str | None = None
    source_file: str = ""
    records: tuple[tuple[str, str], ...] = ()  # (activity id, one of RECORD_KINDS)

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
