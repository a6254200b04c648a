"""Product certification (ISO/IEC 17065:2012) on the one engine: the application with its products,
manufacturer and factories; the programme's activities from the scheme file; recording type tests,
factory inspections and market-sample tests; review and decision; certificate and licence.

What an activity records comes from the scheme's ``records`` table, which phases follow and when
from its ``phases``; the decision rules (open major nonconformity, failed test, independence) from
its ``decision`` table, checked by ``casys.core.engine``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import (
    Application,
    Audit,
    Auditor,
    Batch,
    Certificate,
    Client,
    Decision,
    Finding,
    Licence,
    Manufacturer,
    Outcome,
    Product,
    ProductResult,
    Site,
)
from casys.certification.services import CertificationError, checked, coverage, marks
from casys.certification.services.auditors import unlinked_namesakes
from casys.certification.services.audits import core_finding
from casys.certification.services.certificates import add_event, effective_status, issue_certificate
from casys.certification.services.engine import (
    PRODUCT_OBJECTS,
    certification_schemes,
    is_product_application,
    main_scheme,
    scheme,
    scheme_title,
    team_identities,
    user_identity,
)
from casys.core import engine, findings
from casys.core.batch_sampling import BatchSample, BatchSamplingError, batch_sample
from casys.core.programme import generate_programme
from casys.core.schemes import Scheme

#: What a decision may decide after each kind of phase.
OUTCOMES_AFTER = {
    "initial": ("grant",),
    "surveillance": ("maintain", "suspend", "withdraw"),
    "special": ("maintain", "suspend", "withdraw"),
}


def product_schemes() -> list[tuple[str, str]]:
    """(id, title) of the schemes whose object is a product."""
    return [(s, scheme_title(s)) for s in certification_schemes() if scheme(s).object in PRODUCT_OBJECTS]


@dataclass(frozen=True)
class ProductInput:
    name: str
    type_designation: str
    description: str = ""
    ratings: str = ""
    normative_document: str = ""  # the scheme's normative document when empty


@dataclass(frozen=True)
class BatchInput:
    """The batch a batch scheme certifies (ISO/IEC 17067:2013 5.3.3): its identification and size."""

    identification: str
    lot_size: int | str


@dataclass(frozen=True)
class PartyInput:
    """A manufacturer or a factory (production site)."""

    name: str
    address: str = ""
    country: str = ""


@dataclass(frozen=True)
class ResultInput:
    """A test result for one product type; the sample fields for a market-sample test."""

    product_id: int
    report_reference: str
    laboratory: str
    tested_on: date | None
    result: str
    sample_source: str = ""
    sample_bought_on: date | None = None


def _check_party(p: PartyInput, field: str, *, country_required: bool) -> None:
    if not p.name.strip():
        raise CertificationError(f"{field}.name: required")
    country = p.country.strip()
    if (country or country_required) and (len(country) != 2 or not country.isalpha()):
        raise CertificationError(f"{field}.country: give the ISO 3166-1 alpha-2 code, e.g. DE")


def _check_application(
    scheme_id: str,
    products: Sequence[ProductInput],
    manufacturer: PartyInput,
    factories: Sequence[PartyInput],
) -> Scheme:
    if scheme_id not in certification_schemes() or scheme(scheme_id).object not in PRODUCT_OBJECTS:
        raise CertificationError(f"scheme: {scheme_id!r} is not a product-certification scheme")
    if not products:
        raise CertificationError("products: give at least one product type")
    for i, p in enumerate(products):
        if not p.name.strip():
            raise CertificationError(f"products[{i}].name: required")
        if not p.type_designation.strip():
            raise CertificationError(f"products[{i}].type_designation: required")
    _check_party(manufacturer, "manufacturer", country_required=False)
    if not factories:
        raise CertificationError("factories: give at least one factory (production site)")
    for i, f in enumerate(factories):
        _check_party(f, f"factories[{i}]", country_required=True)
    return scheme(scheme_id)


@transaction.atomic
def create_product_application(
    body: Body,
    client: Client,
    *,
    scheme_id: str,
    products: Sequence[ProductInput],
    manufacturer: PartyInput,
    factories: Sequence[PartyInput],
    received_on: date,
    batch: BatchInput | None = None,
    actor: Actor = SYSTEM,
) -> Application:
    """Record an application for product certification (ISO/IEC 17065:2012 7.2); for a scheme that
    certifies a batch (it has a ``lot_sampling`` plan), the batch with the sample its plan draws."""
    s = _check_application(scheme_id, products, manufacturer, factories)
    sample = _batch_sample(s, batch)
    app = Application.all_objects.create(
        body=body, client=client, schemes=[scheme_id], scope="-", iaf_codes=[], received_on=received_on
    )
    rows = [
        Product.all_objects.create(
            application=app,
            name=p.name.strip(),
            type_designation=p.type_designation.strip(),
            description=p.description.strip(),
            ratings=p.ratings.strip(),
            normative_document=p.normative_document.strip() or s.normative_document,
        )
        for p in products
    ]
    lines = [p.scope_line for p in rows]
    if batch is not None and sample is not None:
        lot = Batch.all_objects.create(
            application=app,
            identification=batch.identification.strip(),
            lot_size=sample.lot_size,
            sample_size=sample.n,
            accept_number=sample.Ac,
            reject_number=sample.Re,
            code_letter=sample.code_letter,
            plan=sample.plan if not sample.source else f"{sample.plan}, {sample.source}",
        )
        lines.append(lot.scope_line)
    app.scope = "\n".join(lines)
    app.save(update_fields=["scope"])
    Manufacturer.all_objects.create(
        application=app,
        name=manufacturer.name.strip(),
        address=manufacturer.address.strip(),
        country=manufacturer.country.strip().upper(),
    )
    for f in factories:
        Site.all_objects.create(
            application=app, name=f.name.strip(), address=f.address.strip(), country=f.country.strip().upper()
        )
    log(
        "certification.application.created",
        actor=actor,
        body=body,
        obj=app,
        data={
            "client": client.organisation.name,
            "schemes": [scheme_id],
            "products": [str(p) for p in rows],
            "factories": len(factories),
        },
    )
    return app


def _batch_sample(s: Scheme, batch: BatchInput | None) -> BatchSample | None:
    """The sample of the batch, as the scheme's plan draws it; refused naming the field."""
    if s.lot_sampling is None:
        if batch is not None and (batch.identification or str(batch.lot_size).strip()):
            raise CertificationError(f"batch: {s.id} certifies no batch (it has no lot_sampling plan)")
        return None
    if batch is not None:
        checked("batch.identification", batch.identification, 120)
    if batch is None or not batch.identification.strip():
        raise CertificationError(f"batch.identification: {s.id} certifies a batch: identify it (lot number)")
    raw = str(batch.lot_size).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise CertificationError(
            f"batch.lot_size: {raw!r} is not a number of units (a whole number, 1 or more)"
        )
    try:
        return batch_sample(s.lot_sampling, int(raw))
    except BatchSamplingError as exc:
        raise CertificationError(f"batch.lot_size: {exc}") from None


@transaction.atomic
def record_batch_result(
    app: Application, *, examined: int, nonconforming: int, on: date, actor: Actor = SYSTEM
) -> Batch:
    """What the sample drawn from the batch showed: the units examined (the plan's sample size) and
    the nonconforming units found; the batch is accepted when they are at most Ac (ISO 2859-1)."""
    lot = Batch.all_objects.filter(application=app).first()
    if lot is None:
        raise CertificationError("batch: this application certifies no batch")
    if lot.nonconforming is not None:
        raise CertificationError(f"batch: the sample's result was recorded on {lot.examined_on}")
    if examined != lot.sample_size:
        raise CertificationError(
            f"examined: the plan draws {lot.sample_size} units from this batch; {examined} were examined"
        )
    if not 0 <= nonconforming <= examined:
        raise CertificationError(f"nonconforming: between 0 and {examined}, got {nonconforming}")
    lot.examined, lot.nonconforming, lot.examined_on = examined, nonconforming, on
    lot.save(update_fields=["examined", "nonconforming", "examined_on"])
    log(
        "certification.batch.examined",
        actor=actor,
        body=app.body_id,
        obj=lot,
        data={
            "batch": lot.identification,
            "n": examined,
            "nonconforming": nonconforming,
            "Ac": lot.accept_number,
        },
    )
    return lot


def _check_batch(app: Application, outcome: str) -> None:
    """A batch is granted only when its sample accepts it (ISO 2859-1: nonconforming <= Ac)."""
    lot = Batch.all_objects.filter(application=app).first()
    if lot is None or outcome != "grant":
        return
    if lot.accepted is None:
        raise CertificationError("batch: record what the sample drawn from the batch showed before deciding")
    if not lot.accepted:
        raise CertificationError(
            f"batch: {lot.nonconforming} nonconforming units in the sample of {lot.sample_size} exceed "
            f"Ac {lot.accept_number} (rejected at Re {lot.reject_number}, ISO 2859-1): "
            "the batch is not accepted"
        )


@transaction.atomic
def review_product_application(
    app: Application, *, on: date, user=None, actor: Actor = SYSTEM
) -> Application:  # type: ignore[no-untyped-def]
    """Review of the application (ISO/IEC 17065:2012 7.3); the initial phase's activities follow
    from the scheme file."""
    if not is_product_application(app):
        raise CertificationError("scheme: not a product-certification application")
    if app.status != "received":
        raise CertificationError("status: this application was already reviewed")
    app.status, app.reviewed_by, app.reviewed_on = "reviewed", user, on
    app.save(update_fields=["status", "reviewed_by", "reviewed_on"])
    initial = main_scheme(app).phases_of_kind("initial")[0]
    for kind in initial.activities:
        Audit.all_objects.create(
            body_id=app.body_id,
            application=app,
            cycle=1,
            phase=initial.id,
            kind=kind,
            rule=f"{main_scheme(app).standard}: initial evaluation ({main_scheme(app).title})",
        )
    log(
        "certification.application.reviewed",
        actor=actor,
        body=app.body_id,
        obj=app,
        data={"activities": list(initial.activities)},
    )
    return app


def record_kind(audit: Audit) -> str:
    """What recording this activity takes, from the scheme file."""
    return main_scheme(audit.application).record_kind(audit.kind)


def _not_after(d: date | None, today: date, field: str) -> None:
    if d is not None and d > today:
        raise CertificationError(
            f"{field}: {d.isoformat()} is after today ({today.isoformat()}); "
            "record an activity once it has been carried out"
        )


def _check_result(i: int, r: ResultInput, kind: str, today: date) -> None:
    for name in ("report_reference", "laboratory"):
        if not getattr(r, name).strip():
            raise CertificationError(f"results[{i}].{name}: required")
    if r.tested_on is None:
        raise CertificationError(f"results[{i}].tested_on: a date is required")
    _not_after(r.tested_on, today, f"results[{i}].tested_on")
    if r.result not in ("pass", "fail"):
        raise CertificationError(f"results[{i}].result: {r.result!r} is not pass or fail")
    if kind == "market-sample":
        if not r.sample_source.strip():
            raise CertificationError(f"results[{i}].sample_source: say where the sample was bought")
        if r.sample_bought_on is None:
            raise CertificationError(f"results[{i}].sample_bought_on: a date is required")
        _not_after(r.sample_bought_on, today, f"results[{i}].sample_bought_on")


def _check_results(audit: Audit, kind: str, results: Sequence[ResultInput], today: date) -> None:
    if kind == "findings":
        if results:
            raise CertificationError("results: this activity records findings, not test results")
        return
    products = {p.pk for p in audit.application.products.all()}
    seen = set()
    for i, r in enumerate(results):
        if r.product_id not in products:
            raise CertificationError(f"results[{i}].product: not a product of this application")
        if r.product_id in seen:
            raise CertificationError(f"results[{i}].product: given twice")
        seen.add(r.product_id)
        _check_result(i, r, kind, today)
    if not results:
        raise CertificationError("results: give the result of at least one product type")
    if kind == "test-report" and seen != products:
        raise CertificationError("results: give the type-test result of every product type")


@transaction.atomic
def record_activity(
    audit: Audit,
    *,
    done_on: date,
    team: Sequence[Auditor],
    today: date,
    days: float = 1,
    mode: str = "on-site",
    report: str = "",
    results: Sequence[ResultInput] = (),
    actor: Actor = SYSTEM,
) -> Audit:
    """Record a type test, factory inspection or market-sample test as carried out, by ``team``
    (who evaluated it: the decision maker must not be one of them). A date after today is refused."""
    if audit.is_done:
        raise CertificationError("activity: already recorded")
    _not_after(done_on, today, "done_on")
    members = list(dict.fromkeys(team))
    if not members:
        raise CertificationError("team: name who carried out the activity")
    kind = record_kind(audit)
    _check_results(audit, kind, results, today)
    try:
        engine.Activity(audit.kind, mode, tuple(a.label for a in members), done_on, days)
    except engine.EngineError as exc:
        raise CertificationError(str(exc).replace(f"{audit.kind}.", "")) from exc
    audit.done_on, audit.mode, audit.days, audit.report = done_on, mode, days, report.strip()
    audit.leader, audit.planned_on = members[0], audit.planned_on or done_on
    audit.save(update_fields=["done_on", "mode", "days", "report", "leader", "planned_on"])
    audit.team.set(members)
    for r in results:
        ProductResult.all_objects.create(
            audit=audit,
            product_id=r.product_id,
            report_reference=r.report_reference.strip(),
            laboratory=r.laboratory.strip(),
            tested_on=r.tested_on,
            result=r.result,
            sample_source=r.sample_source.strip(),
            sample_bought_on=r.sample_bought_on,
        )
    log(
        "certification.activity.recorded",
        actor=actor,
        body=audit.body_id,
        obj=audit,
        data={
            "kind": audit.kind,
            "on": done_on,
            "team": [a.name for a in members],
            "results": {str(r.product_id): r.result for r in results},
        },
    )
    return audit


def pending(app: Application) -> tuple[int, str, date | None] | None:
    """The (cycle, phase, window) awaiting a decision: each yearly surveillance has its own."""
    decided = {
        (d.cycle, d.phase, d.outcome.window if hasattr(d, "outcome") else None) for d in app.decisions.all()
    }
    s = main_scheme(app)
    groups: dict[tuple[int, str, date | None], list[Audit]] = {}
    for a in app.audits.all():
        if s.phase(a.phase).decision:
            groups.setdefault((a.cycle, a.phase, a.latest), []).append(a)
    for key in sorted(groups, key=lambda k: (k[0], k[2] or date.min)):
        if key not in decided and all(a.is_done for a in groups[key]):
            return key
    return None


def outcomes_for(app: Application, key: tuple[int, str, date | None] | None) -> tuple[str, ...]:
    if key is None:
        return ()
    return OUTCOMES_AFTER.get(main_scheme(app).phase(key[1]).kind, ())


def core_activity(audit: Audit) -> engine.Activity:
    failed = tuple(str(r.product) for r in audit.test_results.select_related("product") if r.result == "fail")
    return engine.Activity(
        audit.kind,
        audit.mode,
        team_identities(audit.team.all()),  # people, never display names (issue 12, finding 3)
        audit.done_on,  # type: ignore[arg-type]
        audit.days or 1,
        audit.remote_days,
        failed=failed,
    )


def _check_coverage(app: Application, cycle: int, phase: str) -> None:
    """Requirements of the scheme's profile never covered in the cycle block a decision of a
    ``recertification`` phase, as for management systems (services/coverage.py)."""
    blocked = coverage.blocking(app, cycle, phase)
    if blocked is not None:
        raise CertificationError(f"{blocked}; see the coverage page of the application")


@transaction.atomic
def take_product_decision(
    app: Application,
    *,
    outcome: str,
    review_notes: str,
    user,  # type: ignore[no-untyped-def]
    on: date,
    actor: Actor = SYSTEM,
) -> Decision:
    """Review and decision (ISO/IEC 17065:2012 7.5, 7.6) by a person who took part in none of the
    activities. Granting or maintaining is refused while a major nonconformity is open or a test
    failed (the scheme's ``decision`` table); suspending or withdrawing needs independence only."""
    if not review_notes.strip():
        raise CertificationError("review_notes: record the review before deciding")
    key = pending(app)
    if key is None:
        raise CertificationError("phase: no activity awaits a decision (record the activities first)")
    if outcome not in outcomes_for(app, key):
        allowed = ", ".join(outcomes_for(app, key))
        raise CertificationError(f"outcome: {outcome!r} cannot follow this phase (one of: {allowed})")
    cycle, phase, window = key
    s = main_scheme(app)
    audits = [
        a
        for a in app.audits.filter(cycle=cycle, phase=phase).prefetch_related("team__user")
        if a.latest == window
    ]
    unresolved = unlinked_namesakes({m for a in audits for m in a.team.all()}, user)
    if unresolved:  # fail closed, as for management systems (services/decisions.py)
        raise CertificationError(
            f"decision_maker: an activity's team has the auditor record {unresolved[0].name!r}, not linked "
            "to a sign-in, with your name: link it (or confirm another person) before deciding"
        )
    activities = [core_activity(a) for a in audits]
    me, my_name = user_identity(user), str(user)
    _check_batch(app, outcome)
    if outcome in ("grant", "maintain"):
        _check_coverage(app, cycle, phase)
        open_findings = [core_finding(f) for f in Finding.objects.filter(audit__application=app)]
        try:
            engine.decide(s, phase, activities, open_findings, me, on, decision_maker_name=my_name)
        except (findings.DecisionBlockedError, engine.EngineError) as exc:
            raise CertificationError(str(exc)) from exc
    else:
        reasons = engine.independence(s, activities, me, my_name)
        if reasons:
            raise CertificationError(f"{s.id} {phase}: decision blocked: " + "; ".join(reasons))
    decision = Decision.all_objects.create(
        body_id=app.body_id,
        application=app,
        cycle=cycle,
        phase=phase,
        review_notes=review_notes.strip(),
        decided_by=user,
        decided_on=on,
    )
    Outcome.all_objects.create(decision=decision, window=window, outcome=outcome)
    log(
        "certification.decision.taken",
        actor=actor,
        body=app.body_id,
        obj=decision,
        data={"phase": phase, "cycle": cycle, "on": on, "outcome": outcome},
    )
    why = f"certification decision {decision.pk} ({phase}: {outcome})"
    if outcome == "grant":
        _grant(app, s, on=on, user=user, why=why, actor=actor)
    else:
        cert = Certificate.objects.filter(application=app).order_by("-id").first()
        if cert is None:
            raise CertificationError("certificate: no certificate to maintain, suspend or withdraw")
        event = {"suspend": "suspended", "withdraw": "withdrawn"}.get(outcome)
        if event is None and cert.status == "suspended":
            event = "restored"  # maintained after the causes of a suspension were removed
        if event:
            add_event(cert, event, at=on, user=user, why=why, actor=actor)
    return decision


def _grant(app: Application, s: Scheme, *, on: date, user, why: str, actor: Actor) -> Certificate:  # type: ignore[no-untyped-def]
    programme = generate_programme(s, on)
    cert = issue_certificate(app, on=on, expiry=programme.cycles[0].expiry, user=user, why=why, actor=actor)
    if s.attestation.licence_to_mark:
        mark = marks.mark_for(app.body_id, s.id)
        licence = Licence.all_objects.create(
            body_id=app.body_id,
            certificate=cert,
            number=f"{cert.number}-L",
            mark=mark.name if mark else f"{app.body.name} certification mark",
            mark_ref=mark,
            products=list(app.scope_lines),
            valid_from=on,
        )
        log(
            "certification.licence.granted",
            actor=actor,
            body=app.body_id,
            obj=licence,
            data={"number": licence.number, "certificate": cert.number, "products": licence.products},
        )
        marks.publish_licence(licence, on=on, actor=actor)
    for p in programme.activities:  # surveillance after grant, as the scheme's phases say
        if p.cycle != 1:
            continue
        for kind in p.activities:
            Audit.all_objects.create(
                body_id=app.body_id,
                application=app,
                cycle=1,
                phase=p.phase,
                kind=kind,
                earliest=p.earliest,
                latest=p.latest,
                rule=p.rule,
            )
    app.status = "certified"
    app.save(update_fields=["status"])
    return cert


def licence_status(licence: Licence, on: date) -> str:
    """The licence follows its certificate (issued, suspended, withdrawn or expired), unless a misuse
    case suspended or withdrew the licence itself while the certificate stands (ISO/IEC 17030)."""
    status = effective_status(licence.certificate, on)
    if licence.own_status and status in ("issued", "suspended"):
        return licence.own_status
    return status
