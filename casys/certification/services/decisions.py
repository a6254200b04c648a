"""Technical review and certification decision (ISO/IEC 17021-1:2015 9.5), then the programme."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Application, Audit, Auditor, Certificate, Decision, Finding
from casys.certification.services import CertificationError, coverage
from casys.certification.services.auditors import unlinked_namesakes
from casys.certification.services.audits import core_activity, core_finding
from casys.certification.services.certificates import add_event, issue_certificate
from casys.certification.services.engine import (
    core_auditor,
    is_product_application,
    main_scheme,
    scheme,
    standard,
    user_identity,
)
from casys.core import competence, engine, findings
from casys.core.programme import generate_programme


def pending_phase(app: Application) -> tuple[int, str] | None:
    """The (cycle, phase) awaiting a decision: all its audits recorded and no decision taken yet."""
    decided = {(d.cycle, d.phase) for d in app.decisions.all()}
    scheme = main_scheme(app)
    groups: dict[tuple[int, str], list[Audit]] = {}
    for a in app.audits.all():
        if scheme.phase(a.phase).decision:
            groups.setdefault((a.cycle, a.phase), []).append(a)
    for key in sorted(groups):
        if key not in decided and all(a.is_done for a in groups[key]):
            return key
    return None


def _check_sector_competence(app: Application, user, on: date) -> None:  # type: ignore[no-untyped-def]
    """The person who reviews and decides holds the competence the scheme asks of the report
    reviewer and of the decision maker (e.g. ISO/IEC TS 17021-15), through their personnel record."""
    record = (
        Auditor.all_objects.filter(body_id=app.body_id, user=user).prefetch_related("qualifications").first()
        if getattr(user, "pk", None)
        else None
    )
    person = core_auditor(record) if record is not None else None
    for sid in app.schemes:
        criteria = scheme(sid).sector_competence
        if criteria is None:
            continue
        try:
            for role in ("reviewer", "decision_maker"):
                competence.check_individual(person, role, standard(sid), criteria, on)
        except competence.CompetenceError as exc:
            raise CertificationError(str(exc)) from exc


@transaction.atomic
def take_decision(
    app: Application,
    *,
    review_notes: str,
    user,
    on: date,
    actor: Actor = SYSTEM,  # type: ignore[no-untyped-def]
) -> Decision:
    """Review and decide with the engine: an open major nonconformity blocks, and the decision maker
    must not have been on the audit team; refused with every reason otherwise."""
    if not review_notes.strip():
        raise CertificationError("review_notes: record the technical review before deciding")
    if is_product_application(app):
        raise CertificationError("phase: a product-certification decision is taken on its own page")
    pending = pending_phase(app)
    if pending is None:
        raise CertificationError("phase: no audit awaits a decision (record the audits first)")
    cycle, phase = pending
    audits = list(app.audits.filter(cycle=cycle, phase=phase).prefetch_related("team__user"))
    unresolved = unlinked_namesakes({m for a in audits for m in a.team.all()}, user)
    if unresolved:
        # fail closed: a record of someone who may be the decision maker but is not linked to a sign-in
        raise CertificationError(
            f"decision_maker: the audit team has the auditor record {unresolved[0].name!r}, not linked to a "
            "sign-in, with your name: link it to its sign-in (or confirm another person) before deciding "
            "(ISO/IEC 17021-1:2015 9.5.1.2)"
        )
    _check_sector_competence(app, user, on)
    blocked = coverage.blocking(app, cycle, phase)
    if blocked is not None:
        raise CertificationError(f"{blocked}; see the coverage page of the application")
    scheme = main_scheme(app)
    open_findings = [core_finding(f) for f in Finding.objects.filter(audit__application=app)]
    try:
        result = engine.decide(
            scheme,
            phase,
            [core_activity(a) for a in audits],
            open_findings,
            user_identity(user),  # 9.5.1.2 compares people: the user, never a display name
            on,
            decision_maker_name=str(user),
        )
    except (findings.DecisionBlockedError, engine.EngineError) as exc:
        raise CertificationError(str(exc)) from exc
    decision = Decision.all_objects.create(
        body_id=app.body_id,
        application=app,
        cycle=cycle,
        phase=phase,
        review_notes=review_notes.strip(),
        decided_by=user,
        decided_on=on,
        onsite_share=result.onsite_share,
    )
    log(
        "certification.decision.taken",
        actor=actor,
        body=app.body_id,
        obj=decision,
        data={"phase": phase, "cycle": cycle, "on": on},
    )
    kind = scheme.phase(phase).kind
    if kind == "initial":
        programme = generate_programme(scheme, on)
        cert = issue_certificate(
            app,
            on=on,
            expiry=programme.cycles[0].expiry,
            user=user,
            why=f"certification decision {decision.pk} ({phase})",
            actor=actor,
        )
        _plan(app, programme, cycle)
        app.status = "certified"
        app.save(update_fields=["status"])
    elif kind == "recertification":
        cert = Certificate.objects.filter(application=app).order_by("-id").first()
        if cert is None:
            raise CertificationError("certificate: no certificate to renew")
        start = cert.expiry_date + timedelta(days=1)  # 9.6.3.2.4: new cycle from the existing expiry
        programme = generate_programme(scheme, start)
        add_event(
            cert,
            "reissued",
            at=on,
            user=user,
            expiry=programme.cycles[0].expiry,
            why=f"recertification decision {decision.pk}",
            actor=actor,
        )
        _plan(app, programme, cycle)
    return decision


def _plan(app: Application, programme, after_cycle: int) -> None:  # type: ignore[no-untyped-def]
    """Create the programme's audits (ISO/IEC 17021-1:2015 9.1.3) for the next cycle."""
    days = {"surveillance": app.surveillance_days, "recertification": app.recertification_days}
    for p in programme.activities:
        if p.cycle != 1:
            continue
        for kind in p.activities:
            Audit.all_objects.create(
                body_id=app.body_id,
                application=app,
                cycle=after_cycle + (p.phase == "recertification"),
                phase=p.phase,
                kind=kind,
                earliest=p.earliest,
                latest=p.latest,
                rule=p.rule,
                days=days.get(main_scheme(app).phase(p.phase).kind),
            )
