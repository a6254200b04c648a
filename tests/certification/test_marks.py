"""Marks of conformity (ISO/IEC 17030): a body's mark and its licences in the registry, misuse
reported by anyone with evidence, the decision that suspends the licence (published through the
status list), and the permissions of every page."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient
from typer.testing import CliRunner

from casys.accounts.models import Role
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from casys.attestations.services import keys
from casys.auditlog.models import AuditEntry
from casys.certification.models import Certificate, Licence, Mark, MisuseReport
from casys.certification.services import CertificationError, certificates, marks
from casys.cli import app
from casys.core import credentials
from tests.certification.test_product_pages import granted, papp, role_client  # noqa: F401  (fixtures)
from tests.certification.test_products import TODAY

pytestmark = pytest.mark.django_db
BASE = "/certification/alpha-cert"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><defs><linearGradient id="g">'
    b'<stop offset="0" stop-color="#06c"/></linearGradient></defs>'
    b'<circle cx="20" cy="20" r="18" fill="url(#g)"/><text x="8" y="25">AC</text></svg>'
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def mark(body_a, granted, django_capture_on_commit_callbacks) -> Mark:  # noqa: F811
    with unscoped(), django_capture_on_commit_callbacks(execute=True):
        return marks.create_mark(
            body_a,
            scheme_id="type5-electrical",
            code="alpha-mark",
            name="Alpha Safety Mark",
            artwork=SVG,
            rules_of_use="Only on the licensed product types; at least 5 mm high.",
        )


def verify_offline(tmp, row: Attestation) -> tuple[int, dict]:  # type: ignore[type-arg]
    """``casys verify`` with the issuer's JWKS and both status lists, on the tests' fixed day."""
    root, slug = keys.static_root(), row.issuer_slug
    (tmp / "token.jwt").write_text(row.credential)
    args = ["verify", str(tmp / "token.jwt"), "--keys", str(root / "keys" / slug / "jwks.json")]
    for purpose in ("suspension", "revocation"):
        args += ["--status-list", str(keys.status_file(slug, f"{row.status_list}-{purpose}"))]
    # the end of the moved day: the status lists were signed on TODAY at the real time of day
    # (clock.now()), so a fixed noon failed their validity whenever the suite ran after 12:00 UTC
    result = CliRunner().invoke(app, [*args, "--at", f"{TODAY.isoformat()}T23:59:59Z", "--json"])
    return result.exit_code, json.loads(result.stdout)


def _licence() -> Licence:
    with unscoped():
        return Licence.all_objects.select_related("certificate", "mark_ref").get()


def _row(number: str) -> Attestation:
    return Attestation.all_objects.get(kind=Kind.MARK_LICENCE, number=number)


@pytest.mark.parametrize(
    ("artwork", "problem"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script> element"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>', "event handler (onclick)"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/a.png"/></svg>',
            "refers to",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "DTD or entities",
        ),
        (b"<html><body/></html>", "root element is <html>"),
        (PNG, "not SVG"),
    ],
)
def test_a_mark_whose_artwork_is_not_a_plain_drawing_is_refused_and_nothing_is_saved(
    body_a, artwork, problem
) -> None:
    with (
        unscoped(),
        pytest.raises(
            CertificationError, match="^artwork: .*" + problem.replace("(", r"\(").replace(")", r"\)")
        ),
    ):
        marks.create_mark(
            body_a, scheme_id="type5-electrical", code="m", name="M", artwork=artwork, rules_of_use="r"
        )
    assert not Mark.all_objects.exists()


def test_a_mark_needs_a_scheme_that_licenses_one(body_a) -> None:
    with unscoped(), pytest.raises(CertificationError, match="^scheme: iso9001 licenses no mark"):
        marks.create_mark(body_a, scheme_id="iso9001", code="m", name="M", artwork=SVG, rules_of_use="r")


def test_the_licence_is_issued_in_the_registry_and_verifies_offline_as_active(mark, tmp_path) -> None:
    licence = _licence()
    assert licence.mark_ref == mark and licence.mark == "Alpha Safety Mark"
    row = _row(licence.number)
    assert row.status == "active" and row.expiry_date == licence.certificate.expiry_date
    claims = credentials.unverified_claims(row.credential)
    subject = claims["credentialSubject"]["licence"]
    assert subject["number"] == licence.number and subject["products"] == licence.products
    assert subject["mark"]["url"].endswith("/registry/mark/alpha-cert/alpha-mark/")
    assert subject["certificate"] == licence.certificate.number
    code, out = verify_offline(tmp_path, row)
    assert code == 0 and out["status"] == "active", json.dumps(out, indent=1)


def test_the_public_licence_page_answers_valid_today_for_the_products(mark) -> None:
    licence = _licence()
    html = HttpClient().get(f"/registry/licence/alpha-cert/{licence.number}/").content.decode()
    assert 'data-status="active"' in html
    for product in licence.products:
        assert product in html
    assert licence.certificate.number in html
    missing = HttpClient().get("/registry/licence/alpha-cert/NO-SUCH-L/")
    assert missing.status_code == 404 and 'data-status="unknown"' in missing.content.decode()


def test_the_artwork_is_served_as_an_image_under_a_policy_that_runs_nothing(mark) -> None:
    response = HttpClient().get("/registry/mark/alpha-cert/alpha-mark/artwork.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert (
        "sandbox" in response["Content-Security-Policy"]
        and "default-src 'none'" in response["Content-Security-Policy"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == SVG


def _report(client: HttpClient, **extra):  # type: ignore[no-untyped-def]
    data = {
        "reporter_name": "Jana Novak",
        "reporter_email": "jana@example.org",
        "where_seen": "Kettle KX-9 at a market stall, Riga",
        "description": "The mark is on a kettle type that no licence covers.",
        **extra,
    }
    return client.post("/registry/mark/alpha-cert/alpha-mark/", data)


def test_anyone_reports_misuse_with_a_photograph_and_the_body_sees_it(mark, settings) -> None:
    settings.CASYS_MISUSE_REPORT_RATE = "100/h"
    licence = _licence()
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("kettle.png", PNG, content_type="image/png")
    response = _report(HttpClient(), licence_number=licence.number, evidence=photo)
    assert response.status_code == 302
    report = MisuseReport.all_objects.get()
    assert (
        report.licence == licence and report.evidence_type == "image/png" and report.evidence_size == len(PNG)
    )
    assert report.reference.startswith("MIS-") and report.is_open
    assert AuditEntry.all_objects.filter(action="certification.misuse.reported").count() == 1


def test_a_report_with_evidence_that_is_not_a_photograph_or_pdf_is_refused_naming_the_field(
    mark, settings
) -> None:
    settings.CASYS_MISUSE_REPORT_RATE = "100/h"
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("kettle.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = _report(HttpClient(), evidence=fake)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="evidence-error"' in html and "not a photograph" in html
    assert "Kettle KX-9 at a market stall, Riga" in html  # what was typed stays
    assert not MisuseReport.all_objects.exists()
    missing = _report(HttpClient(), where_seen="")
    assert missing.status_code == 400 and "this field is required" in missing.content.decode()


def test_reports_are_rate_limited_per_address(mark, settings) -> None:
    settings.CASYS_MISUSE_REPORT_RATE = "2/h"
    client = HttpClient()
    assert [_report(client).status_code for _ in range(3)] == [302, 302, 429]
    assert MisuseReport.all_objects.count() == 2


def test_a_founded_report_suspends_the_licence_offline_too_and_the_certificate_stays(
    mark, owner, tmp_path, django_capture_on_commit_callbacks
) -> None:
    licence = _licence()
    with unscoped():
        report = marks.report_misuse(
            mark,
            reporter_name="Jana",
            reporter_email="jana@example.org",
            where_seen="Riga",
            description="Mark on an unlicensed type",
            licence_number=licence.number,
        )
        with pytest.raises(CertificationError, match="^outcome_notes: "):
            marks.decide_misuse(report, outcome="suspended", notes=" ", on=TODAY, user=owner)
        with django_capture_on_commit_callbacks(execute=True):
            marks.decide_misuse(
                report, outcome="suspended", notes="Type KX-9 is not licensed", on=TODAY, user=owner
            )
    licence.refresh_from_db()
    assert licence.own_status == "suspended"
    assert marks.status_of(licence, TODAY) == "suspended"
    assert _row(licence.number).status == "suspended"
    code, out = verify_offline(tmp_path, _row(licence.number))
    assert out["status"] == "suspended", out
    cert = Certificate.all_objects.get(pk=licence.certificate_id)
    assert certificates.effective_status(cert, TODAY) == "issued"  # the certificate is not touched
    html = HttpClient().get(f"/registry/licence/alpha-cert/{licence.number}/").content.decode()
    assert 'data-status="suspended"' in html
    with unscoped(), pytest.raises(CertificationError, match="^outcome: MIS-"):
        marks.decide_misuse(report, outcome="unfounded", notes="again", on=TODAY, user=owner)
    with unscoped(), django_capture_on_commit_callbacks(execute=True):
        marks.restore_licence(licence, on=TODAY, why="Unlicensed stock recalled")
    assert _row(licence.number).status == "active"


def test_the_licence_follows_its_certificate_s_suspension(
    mark, owner, django_capture_on_commit_callbacks
) -> None:
    licence = _licence()
    with unscoped(), django_capture_on_commit_callbacks(execute=True):
        cert = Certificate.all_objects.get(pk=licence.certificate_id)
        certificates.add_event(cert, "suspended", at=TODAY, user=owner, why="Surveillance not carried out")
    assert _row(licence.number).status == "suspended"


def test_a_decision_that_needs_a_licence_is_refused_for_a_report_without_one(mark, owner) -> None:
    with unscoped():
        report = marks.report_misuse(
            mark, reporter_name="J", reporter_email="j@example.org", where_seen="web shop", description="fake"
        )
        with pytest.raises(CertificationError, match="^outcome: the report names no licence"):
            marks.decide_misuse(report, outcome="suspended", notes="n", on=TODAY, user=owner)
        marks.decide_misuse(
            report, outcome="not_licensee", notes="Counterfeit; customs told", on=TODAY, user=owner
        )


def _staff_pages(report: MisuseReport) -> list[str]:
    return [f"{BASE}/marks/", f"{BASE}/misuse/", f"{BASE}/misuse/{report.pk}/"]


@pytest.fixture
def report(mark) -> MisuseReport:
    with unscoped():
        return marks.report_misuse(
            mark,
            reporter_name="Jana",
            reporter_email="jana@example.org",
            where_seen="Riga",
            description="d",
            evidence=PNG,
            evidence_name="p.png",
        )


CASE_ROLES = {Role.ADMIN, Role.SCHEME_MANAGER, Role.DECISION_MAKER}
STAFF = [Role.SCHEME_MANAGER, Role.AUDITOR, Role.DECISION_MAKER, Role.ANALYST, Role.REPORT_REVIEWER]


def test_each_role_reaches_the_pages_it_may_and_a_foreign_body_gets_404(
    report, body_a, owner_client, outsider_client, contact_client
) -> None:
    urls = [*_staff_pages(report), f"{BASE}/misuse/{report.pk}/evidence/"]
    for url in urls:
        assert owner_client.get(url).status_code == 200, url
        assert outsider_client.get(url).status_code == 404, url
        assert contact_client.get(url).status_code == 404, url
        assert HttpClient().get(url).status_code == 302, url
    for role in STAFF:
        c = role_client(body_a, role)
        assert c.get(f"{BASE}/marks/").status_code == 200
        for url in urls[1:]:
            assert c.get(url).status_code == (200 if role in CASE_ROLES else 403), (role, url)


def test_only_deciders_decide_and_only_managers_publish_marks(report, body_a, outsider_client, owner) -> None:
    decide = f"{BASE}/misuse/{report.pk}/decide/"
    form = {"outcome": "unfounded", "outcome_notes": "covered by licence", "confirm": "yes"}
    assert outsider_client.post(decide, form).status_code == 404
    assert role_client(body_a, Role.SCHEME_MANAGER).post(decide, form).status_code == 403
    assert role_client(body_a, Role.AUDITOR).post(f"{BASE}/marks/new/", {"code": "x"}).status_code == 403
    assert outsider_client.post(f"{BASE}/marks/new/", {"code": "x"}).status_code == 404
    decider = role_client(body_a, Role.DECISION_MAKER)
    assert decider.post(decide, {**form, "confirm": ""}).status_code == 302  # refused: not confirmed
    report.refresh_from_db()
    assert report.is_open
    assert decider.post(decide, form).status_code == 302
    report.refresh_from_db()
    assert report.outcome == "unfounded"
    page = decider.get(f"{BASE}/misuse/{report.pk}/").content.decode()
    assert 'data-outcome="unfounded"' in page


def test_a_manager_publishes_a_mark_from_the_page_and_a_bad_file_keeps_what_was_typed(
    body_a,
    granted,  # noqa: F811
    owner_client,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("m.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    form = {
        "scheme_id": "type5-electrical",
        "code": "alpha-mark",
        "name": "Alpha Mark",
        "rules_of_use": "Rules",
    }
    response = owner_client.post(f"{BASE}/marks/new/", {**form, "artwork": bad}, follow=True)
    html = response.content.decode()
    assert "&lt;script&gt; element" in html and 'value="Alpha Mark"' in html
    assert not Mark.all_objects.exists()
    good = SimpleUploadedFile("m.svg", SVG)
    owner_client.post(f"{BASE}/marks/new/", {**form, "artwork": good})
    assert (
        Licence.all_objects.get().mark_ref == Mark.all_objects.get()
    )  # the licence granted before takes the mark


@pytest.mark.parametrize(
    ("lang", "answer", "report"),
    [
        ("fr", "Valide aujourd", "Signaler un usage abusif de cette marque"),
        ("ru", "Действует сегодня", "Сообщить о неправомерном применении знака"),
    ],
)
def test_the_public_pages_speak_french_and_russian(mark, lang, answer, report) -> None:
    licence = _licence()
    client = HttpClient()
    page = client.get(f"/registry/licence/alpha-cert/{licence.number}/", HTTP_ACCEPT_LANGUAGE=lang)
    assert answer in page.content.decode()
    form = client.get("/registry/mark/alpha-cert/alpha-mark/", HTTP_ACCEPT_LANGUAGE=lang)
    assert report in form.content.decode()


def test_a_report_longer_than_a_field_holds_is_refused_naming_it_and_nothing_is_saved(mark, settings) -> None:
    settings.CASYS_MISUSE_REPORT_RATE = "100/h"
    response = _report(HttpClient(), where_seen="x" * 301)
    assert response.status_code == 400
    assert "is 301 characters long; at most 300 are allowed" in response.content.decode()
    assert not MisuseReport.all_objects.exists()
