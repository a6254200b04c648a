"""Test reports: draft, issue (frozen, numbered), amend by a new report (ISO/IEC 17025:2017 7.8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse

from casys import clock
from casys.accounts.models import Body
from casys.accreditation.services import statements
from casys.attestations.identity import base_url, did_for
from casys.attestations.models import Attestation, Kind
from casys.attestations.services.issue import Entry, issue_one, record_status
from casys.auditlog.services import Actor, log
from casys.core import credentials, untrusted_text
from casys.core.report_credentials import ConformityStatement, ReportFacts, report_statement_credential
from casys.laboratory.models import (
    REPORT_LANGUAGES,
    CustomerRecord,
    DecisionRuleAgreement,
    ReportStatus,
    TestReport,
    TestResult,
)
from casys.laboratory.services import LabInputError
from casys.laboratory.services.decisions import decision


class ReportIssuedError(LabInputError):
    """An issued report is never edited (ISO/IEC 17025:2017 7.8.8): amend it with a new report."""


#: The CAB standard whose accreditation may cover a test report.
CAB_STANDARD = "ISO/IEC 17025"
LANGUAGE_CODES = tuple(code for code, _name in REPORT_LANGUAGES)


def _language(language: str) -> str:
    if language not in LANGUAGE_CODES:
        raise LabInputError("language", f"choose one of {', '.join(LANGUAGE_CODES)}")
    return language


def customer_record(lab: Body, customer: Body) -> CustomerRecord:
    """The laboratory's record of the customer, or an unsaved one with the defaults."""
    found = CustomerRecord.all_objects.filter(body_id=lab.pk, customer_id=customer.pk).first()
    return found if found is not None else CustomerRecord(body=lab, customer=customer)


@transaction.atomic
def set_customer_record(
    lab: Body,
    customer: Body,
    *,
    actor: Actor,
    report_language: str,
    contact_name: str = "",
    contact_email: str = "",
) -> CustomerRecord:
    """Record the customer's report language and contact (named on its reports)."""
    if customer.managed_by_id != lab.id:
        raise LabInputError("customer", "is not a customer of this laboratory")
    wrong = untrusted_text.problem(contact_name.strip(), max_length=200)
    if wrong is not None:  # the name is printed on reports (issue 12, finding 10)
        raise LabInputError("contact_name", wrong)
    record = customer_record(lab, customer)
    record.report_language = _language(report_language)
    record.contact_name = contact_name.strip()
    record.contact_email = contact_email.strip()
    record.save()
    log(
        "laboratory.customer.updated",
        actor=actor,
        body=lab,
        obj=record,
        data={
            "customer": customer.slug,
            "report_language": record.report_language,
            "contact_name": record.contact_name,
            "contact_email": record.contact_email,
        },
    )
    return record


def _check(
    lab: Body, customer: Body, results: Sequence[TestResult], agreements: Sequence[DecisionRuleAgreement]
) -> None:
    if customer.managed_by_id != lab.id:
        raise LabInputError("customer", "is not a customer of this laboratory")
    if not results:
        raise LabInputError("results", "choose at least one result")
    for result in results:
        if result.body_id != lab.id or result.customer_id != customer.id:
            raise LabInputError("results", f"result {result.sample!r} is not a result for {customer.name}")
    for agreement in agreements:
        if agreement.body_id != lab.id or agreement.customer_id != customer.id:
            raise LabInputError(
                "agreements", f"decision rule {agreement} was not agreed with {customer.name}"
            )


@transaction.atomic
def create_report(
    lab: Body,
    *,
    actor: Actor,
    customer: Body,
    title: str,
    results: Sequence[TestResult],
    agreements: Sequence[DecisionRuleAgreement],
    language: str | None = None,
    remarks: str = "",
    location: str = "",
) -> TestReport:
    """A draft report; it states conformity under each chosen agreed decision rule. Its language is
    the customer's (from the laboratory's customer record) unless another is chosen."""
    if not title.strip():
        raise LabInputError("title", "is required")
    _check(lab, customer, results, agreements)
    report = TestReport.all_objects.create(
        body=lab,
        customer=customer,
        title=title.strip(),
        created_by=actor.user,
        language=_language(language or customer_record(lab, customer).report_language),
        remarks=remarks.strip(),
        location=location.strip()[:300],
    )
    report.results.set(results)
    report.agreements.set(agreements)
    log(
        "laboratory.report.drafted",
        actor=actor,
        body=lab,
        obj=report,
        data={
            "customer": customer.slug,
            "title": report.title,
            "language": report.language,
            "results": [r.pk for r in results],
            "agreements": [a.pk for a in agreements],
        },
    )
    return report


def _person(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def content(report: TestReport) -> dict[str, Any]:
    """What the report says: frozen snapshot once issued, computed from the records while a draft."""
    if report.status == ReportStatus.ISSUED:
        return dict(report.snapshot)
    return _live_content(report)


def _live_content(report: TestReport) -> dict[str, Any]:
    agreements = list(report.agreements.select_related("agreed_by", "method").order_by("agreed_on", "id"))
    results = list(report.results.select_related("method").order_by("measured_on", "id"))
    rows = []
    for res in results:
        m = res.method
        applicable = [a for a in agreements if a.method_id in (None, m.id)]
        rows.append(
            {
                "id": res.pk,
                "sample": res.sample,
                "measured_on": res.measured_on.isoformat(),
                "item_description": res.item_description,
                "received_on": res.received_on.isoformat() if res.received_on else None,
                "sampled_on": res.sampled_on.isoformat() if res.sampled_on else None,
                "sampling_plan": res.sampling_plan,
                "external_provider": res.external_provider,
                "method": {
                    "code": m.code,
                    "title": m.title,
                    "measurand": m.measurand,
                    "unit": m.unit,
                    "lower": m.lower_limit,
                    "upper": m.upper_limit,
                },
                "y": res.y,
                "u": res.u,
                "k": res.k,
                "U": res.U,
                "df": res.df,
                "evaluation": res.evaluation,
                "computation": res.computation,
                "decisions": [decision(res.y, res.u, res.k, m, a) for a in applicable],
            }
        )
    superseded = report.supersedes
    on = report.issued_on or clock.today()
    accredited = statements.for_methods(
        report.body, standard=CAB_STANDARD, methods=[r["method"]["code"] for r in rows], on=on
    )
    record = customer_record(report.body, report.customer)
    return {
        "number": report.number,
        "title": report.title,
        "status": report.status,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "issued_by": _person(report.issued_by),
        "laboratory": {
            "name": report.body.name,
            "address": report.body.address,
            "city": report.body.city,
            "country": report.body.country,
        },
        "location": report.location,
        "language": report.language,
        "remarks": report.remarks,
        "customer": {
            "name": report.customer.name,
            "address": report.customer.address,
            "city": report.customer.city,
            "country": report.customer.country,
            "contact_name": record.contact_name,
            "contact_email": record.contact_email,
        },
        "accreditation": {
            "number": accredited.number,
            "body": accredited.body,
            "standard": accredited.standard,
            "methods": list(accredited.methods),
        }
        if accredited
        else None,
        "supersedes": superseded.number if superseded else None,
        "amendment_reason": report.amendment_reason,
        "rules": [
            {
                "id": a.pk,
                "rule": a.rule,
                "r": a.r,
                "binary": a.binary,
                "method": a.method.code if a.method else None,
                "agreed_on": a.agreed_on.isoformat(),
                "customer_representative": a.customer_representative,
                "agreed_by": _person(a.agreed_by),
            }
            for a in agreements
        ],
        "results": rows,
    }


def _next_number(lab: Body, on: date) -> str:
    prefix = f"{lab.slug.upper()}-{on.year}-"
    taken = TestReport.objects.filter(body=lab, number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


@transaction.atomic
def issue_report(report: TestReport, *, actor: Actor, on: date, language: str | None = None) -> TestReport:
    """Issue a draft: number it, freeze its content (in ``language`` if chosen now, else the draft's);
    an amended report's predecessor is then superseded."""
    # reached through the scope by the caller; the scoped query is DISTINCT, which cannot lock
    report = TestReport.all_objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.ISSUED:
        raise ReportIssuedError("status", f"report {report.number} is issued already and is never edited")
    if not report.agreements.exists():
        raise LabInputError(
            "agreements", "a statement of conformity needs an agreed decision rule (17025 7.1.3)"
        )
    if language:
        report.language = _language(language)
    report.number = _next_number(report.body, on)
    report.status = ReportStatus.ISSUED
    report.issued_on = on
    report.issued_by = actor.user
    report.snapshot = _live_content(report) | {"status": ReportStatus.ISSUED}
    report.snapshot.update(number=report.number, issued_on=on.isoformat(), issued_by=_person(actor.user))
    report.credential = sign_report(report, actor=actor)
    report.save()
    superseded = report.supersedes
    if (
        superseded is not None
        and Attestation.all_objects.filter(
            issuer=report.body, kind=Kind.TEST_REPORT, number=superseded.number
        ).exists()
    ):
        # ISO/IEC 17025:2017 7.8.8.2: the amended report replaces the original, whose credential is
        # then flagged in the laboratory's revocation list
        record_status(
            report.body,
            Kind.TEST_REPORT,
            superseded.number,
            "supersede",
            on=on,
            reason=f"superseded by {report.number}: {report.amendment_reason}",
            actor=actor,
        )
    log(
        "laboratory.report.issued",
        actor=actor,
        body=report.body,
        obj=report,
        data={
            "number": report.number,
            "language": report.language,
            "supersedes": report.snapshot["supersedes"],
            "credential": bool(report.credential),
            "statements": [
                [d["rule"], d["statement"]] for row in report.snapshot["results"] for d in row["decisions"]
            ],
        },
    )
    return report


def report_facts(report: TestReport) -> ReportFacts:
    """The facts of an issued report's credential, read from its frozen snapshot."""
    snap = report.snapshot
    url = base_url() + reverse("laboratory:report-detail", kwargs={"slug": report.body.slug, "pk": report.pk})
    statements = tuple(
        ConformityStatement(
            sample=row["sample"],
            method=row["method"]["code"],
            measurand=row["method"]["measurand"],
            y=float(row["y"]),
            unit=row["method"]["unit"],
            U=float(row["U"]),
            k=float(row["k"]),
            lower=row["method"]["lower"],
            upper=row["method"]["upper"],
            rule_name=d["rule_name"],
            rule_reference=d["reference"],
            statement=d["statement"],
        )
        for row in snap["results"]
        for d in row["decisions"]
    )
    return ReportFacts(
        id=url,
        number=report.number,
        title=report.title,
        laboratory=credentials.Party(did_for(report.body.slug), report.body.name),
        customer=credentials.Party(f"{url}#customer", report.customer.name),
        issue_date=date.fromisoformat(snap["issued_on"]),
        statements=statements,
        supersedes=snap.get("supersedes"),
    )


def sign_report(report: TestReport, *, actor: Actor) -> str:
    """Issue the report's credential through the attestations layer, signed with the laboratory's key
    and with a status entry; the signed token."""
    facts = report_facts(report)

    def build(status: tuple[Mapping[str, str], ...]) -> dict[str, Any]:
        return report_statement_credential(replace(facts, status=status))

    customer = report.customer
    row = issue_one(
        report.body,
        Entry(
            kind=Kind.TEST_REPORT,
            number=report.number,
            status="active",
            holder_name=customer.name,
            holder_name_en=customer.name,
            country="",
            standards=tuple(dict.fromkeys(s.method for s in facts.statements)),
            scope=report.title,
            original_issue_date=facts.issue_date,
            issue_date=facts.issue_date,
            expiry_date=None,
            public=False,
            build=build,
        ),
        actor=actor,
    )
    return row.credential


@transaction.atomic
def amend_report(report: TestReport, *, actor: Actor, reason: str) -> TestReport:
    """A new draft that will supersede the issued ``report`` (ISO/IEC 17025:2017 7.8.8.2)."""
    if report.status != ReportStatus.ISSUED:
        raise LabInputError("status", "only an issued report is amended; edit the draft instead")
    if TestReport.objects.filter(supersedes=report).exists():
        raise LabInputError("status", f"report {report.number} has an amendment already")
    if not reason.strip():
        raise LabInputError("reason", "say why the report is amended")
    draft = TestReport.all_objects.create(
        body=report.body,
        customer=report.customer,
        title=report.title,
        supersedes=report,
        amendment_reason=reason.strip(),
        language=report.language,
        remarks=report.remarks,
        location=report.location,
        created_by=actor.user,
    )
    draft.results.set(report.results.all())
    draft.agreements.set(report.agreements.all())
    log(
        "laboratory.report.amended",
        actor=actor,
        body=report.body,
        obj=draft,
        data={"supersedes": report.number, "reason": draft.amendment_reason},
    )
    return draft
