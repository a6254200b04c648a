"""Inspection reports (ISO/IEC 17020:2012 7.4): refused while a 7.4.2 element is missing, signed and
verifiable, subcontracted results marked, a correction supersedes, the PDF in EN/FR/RU."""

from __future__ import annotations

import json
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from casys.accounts.models import Body, User
from casys.attestations.identity import did_for
from casys.attestations.models import Attestation
from casys.auditlog.services import SYSTEM, Actor
from casys.core import credentials, signing
from casys.inspection.models import Inspection, InspectionReport, Instrument, Item, State
from casys.inspection.services import InspectionError, inspections, reports
from casys.inspection.views.reports import pdf_response
from tests.inspection.conftest import ON, answer_all

ISSUED = date(2026, 3, 3)


def _actor(user: User) -> Actor:
    return Actor(user=user, label=str(user))


def _in_review(started: Inspection, crane: Item, gauge: Instrument, **override: object) -> Inspection:
    answer_all(started, crane, gauge, **override)
    return inspections.submit(started, on=ON, actor=SYSTEM)


def _verify(report: InspectionReport) -> credentials.Verification:
    jwks = json.loads(
        (Path(settings.DATA_DIR) / "registry-static/keys" / report.body.slug / "jwks.json").read_text()
    )
    ring = signing.keyring_from_jwks(jwks, jwks["issuer"])
    return credentials.verify(report.credential, [ring], datetime(2026, 4, 1, tzinfo=UTC))


def test_an_issued_report_is_signed_and_verifies(
    started: Inspection, crane: Item, gauge: Instrument, reviewer: User, body_a: Body
) -> None:
    report = reports.issue_report(_in_review(started, crane, gauge), on=ISSUED, actor=_actor(reviewer))
    assert report.number == "ALPHA-INSP-IR-2026-0001"
    v = _verify(report)
    assert v.ok, v.checks
    subject = v.credential["credentialSubject"]  # type: ignore[index]
    assert v.credential["issuer"]["id"] == did_for(body_a.slug)  # type: ignore[index]
    assert subject["attestationType"] == "inspection" and subject["itemsInspected"] == ["CR-12"]
    assert subject["approvedBy"] == "Rex Reviewer" and subject["inspectionDates"] == ["2026-03-02"]
    assert Attestation.all_objects.get(number=report.number).kind == "inspection-report"
    started.refresh_from_db()
    crane.refresh_from_db()
    assert started.state == State.REPORTED
    assert crane.next_due == date(2027, 3, 2)  # the scheme's 12 months


def test_a_report_is_refused_while_a_7_4_2_element_is_missing(
    started: Inspection, crane: Item, gauge: Instrument
) -> None:
    # the system issues without a person: no approval by authorised personnel (7.4.2 e)
    with pytest.raises(InspectionError) as exc:
        reports.issue_report(_in_review(started, crane, gauge), on=ISSUED, actor=SYSTEM)
    assert exc.value.field == "approved_by" and "7.4.2 e)" in str(exc.value)
    assert not InspectionReport.all_objects.exists() and not Attestation.all_objects.exists()
    started.refresh_from_db()
    assert started.state == State.IN_REVIEW


def test_a_subcontracted_result_is_marked_in_the_report_and_the_credential(
    started: Inspection, crane: Item, gauge: Instrument, reviewer: User
) -> None:
    answer_all(started, crane, gauge)
    inspections.record_check(
        started,
        item=crane,
        check_id="chain-wear",
        value="2.0",
        u="0.1",
        subcontractor="Riga NDT Lab",
        on=ON,
        actor=SYSTEM,
    )
    inspections.submit(started, on=ON, actor=SYSTEM)
    report = reports.issue_report(started, on=ISSUED, actor=_actor(reviewer))
    row = next(r for r in report.snapshot["results"] if r["check"] == "chain-wear")
    assert row["subcontractor"] == "Riga NDT Lab"
    marked = [
        a
        for a in _verify(report).credential["credentialSubject"]["assessment"]
        if "suppliedBySubcontractor" in a
    ]  # type: ignore[index]
    assert [a["check"] for a in marked] == ["chain-wear"]


def test_a_scheme_with_a_second_review_refuses_the_report_before_it(
    body_a: Body, parent: Body, inspector: User, reviewer: User, gauge: Instrument, scope: None
) -> None:
    vessel = inspections.Item.all_objects.create(
        body=body_a, owner=parent, identifier="PV-1", description="Receiver", kind="installation"
    )
    i = inspections.plan_inspection(
        body_a,
        scheme_id="pressure-equipment-periodic",
        client=parent,
        items=[vessel],
        planned_on=ON,
        actor=SYSTEM,
    )
    i = inspections.start(
        inspections.assign(i, inspector=inspector, on=ON, actor=SYSTEM), on=ON, actor=SYSTEM
    )
    for check, value, u in [
        ("nameplate", "pass", None),
        ("wall-thickness", "9.5", "0.1"),
        ("safety-valve-set-pressure", "10.0", "0.05"),
        ("corrosion-pits", "0", None),
        ("gauge", "pass", None),
    ]:
        inspections.record_check(
            i,
            item=vessel,
            check_id=check,
            value=value,
            u=u,
            instrument=gauge if u else None,
            on=ON,
            actor=SYSTEM,
        )
    inspections.submit(i, on=ON, actor=SYSTEM)
    with pytest.raises(InspectionError) as exc:
        reports.issue_report(i, on=ISSUED, actor=_actor(reviewer))
    assert exc.value.field == "review"
    inspections.review(i, approve=True, on=ISSUED, actor=_actor(reviewer))
    report = reports.issue_report(i, on=ISSUED, actor=_actor(reviewer))
    assert report.snapshot["reviewed_by"] == "Rex Reviewer" and report.snapshot["conforms"]


def test_a_correction_is_a_new_report_that_supersedes_the_old_one(
    started: Inspection, crane: Item, gauge: Instrument, reviewer: User
) -> None:
    first = reports.issue_report(_in_review(started, crane, gauge), on=ISSUED, actor=_actor(reviewer))
    snapshot, credential = dict(first.snapshot), first.credential
    second = reports.correct_report(
        first,
        reason="wrong place of inspection",
        remarks="Inspected at quay 4",
        on=date(2026, 3, 5),
        actor=_actor(reviewer),
    )
    first.refresh_from_db()
    assert first.snapshot == snapshot and first.credential == credential  # never edited
    assert second.number != first.number and second.supersedes == first
    assert (
        second.snapshot["supersedes"] == first.number and second.snapshot["remarks"] == "Inspected at quay 4"
    )
    assert Attestation.all_objects.get(number=first.number).status == "superseded"
    assert Attestation.all_objects.get(number=second.number).status == "active"
    assert _verify(second).credential["credentialSubject"]["supersedes"] == first.number  # type: ignore[index]
    with pytest.raises(InspectionError) as exc:
        reports.correct_report(first, reason="again", on=date(2026, 3, 6), actor=_actor(reviewer))
    assert exc.value.field == "report"


def test_a_dangerous_defect_keeps_the_item_out_of_service_after_the_report(
    started: Inspection, crane: Item, gauge: Instrument, reviewer: User
) -> None:
    report = reports.issue_report(
        _in_review(started, crane, gauge, **{"brake-function": "fail"}), on=ISSUED, actor=_actor(reviewer)
    )
    crane.refresh_from_db()
    assert not crane.in_service and crane.next_due is None
    assert report.snapshot["outcomes"]["CR-12"]["out_of_service"] and not report.snapshot["conforms"]


def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


LABELS = {
    "en": [
        "Issuing body",
        "Report number",
        "Date of issue",
        "Date(s) of inspection",
        "Item(s) inspected",
        "Approved by",
        "Statement of conformity",
        "Inspection results",
        "result supplied by subcontractor",
    ],
    "fr": [
        "Organisme émetteur",
        "Numéro du rapport",
        "Date d'émission",
        "Date(s) d'inspection",
        "Objet(s) inspecté(s)",
        "Approuvé par",
        "Déclaration de conformité",
        "Résultats de l'inspection",
        "résultat fourni par le sous-traitant",
    ],
    "ru": [
        "Орган, выпустивший отчёт",
        "Номер отчёта",
        "Дата выпуска",
        "Дата(ы) инспекции",
        "Объект(ы) инспекции",
        "Утвердил",
        "Заключение о соответствии",
        "Результаты инспекции",
        "результат предоставлен субподрядчиком",
    ],
}


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_pdf_carries_every_7_4_2_element_in_each_language(
    started: Inspection, crane: Item, gauge: Instrument, reviewer: User, language: str
) -> None:
    answer_all(started, crane, gauge)
    inspections.record_check(
        started,
        item=crane,
        check_id="chain-wear",
        value="2.0",
        u="0.1",
        subcontractor="Riga NDT Lab",
        on=ON,
        actor=SYSTEM,
    )
    inspections.submit(started, on=ON, actor=SYSTEM)
    report = reports.issue_report(started, on=ISSUED, actor=_actor(reviewer), language=language)
    text = " ".join(_pdf_text(pdf_response(report).content).split())
    for label in LABELS[language]:
        assert label in text, (language, label)
    with translation.override(language):
        issued, inspected = formats.date_format(ISSUED), formats.date_format(ON)
    for value in [
        "Alpha Inspection",
        report.number,
        issued,
        inspected,
        "CR-12",
        "Rex Reviewer",
        "Riga NDT Lab",
    ]:
        assert value in text, (language, value)
    # the verification address under the QR code may wrap inside the narrow column
    assert f"/inspection/verify/alpha-insp/{report.number}/" in text.replace(" ", "")


def test_a_batch_is_certified_with_its_lot_and_sample_size(
    body_a: Body, client_body: Body, inspector: User, reviewer: User, gauge: Instrument
) -> None:
    lot = inspections.Item.all_objects.create(
        body=body_a,
        owner=client_body,
        identifier="LOT-9",
        kind="batch",
        description="Bolts M12",
        lot_size=5000,
    )
    i = inspections.plan_inspection(
        body_a,
        scheme_id="pre-shipment-sampling",
        client=client_body,
        items=[lot],
        planned_on=ON,
        actor=SYSTEM,
    )
    i = inspections.start(
        inspections.assign(i, inspector=inspector, on=ON, actor=SYSTEM), on=ON, actor=SYSTEM
    )
    for check, value, u in [
        ("quantity-and-marking", "pass", None),
        ("defectives-in-sample", "11", None),
        ("length", "100.0", "0.05"),
        ("hazardous-defect", "0", None),
    ]:
        inspections.record_check(
            i,
            item=lot,
            check_id=check,
            value=value,
            u=u,
            instrument=gauge if u else None,
            on=ON,
            actor=SYSTEM,
        )
    inspections.submit(i, on=ON, actor=SYSTEM)
    report = reports.issue_report(i, on=ISSUED, actor=_actor(reviewer))
    assert report.kind == "inspection-certificate" and not report.snapshot["conforms"]  # 11 > Ac 10
    text = " ".join(_pdf_text(pdf_response(report).content).split())
    assert "Inspection certificate" in text and "lot of 5000, sample of 200, Ac 10" in text
