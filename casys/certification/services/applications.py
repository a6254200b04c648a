"""Applications, sites and personnel, and the application review with its quotation.

Audit time comes from IAF MD 5:2019 (``casys.core.audit_time``), integrated per
IAF MD 11:2019 when several schemes are applied for; the site sample from
IAF MD 1:2018 (``casys.core.multisite``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Application, Audit, Client, PersonnelGroup, Site
from casys.certification.models.application import COMPLEXITY
from casys.certification.services import CertificationError
from casys.certification.services.audit_tables import table_set
from casys.certification.services.engine import main_scheme, scheme
from casys.core import audit_time as at
from casys.core import audit_time_methods as methods
from casys.core.competence import IAF_CODES
from casys.core.multisite import SamplingError, sample_size, select_sites
from casys.core.schemes import available_schemes


@dataclass(frozen=True)
class SiteInput:
    """A site as entered: its personnel by kind (IAF MD 5:2019 2.3)."""

    name: str
    address: str = ""
    country: str = ""
    central: bool = False
    full_time: int = 0
    shift: int = 0
    temporary: int = 0
    part_time: int = 0
    part_time_hours: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def groups(self) -> list[at.PersonnelGroup]:
        out = [
            at.PersonnelGroup(k, n)
            for k, n in (("full-time", self.full_time), ("shift", self.shift), ("temporary", self.temporary))
            if n
        ]
        if self.part_time:
            out.append(at.PersonnelGroup("part-time", self.part_time, hours=self.part_time_hours))
        return out


def parse_codes(text: str) -> list[int]:
    """IAF codes from text such as ``17, 18``; the message names the bad item."""
    codes: list[int] = []
    for i, item in enumerate(t.strip() for t in text.replace(";", ",").split(",")):
        if not item:
            continue
        if not item.isdigit() or int(item) not in IAF_CODES:
            raise CertificationError(f"iaf_codes[{i}]: {item!r} is not an IAF code (1-39, IAF ID 1)")
        codes.append(int(item))
    if not codes:
        raise CertificationError("iaf_codes: give at least one IAF code (1-39)")
    return sorted(set(codes))


def _check(schemes: list[str], scope: str, complexity: str, sites: list[SiteInput]) -> None:
    if not schemes:
        raise CertificationError("schemes: choose at least one scheme")
    for i, s in enumerate(schemes):
        if s not in available_schemes() or scheme(s).object != "management_system":
            raise CertificationError(f"schemes[{i}]: {s!r} is not a management-system scheme")
    if not scope.strip():
        raise CertificationError("scope: describe the scope of certification")
    if complexity not in dict(COMPLEXITY):
        raise CertificationError(f"complexity: {complexity!r} is not one of high, medium, low, limited")
    if not sites:
        raise CertificationError("sites: give at least the central site")
    if sum(1 for s in sites if s.central) != 1:
        raise CertificationError("sites: exactly one site is the central function")
    for i, s in enumerate(sites):
        if not s.name.strip():
            raise CertificationError(f"sites[{i}].name: required")
    try:
        at.effective_personnel([g for s in sites for g in s.groups()])
    except at.AuditTimeError as exc:
        raise CertificationError(str(exc)) from exc


@transaction.atomic
def create_application(
    body: Body,
    client: Client,
    *,
    schemes: list[str],
    scope: str,
    iaf_codes: list[int],
    complexity: str,
    sites: list[SiteInput],
    received_on: date,
    audit_time_inputs: dict[str, Any] | None = None,
    actor: Actor = SYSTEM,
) -> Application:
    """Record an application (ISO/IEC 17021-1:2015 9.1.1). Zero effective personnel is refused.

    ``audit_time_inputs``: what the schemes' audit-time methods read besides personnel, e.g.
    ``{"category": "C", "haccp_studies": 2}`` for ISO/TS 22003-1 (:func:`check_method_inputs`)."""
    _check(schemes, scope, complexity, sites)
    inputs = check_method_inputs(audit_time_inputs or {})
    app = Application.all_objects.create(
        body=body,
        client=client,
        schemes=schemes,
        scope=scope.strip(),
        iaf_codes=iaf_codes,
        complexity=complexity,
        received_on=received_on,
        audit_time_inputs=inputs,
    )
    for s in sites:
        _add_site(app, s)
    log(
        "certification.application.created",
        actor=actor,
        body=body,
        obj=app,
        data={
            "client": client.organisation.name,
            "schemes": schemes,
            "iaf_codes": iaf_codes,
            "sites": len(sites),
        },
    )
    return app


def _add_site(app: Application, s: SiteInput) -> Site:
    site = Site.all_objects.create(
        application=app,
        name=s.name.strip(),
        address=s.address,
        country=s.country.upper(),
        is_central=s.central,
    )
    for g in s.groups():
        PersonnelGroup.all_objects.create(site=site, kind=g.kind, count=g.count, hours=g.hours)
    return site


@transaction.atomic
def add_site(app: Application, s: SiteInput, *, actor: Actor = SYSTEM) -> Site:
    if app.status != "received":
        raise CertificationError("sites: the application was reviewed; sites change by a new application")
    if s.central:
        raise CertificationError("central: the application already has its central function")
    if not s.name.strip():
        raise CertificationError("name: required")
    try:
        at.effective_personnel(s.groups()) if s.groups() else None
    except at.AuditTimeError as exc:
        raise CertificationError(str(exc)) from exc
    site = _add_site(app, s)
    log(
        "certification.application.site_added",
        actor=actor,
        body=app.body_id,
        obj=app,
        data={"site": site.name},
    )
    return site


def personnel_groups(app: Application) -> list[at.PersonnelGroup]:
    return [
        at.PersonnelGroup(g.kind, g.count, hours=g.hours)
        for site in app.sites.all()
        for g in site.personnel.all()
    ]


def check_method_inputs(raw: dict[str, Any]) -> dict[str, Any]:
    """The method inputs of an application, checked; the message names the field."""
    known = {"category", "haccp_studies", "relevant_ms", "additional_sites", "factors"}
    for key in raw:
        if key not in known:
            raise CertificationError(
                f"audit_time_inputs.{key}: unknown input (expected {', '.join(sorted(known))})"
            )
    out = dict(raw)
    if "category" in out and str(out["category"]).strip().upper() not in methods.FOOD_CHAIN_CATEGORIES:
        raise CertificationError(
            f"category: {out['category']!r} is not a food chain category (A-K, ISO/TS 22003-1)"
        )
    for key, low in (("haccp_studies", 1), ("additional_sites", 0)):
        if key in out and (not isinstance(out[key], int) or isinstance(out[key], bool) or out[key] < low):
            raise CertificationError(f"{key}: must be a whole number >= {low}, got {out[key]!r}")
    for i, f in enumerate(out.get("factors", [])):
        if (
            not isinstance(f, dict)
            or not isinstance(f.get("percent"), (int, float))
            or not str(f.get("reason", "")).strip()
        ):
            raise CertificationError(f"factors[{i}]: give a percent and a reason naming the factor")
    return out


def method_inputs(
    app: Application, n: int, adjustments: list[at.Adjustment], standard_name: str
) -> methods.Inputs:
    """What the scheme's audit-time method reads: personnel and complexity, and the application's
    ``audit_time_inputs`` (food chain category, HACCP studies ... ; factors with their reasons)."""
    extra = app.audit_time_inputs or {}
    factors = [at.Adjustment(f["percent"], f["reason"]) for f in extra.get("factors", [])]
    return methods.Inputs(
        n=n,
        complexity=app.complexity,
        adjustments=adjustments,
        standard=standard_name,
        category=extra.get("category"),
        haccp_studies=int(extra.get("haccp_studies", 1)),
        relevant_ms=bool(extra.get("relevant_ms", False)),
        additional_sites=int(extra.get("additional_sites", 0)),
        factors=factors,
    )


def quotation(
    app: Application,
    adjustment: float = 0,
    adjustment_reason: str = "",
    integration: float = 0,
    integration_reason: str = "",
) -> tuple[at.AuditTime, list[str], dict[str, Any]]:
    """Audit time with the justification lines, and the IAF MD 1 site sample."""
    eff = at.effective_personnel(personnel_groups(app))
    tables = table_set(app.body_id)  # IAF MD 5 tables plus the body's newest loaded tables
    adjustments = [at.Adjustment(adjustment, adjustment_reason)] if adjustment else []
    parts = []
    for sid in app.schemes:
        s = scheme(sid)
        if s.audit_time.table is None:
            raise CertificationError(f"schemes: {sid} declares no audit-time table")
        inputs = method_inputs(app, eff.n, adjustments, s.normative_document)
        try:
            parts.append(methods.determine(s.audit_time.method, s.audit_time.table, tables, inputs))
        except at.TableNotLoadedError as exc:
            raise CertificationError(
                f"{exc} (in casys: the certification body's Audit-time tables page)"
            ) from exc
    lines = list(eff.lines)
    if len(parts) == 1:
        result = parts[0]
    else:
        for p in parts:
            lines.extend(p.lines[:-4])
        result = at.integrated_audit_time(parts, integration, integration_reason)
    lines.extend(result.lines)
    return result, lines, _sample(app)


def _sample(app: Application) -> dict[str, Any]:
    sites = list(app.sites.all())
    central = next(s.name for s in sites if s.is_central)
    others = [s.name for s in sites if not s.is_central]
    if not others or main_scheme(app).site_sampling != "iaf-md1":
        return {"y": 0, "central": central, "selected": [central], "lines": []}
    result = sample_size(len(others), "initial")
    sel = select_sites(central, others, result.y, random.Random(app.pk))  # seeded: replayable
    return {"y": result.y, "central": central, "selected": list(sel.sites), "lines": list(result.lines)}


@transaction.atomic
def review_application(
    app: Application,
    *,
    adjustment: float = 0,
    adjustment_reason: str = "",
    integration: float = 0,
    integration_reason: str = "",
    on: date,
    user=None,  # type: ignore[no-untyped-def]
    actor: Actor = SYSTEM,
) -> Application:
    """Application review and quotation (ISO/IEC 17021-1:2015 9.1.2, 9.1.4); plans stage 1 and stage 2."""
    if app.status != "received":
        raise CertificationError("status: this application was already reviewed")
    try:
        result, lines, sample = quotation(app, adjustment, adjustment_reason, integration, integration_reason)
    except (at.AuditTimeError, SamplingError) as exc:
        raise CertificationError(str(exc)) from exc
    app.n = result.n
    app.adjustment_percent, app.adjustment_reason = adjustment, adjustment_reason
    app.integration_percent, app.integration_reason = integration, integration_reason
    app.initial_days, app.stage1_days, app.stage2_days = result.initial, result.stage1, result.stage2
    app.surveillance_days, app.recertification_days = result.surveillance, result.recertification
    app.justification, app.site_sample = lines, sample
    app.status, app.reviewed_by, app.reviewed_on = "reviewed", user, on
    app.save()
    initial = main_scheme(app).phases_of_kind("initial")[0]
    for kind in initial.activities:
        days = result.stage1 if kind == "stage1" else result.stage2 if kind == "stage2" else None
        Audit.all_objects.create(
            body_id=app.body_id,
            application=app,
            cycle=1,
            phase=initial.id,
            kind=kind,
            days=days,
            rule="ISO/IEC 17021-1:2015 9.3: initial certification audit",
        )
    log(
        "certification.application.reviewed",
        actor=actor,
        body=app.body_id,
        obj=app,
        data={
            "n": result.n,
            "initial_days": result.initial,
            "surveillance_days": result.surveillance,
            "recertification_days": result.recertification,
            "sites_sampled": sample["y"],
        },
    )
    return app
