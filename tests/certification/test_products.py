"""Product certification (ISO/IEC 17065) on the one engine: services."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Application, Auditor, Certificate, Licence, Product
from casys.certification.services import CertificationError, auditors, audits, decisions, products
from casys.certification.services.products import PartyInput, ProductInput, ResultInput

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 5)  # the certification conftest's fixed day


def new_application(body, client) -> Application:  # type: ignore[no-untyped-def]
    with unscoped():
        return products.create_product_application(
            body,
            client,
            scheme_id="type5-electrical",
            products=[
                ProductInput("Electric kettle", "WK-17", "1.7 l cordless kettle", "230 V, 2200 W"),
                ProductInput("Electric kettle", "WK-10", ratings="230 V, 1800 W"),
            ],
            manufacturer=PartyInput("Müller Präzisionsteile GmbH", "Industriestraße 4, Stuttgart", "DE"),
            factories=[PartyInput("Werk Esslingen", "Fabrikweg 2, Esslingen", "DE")],
            received_on=TODAY,
        )


@pytest.fixture
def papp(body_a, cert_client) -> Application:  # type: ignore[no-untyped-def]
    return new_application(body_a, cert_client)


@pytest.fixture
def ines(body_a) -> Auditor:  # type: ignore[no-untyped-def]
    with unscoped():
        return auditors.create_auditor(body_a, name="Ines Inspector")


def results(app: Application, fail: str = "", **extra) -> list[ResultInput]:  # type: ignore[no-untyped-def]
    return [
        ResultInput(
            p.pk,
            f"TR-{p.type_designation}",
            "Prüflabor Süd",
            date(2026, 1, 2),
            "fail" if p.type_designation == fail else "pass",
            **extra,
        )
        for p in app.products.all()
    ]


def run_initial(app: Application, who: Auditor, *, fail: str = "", major: bool = False) -> None:
    with unscoped():
        products.review_product_application(app, on=TODAY)
        for a in app.audits.order_by("id"):
            kind = products.record_kind(a)
            rows = results(app, fail) if kind == "test-report" else []
            products.record_activity(a, done_on=date(2026, 1, 3), team=[who], today=TODAY, results=rows)
            if major and kind == "findings":
                audits.add_finding(
                    a,
                    grade="major",
                    clause="IEC 60335-1 22.3",
                    evidence="No routine test",
                    due=None,
                    on=TODAY,
                )


def test_it_records_a_product_application_with_its_types_and_factory(papp) -> None:
    with unscoped():
        rows = list(papp.products.all())
        assert [r.type_designation for r in rows] == ["WK-17", "WK-10"]
        assert rows[0].normative_document == "IEC 60335-1 (example product standard)"  # scheme's default
        assert papp.manufacturer.country == "DE"
        assert [s.name for s in papp.sites.all()] == ["Werk Esslingen"]
        assert papp.scope_lines[0] == (
            "Electric kettle, type WK-17 (230 V, 2200 W): IEC 60335-1 (example product standard)"
        )
    assert AuditEntry.all_objects.filter(action="certification.application.created").exists()


def test_it_refuses_a_management_system_scheme_and_names_the_field(body_a, cert_client) -> None:
    with unscoped(), pytest.raises(CertificationError, match="scheme: 'iso9001' is not a product"):
        products.create_product_application(
            body_a,
            cert_client,
            scheme_id="iso9001",
            products=[ProductInput("Kettle", "K1")],
            manufacturer=PartyInput("M"),
            factories=[PartyInput("F", country="DE")],
            received_on=TODAY,
        )


def test_it_refuses_a_product_without_type_and_a_factory_without_country(body_a, cert_client) -> None:
    kw = {"scheme_id": "type5-electrical", "manufacturer": PartyInput("M"), "received_on": TODAY}
    with unscoped():
        with pytest.raises(CertificationError, match=r"products\[0\].type_designation: required"):
            products.create_product_application(
                body_a,
                cert_client,
                products=[ProductInput("Kettle", "")],
                factories=[PartyInput("F", "", "DE")],
                **kw,
            )
        with pytest.raises(CertificationError, match=r"factories\[0\].country"):
            products.create_product_application(
                body_a, cert_client, products=[ProductInput("Kettle", "K")], factories=[PartyInput("F")], **kw
            )
    assert not Application.all_objects.exists() and not Product.all_objects.exists()


def test_the_review_creates_the_initial_activities_from_the_scheme_file(papp) -> None:
    with unscoped():
        products.review_product_application(papp, on=TODAY)
        assert [(a.phase, a.kind) for a in papp.audits.order_by("id")] == [
            ("initial", "type-test"),
            ("initial", "factory-inspection"),
        ]


def test_it_refuses_an_activity_dated_after_today_with_the_reason(papp, ines) -> None:
    with unscoped():
        products.review_product_application(papp, on=TODAY)
        test = papp.audits.get(kind="type-test")
        with pytest.raises(CertificationError, match=r"done_on: 2026-01-06 is after today \(2026-01-05\)"):
            products.record_activity(
                test, done_on=date(2026, 1, 6), team=[ines], today=TODAY, results=results(papp)
            )
        late = [ResultInput(r.product_id, "TR", "Lab", date(2026, 2, 1), "pass") for r in results(papp)]
        with pytest.raises(CertificationError, match=r"results\[0\].tested_on: 2026-02-01 is after today"):
            products.record_activity(test, done_on=TODAY, team=[ines], today=TODAY, results=late)
        with pytest.raises(CertificationError, match="every product type"):
            products.record_activity(test, done_on=TODAY, team=[ines], today=TODAY, results=results(papp)[:1])
        test.refresh_from_db()
        assert test.done_on is None and not test.test_results.exists()


def test_the_happy_path_grants_the_certificate_and_the_licence_and_plans_surveillance(
    papp, ines, owner
) -> None:
    run_initial(papp, ines)
    with unscoped():
        assert products.pending(papp) == (1, "initial", None)
        products.take_product_decision(
            papp, outcome="grant", review_notes="Type tests and inspection reviewed", user=owner, on=TODAY
        )
        cert = Certificate.all_objects.get(application=papp)
        assert cert.expiry_date == date(2031, 1, 4)  # validity_years = 5
        assert "WK-10" in cert.scope and cert.standards == ["IEC 60335-1 (example product standard)"]
        assert cert.sites == [
            {"name": "Werk Esslingen", "address": "Fabrikweg 2, Esslingen", "country": "DE"}
        ]
        licence = Licence.all_objects.get(certificate=cert)
        assert licence.number == f"{cert.number}-L" and len(licence.products) == 2
        assert products.licence_status(licence, TODAY) == "issued"
        surveillance = list(papp.audits.filter(phase="surveillance").order_by("latest", "id"))
        assert [(a.kind, a.latest) for a in surveillance[:2]] == [
            ("factory-inspection", date(2027, 1, 5)),
            ("market-sample-test", date(2027, 1, 5)),
        ]
        assert len(surveillance) == 8  # years 1 to 4 of the 5-year cycle
        papp.refresh_from_db()
        assert papp.status == "certified"
    assert AuditEntry.all_objects.filter(action="certification.licence.granted").exists()


def test_a_failed_type_test_blocks_the_decision(papp, ines, owner) -> None:
    run_initial(papp, ines, fail="WK-10")
    with unscoped(), pytest.raises(CertificationError, match="type-test failed: Electric kettle, WK-10"):
        products.take_product_decision(papp, outcome="grant", review_notes="r", user=owner, on=TODAY)
    assert not Certificate.all_objects.exists()


def test_an_open_major_nonconformity_blocks_the_decision(papp, ines, owner) -> None:
    run_initial(papp, ines, major=True)
    with unscoped(), pytest.raises(CertificationError, match="open major nonconformities: F-"):
        products.take_product_decision(papp, outcome="grant", review_notes="r", user=owner, on=TODAY)
    assert not Certificate.all_objects.exists()


def test_it_refuses_a_decision_maker_who_carried_out_an_activity(papp, body_a, owner) -> None:
    with unscoped():
        me = auditors.create_auditor(body_a, name="Olga Owner", user=owner)
    run_initial(papp, me)
    with unscoped(), pytest.raises(CertificationError, match="was on the team"):
        products.take_product_decision(papp, outcome="grant", review_notes="r", user=owner, on=TODAY)


def test_surveillance_is_decided_each_year_and_can_suspend_then_maintain(papp, ines, owner) -> None:
    run_initial(papp, ines)
    with unscoped():
        products.take_product_decision(papp, outcome="grant", review_notes="ok", user=owner, on=TODAY)
        first = [a for a in papp.audits.filter(phase="surveillance").order_by("latest", "id")][:2]
        day = date(2027, 1, 4)
        for a in first:
            rows = (
                results(papp, sample_source="Elektro-Markt Stuttgart", sample_bought_on=date(2026, 12, 1))[:1]
                if products.record_kind(a) == "market-sample"
                else []
            )
            products.record_activity(a, done_on=day, team=[ines], today=day, results=rows)
        assert products.pending(papp) == (1, "surveillance", date(2027, 1, 5))
        with pytest.raises(CertificationError, match="outcome: 'grant' cannot follow"):
            products.take_product_decision(papp, outcome="grant", review_notes="x", user=owner, on=day)
        products.take_product_decision(
            papp, outcome="suspend", review_notes="Label misuse", user=owner, on=day
        )
        cert = Certificate.all_objects.get()
        assert cert.status == "suspended"
        assert products.licence_status(cert.licence, day) == "suspended"
        assert products.pending(papp) is None  # the next surveillance is not carried out yet


def test_market_sample_needs_where_it_was_bought(papp, ines, owner) -> None:
    run_initial(papp, ines)
    with unscoped():
        products.take_product_decision(papp, outcome="grant", review_notes="ok", user=owner, on=TODAY)
        sample = papp.audits.filter(kind="market-sample-test").order_by("latest").first()
        with pytest.raises(CertificationError, match=r"results\[0\].sample_source"):
            products.record_activity(
                sample, done_on=TODAY, team=[ines], today=TODAY, results=results(papp)[:1]
            )


def _surveil(app: Application, who: Auditor, year: int, *, fail: str = "") -> date:
    """Carry out the surveillance activities of the window due in ``year``; return the day."""
    day = date(year, 1, 4)
    for a in app.audits.filter(phase="surveillance", latest__year=year).order_by("id"):
        rows = (
            results(
                app, fail, sample_source="Elektro-Markt Stuttgart", sample_bought_on=date(year - 1, 12, 1)
            )
            if products.record_kind(a) == "market-sample"
            else []
        )
        products.record_activity(a, done_on=day, team=[who], today=day, results=rows)
    return day


def test_each_year_s_surveillance_decision_maintains_restores_or_withdraws_and_the_licence_follows(
    papp, ines, owner
) -> None:
    run_initial(papp, ines)
    with unscoped():
        products.take_product_decision(papp, outcome="grant", review_notes="ok", user=owner, on=TODAY)
        cert = Certificate.all_objects.get()
        day = _surveil(papp, ines, 2027, fail="WK-17")
        with pytest.raises(CertificationError, match="market-sample-test failed: Electric kettle, WK-17"):
            products.take_product_decision(papp, outcome="maintain", review_notes="x", user=owner, on=day)
        products.take_product_decision(
            papp, outcome="suspend", review_notes="Sample failed", user=owner, on=day
        )
        cert.refresh_from_db()
        assert cert.status == "suspended" and products.licence_status(cert.licence, day) == "suspended"
        day = _surveil(papp, ines, 2028)
        assert products.pending(papp) == (1, "surveillance", date(2028, 1, 5))
        products.take_product_decision(
            papp, outcome="maintain", review_notes="New sample passed", user=owner, on=day
        )
        cert.refresh_from_db()
        assert cert.status == "issued" and [e.kind for e in cert.events.all()] == [
            "issued",
            "suspended",
            "restored",
        ]
        day = _surveil(papp, ines, 2029)
        products.take_product_decision(
            papp, outcome="withdraw", review_notes="Mark misused", user=owner, on=day
        )
        cert.refresh_from_db()
        assert products.licence_status(cert.licence, day) == "withdrawn"
        assert [d.outcome.outcome for d in papp.decisions.all()] == [
            "grant",
            "suspend",
            "maintain",
            "withdraw",
        ]


def test_a_suspension_also_needs_a_decision_maker_who_was_not_on_the_team(papp, body_a, owner, ines) -> None:
    with unscoped():
        me = auditors.create_auditor(body_a, name="Olga Owner", user=owner)
    run_initial(papp, ines)
    with unscoped():
        products.take_product_decision(papp, outcome="grant", review_notes="ok", user=owner, on=TODAY)
        day = _surveil(papp, me, 2027)
        with pytest.raises(CertificationError, match="was on the team"):
            products.take_product_decision(papp, outcome="suspend", review_notes="x", user=owner, on=day)


def test_the_management_system_paths_refuse_a_product_application(papp, ines, owner) -> None:
    """A crafted POST to the audit or decision pages cannot bypass the type-test results."""
    with unscoped():
        products.review_product_application(papp, on=TODAY)
        test = papp.audits.get(kind="type-test")
        with pytest.raises(CertificationError, match="recorded on its own page"):
            audits.plan_audit(test, leader=ines, team=[], planned_on=TODAY, days=1)
        with pytest.raises(CertificationError, match="recorded on its own page"):
            audits.record_audit(test, done_on=TODAY, mode="on-site", days=1)
        with pytest.raises(CertificationError, match="taken on its own page"):
            decisions.take_decision(papp, review_notes="r", user=owner, on=TODAY)
