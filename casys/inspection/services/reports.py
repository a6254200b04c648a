"""Inspection reports (ISO/IEC 17020:2012 7.4): issued only when every 7.4.2 element is there, frozen,
signed through the attestations layer; a correction is a new report that supersedes the old one
(7.4.4), whose attestation is flagged superseded in the body's status list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse

from casys.accounts.models import Body
from casys.attestations.identity import base_url, did_for
from casys.attestations.models import Attestation
from casys.attestations.services.issue import Entry, issue_one, record_status
from casys.auditlog.services import Actor, log
from casys.core import credentials
from casys.core.inspection import defects, reports
from casys.core.inspection.credential import (
    ISO_17020,
    InspectionReportFacts,
    InspectionResult,
    inspection_report_credential,
)
from casys.inspection.models import LANGUAGES, CheckResult, Defect, Inspection, InspectionReport, Item, State
from casys.inspection.services import InspectionError, scheme
from casys.inspection.services.inspections import _move, coverage_blocking, plan_of, sample_of
from casys.inspection.services.setup import scope_lines

LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)


def _person(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def verification_url(body: Body, number: str) -> str:
    """The report's public verification page (the QR code's target and the credential's id)."""
    return base_url() + reverse("inspection:verify", kwargs={"slug": body.slug, "number": number})


def _next_number(body: Body, on: date) -> str:
    prefix = f"{body.slug.upper()}-IR-{on.year}-"
    taken = InspectionReport.all_objects.filter(body_id=body.pk, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _party(b: Body) -> dict[str, str]:
    return {"name": b.name, "address": b.address, "city": b.city, "country": b.country}


def _results(inspection: Inspection) -> list[dict[str, Any]]:
    plan = plan_of(inspection)
    order = {c.id: i for i, c in enumerate(plan.checklist)}
    rows = CheckResult.all_objects.filter(inspection=inspection).select_related("item", "instrument")
    out = []
    for r in sorted(rows, key=lambda r: (r.item.identifier, order.get(r.check_id, 99))):
        check = plan.item(r.check_id)
        out.append(
            {
                "item": r.item.identifier,
                "check": r.check_id,
                "requirement": check.requirement,
                "text": check.text,
                "kind": r.kind,
                "value": r.value,
                "unit": check.unit,
                "u": r.u,
                "passed": r.passed,
                "grade": r.grade,
                "detail": r.detail,
                "instrument": {
                    "code": r.instrument.code,
                    "name": r.instrument.name,
                    "calibration_due": r.instrument_calibration_due.isoformat()
                    if r.instrument_calibration_due
                    else None,
                }
                if r.instrument
                else None,
                "subcontractor": r.subcontractor,
                "recorded_on": r.recorded_on.isoformat(),
            }
        )
    return out


def _items(inspection: Inspection) -> list[dict[str, Any]]:
    out = []
    for item in inspection.items.order_by("identifier"):
        sample = sample_of(inspection, item)
        out.append(
            {
                "identifier": item.identifier,
                "description": item.description,
                "kind": item.kind,
                "location": item.location,
                "lot_size": item.lot_size,
                "sample": {"n": sample.n, "Ac": sample.Ac, "Re": sample.Re, "plan": sample.plan}
                if sample
                else None,
            }
        )
    return out


def _dates(inspection: Inspection, results: list[dict[str, Any]]) -> list[str]:
    days = {r["recorded_on"] for r in results}
    if inspection.started_on:
        days.add(inspection.started_on.isoformat())
    return sorted(days)


def _outcomes(inspection: Inspection, last_day: date) -> dict[str, dict[str, Any]]:
    plan = plan_of(inspection)
    out = {}
    for item in inspection.items.order_by("identifier"):
        grades = list(
            Defect.all_objects.filter(inspection=inspection, item=item).values_list("grade", flat=True)
        )
        o = defects.outcome(plan, grades, last_day)
        out[item.identifier] = {
            "out_of_service": o.out_of_service,
            "repeat_by": o.repeat_by.isoformat() if o.repeat_by else None,
            "next_due": o.next_due.isoformat() if o.next_due else None,
        }
    return out


def content(
    inspection: Inspection, *, on: date, issuer: Any, language: str, remarks: str = ""
) -> dict[str, Any]:
    """What a report of ``inspection`` issued on ``on`` says (every 7.4.2 element, 7.4.4 marks)."""
    s = scheme(inspection.scheme_id)
    results = _results(inspection)
    found = [
        {
            "item": d.item.identifier,
            "grade": d.grade,
            "description": d.description,
            "consequence": d.consequence_text,
        }
        for d in Defect.all_objects.filter(inspection=inspection)
        .select_related("item")
        .order_by("found_on", "id")
    ]
    conforms = bool(results) and all(r["passed"] for r in results) and not found
    dates = _dates(inspection, results)
    line = next((x for x in scope_lines(inspection.body) if x.scheme == inspection.scheme_id), None)
    return {
        "number": "",
        "kind": s.attestation.kind,
        "reference": inspection.reference,
        "issued_on": on.isoformat(),
        "approved_by": _person(issuer),
        "reviewed_by": _person(inspection.reviewed_by),
        "inspector": _person(inspection.inspector),
        "language": language,
        "body": _party(inspection.body),
        "independence": line.independence if line else "",
        "client": _party(inspection.client),
        "scheme": {
            "id": s.id,
            "title": s.title,
            "standard": s.standard,
            "normative_document": s.normative_document,
            "method": plan_of(inspection).method,
        },
        "location": inspection.location,
        "inspected_on": dates,
        "items": _items(inspection),
        "results": results,
        "defects": found,
        "conforms": conforms,
        "statement": (
            f"The item(s) inspected conform to the requirements of {s.title}."
            if conforms
            else f"The item(s) inspected do not conform to the requirements of {s.title}: "
            f"{len(found)} defect(s)."
        ),
        "outcomes": _outcomes(inspection, date.fromisoformat(dates[-1])) if dates else {},
        "remarks": remarks.strip(),
        "supersedes": None,
        "correction_reason": "",
    }


def facts_of(c: Mapping[str, Any]) -> reports.ReportFacts:
    """The 7.4.2 facts of a report's content, for :func:`casys.core.inspection.reports.missing_content`."""
    return reports.ReportFacts(
        issuing_body=c["body"]["name"],
        report_id=c["number"],
        issued_on=date.fromisoformat(c["issued_on"]) if c.get("issued_on") else None,
        inspected_on=tuple(date.fromisoformat(d) for d in c["inspected_on"]),
        items=tuple(i["identifier"] for i in c["items"]),
        approved_by=c["approved_by"],
        conformity_statement_required=True,  # every shipped scheme ends in a decision on conformity
        conformity_statement=c["statement"],
        results=tuple(
            reports.ResultLine(
                r["check"], "pass" if r["passed"] else "fail", bool(r["subcontractor"]), r["subcontractor"]
            )
            for r in c["results"]
        ),
    )


def _credential(body: Body, c: dict[str, Any], client: Body, actor: Actor) -> str:
    facts = InspectionReportFacts(
        id=verification_url(body, c["number"]),
        number=c["number"],
        body=credentials.Party(did_for(body.slug), body.name),
        client=credentials.Party(f"{verification_url(body, c['number'])}#client", client.name),
        issue_date=date.fromisoformat(c["issued_on"]),
        inspected_on=tuple(date.fromisoformat(d) for d in c["inspected_on"]),
        items=tuple(i["identifier"] for i in c["items"]),
        approved_by=c["approved_by"],
        statement=c["statement"],
        conforms=c["conforms"],
        results=tuple(
            InspectionResult(
                r["item"],
                r["check"],
                r["requirement"],
                r["text"],
                r["passed"],
                r["detail"],
                r["subcontractor"],
            )
            for r in c["results"]
        ),
        scheme_id=c["scheme"]["id"],
        scheme_name=c["scheme"]["title"],
        supersedes=c["supersedes"],
    )

    def build(status: tuple[Mapping[str, str], ...]) -> dict[str, Any]:
        return inspection_report_credential(replace(facts, status=status))

    row = issue_one(
        body,
        Entry(
            kind=c["kind"],
            number=c["number"],
            status="active",
            holder_name=client.name,
            holder_name_en=client.name_en or client.name,
            country="",
            standards=(ISO_17020,),
            scope=c["scheme"]["title"],
            original_issue_date=facts.issue_date,
            issue_date=facts.issue_date,
            expiry_date=None,
            public=False,
            build=build,
        ),
        actor=actor,
    )
    return row.credential


def _language(language: str) -> str:
    if language not in LANGUAGE_CODES:
        raise InspectionError("language", f"choose one of {', '.join(LANGUAGE_CODES)}")
    return language


def _save(
    inspection: Inspection, c: dict[str, Any], *, on: date, actor: Actor, supersedes: InspectionReport | None
) -> InspectionReport:
    c["number"] = _next_number(inspection.body, on)
    missing = reports.missing_content(facts_of(c))
    if missing:
        first = missing[0]
        raise InspectionError(first.field, "; ".join(str(m) for m in missing))
    report = InspectionReport.all_objects.create(
        body_id=inspection.body_id,
        inspection=inspection,
        client_id=inspection.client_id,
        number=c["number"],
        kind=c["kind"],
        issued_on=on,
        issued_by=actor.user,
        language=c["language"],
        snapshot=c,
        supersedes=supersedes,
        correction_reason=c["correction_reason"],
    )
    report.credential = _credential(inspection.body, c, inspection.client, actor)
    report.save(update_fields=["credential"])
    return report


def _apply_outcomes(inspection: Inspection, c: dict[str, Any], actor: Actor, on: date) -> None:
    """The items' service state and next due date after the report (17020 7.1; the scheme's grading)."""
    for item in Item.all_objects.select_for_update().filter(pk__in=inspection.items.values("pk")):
        o = c["outcomes"].get(item.identifier)
        if o is None:
            continue
        was_out = not item.in_service
        item.in_service = not o["out_of_service"]
        item.next_due = date.fromisoformat(o["next_due"]) if o["next_due"] else None
        if item.in_service:
            item.out_of_service_since = None
        elif item.out_of_service_since is None:
            item.out_of_service_since = on
        item.save()
        if was_out and item.in_service:
            log(
                "inspection.item.returned",
                actor=actor,
                body=inspection.body,
                obj=item,
                data={"item": item.identifier, "inspection": inspection.reference},
            )


@transaction.atomic
def issue_report(
    inspection: Inspection, *, on: date, actor: Actor, language: str = "en", remarks: str = ""
) -> InspectionReport:
    """Issue the inspection's report: refused while a 7.4.2 element is missing or a second review the
    scheme asks for is not done; the items' next due dates and service state follow the defects."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    if inspection.state != State.IN_REVIEW:
        raise InspectionError("state", "a report is issued for an inspection in review")
    if plan_of(inspection).second_review and inspection.reviewed_by_id is None:
        raise InspectionError("review", "the scheme asks for a second person's review before the report")
    blocked = coverage_blocking(inspection)
    if blocked:
        raise InspectionError("coverage", blocked)
    c = content(inspection, on=on, issuer=actor.user, language=_language(language), remarks=remarks)
    report = _save(inspection, c, on=on, actor=actor, supersedes=None)
    _move(inspection, State.REPORTED)
    inspection.save()
    _apply_outcomes(inspection, c, actor, on)
    log(
        "inspection.report.issued",
        actor=actor,
        body=inspection.body,
        obj=report,
        data={
            "number": report.number,
            "inspection": inspection.reference,
            "kind": report.kind,
            "conforms": c["conforms"],
            "language": report.language,
        },
    )
    return report


@transaction.atomic
def correct_report(
    report: InspectionReport,
    *,
    reason: str,
    on: date,
    actor: Actor,
    remarks: str | None = None,
    language: str | None = None,
) -> InspectionReport:
    """A corrected report: a new number that references the report it supersedes (7.4.4); the old one
    stays as issued and its attestation is flagged superseded."""
    report = InspectionReport.all_objects.select_for_update().get(pk=report.pk)
    if InspectionReport.all_objects.filter(supersedes=report).exists():
        raise InspectionError("report", f"report {report.number} is corrected already: correct the newest")
    if not reason.strip():
        raise InspectionError("reason", "say what the correction corrects")
    inspection = report.inspection
    c = content(
        inspection,
        on=on,
        issuer=actor.user,
        language=_language(language or report.language),
        remarks=report.snapshot.get("remarks", "") if remarks is None else remarks,
    )
    c.update(supersedes=report.number, correction_reason=reason.strip())
    new = _save(inspection, c, on=on, actor=actor, supersedes=report)
    if Attestation.all_objects.filter(
        issuer_id=report.body_id, kind=report.kind, number=report.number
    ).exists():
        record_status(
            report.body,
            report.kind,
            report.number,
            "supersede",
            on=on,
            reason=f"superseded by {new.number}: {new.correction_reason}",
            actor=actor,
        )
    log(
        "inspection.report.corrected",
        actor=actor,
        body=report.body,
        obj=new,
        data={"number": new.number, "supersedes": report.number, "reason": new.correction_reason},
    )
    return new
