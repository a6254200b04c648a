"""Product-certification pages: owner works, each role gets what it should, a foreign body 404,
anonymous to login; a refused form keeps what was typed; the certificate PDF in EN/FR/RU."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.utils import formats, translation

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.certification.models import Application, Certificate
from casys.certification.services import auditors, products
from tests.certification.test_products import TODAY, new_application, run_initial
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BASE = "/certification/alpha-cert"


@pytest.fixture
def papp(body_a, cert_client) -> Application:  # type: ignore[no-untyped-def]
    return new_application(body_a, cert_client)


@pytest.fixture
def granted(papp, body_a, owner) -> Application:  # type: ignore[no-untyped-def]
    with unscoped():
        ines = auditors.create_auditor(body_a, name="Ines Inspector")
    run_initial(papp, ines)
    with unscoped():
        products.take_product_decision(papp, outcome="grant", review_notes="Reviewed", user=owner, on=TODAY)
    return papp


def role_client(body, role: str) -> HttpClient:  # type: ignore[no-untyped-def]
    user = make_user(f"{role}@alpha.example", role.replace("_", " ").title())
    Membership.all_objects.create(user=user, body=body, role=role)
    c = HttpClient()
    c.force_login(user)
    return c


def _pages(app: Application) -> list[str]:
    with unscoped():
        activity = app.audits.order_by("id").first()
        cert = Certificate.all_objects.get(application=app)
    return [
        f"{BASE}/product-applications/{app.pk}/",
        f"{BASE}/product-activities/{activity.pk}/",
        f"{BASE}/certificates/{cert.pk}/product-pdf/",
    ]


def test_every_role_reads_the_pages_and_a_foreign_body_gets_404(
    granted, body_a, owner_client, outsider_client
) -> None:
    clients = [owner_client] + [
        role_client(body_a, r) for r in Role.values if r not in ("admin", "client_contact")
    ]
    for url in _pages(granted):
        for c in clients:
            assert c.get(url).status_code == 200, url
        assert outsider_client.get(url).status_code == 404, url
        assert HttpClient().get(url).status_code == 302, url  # anonymous: to the login page


def test_the_client_contact_gets_404_on_staff_pages(granted, contact_client) -> None:
    for url in _pages(granted):
        assert contact_client.get(url).status_code == 404, url


def test_the_application_form_is_for_managers_and_a_foreign_body_gets_404(
    cert_client, body_a, owner_client, team_client, outsider_client
) -> None:
    url = f"{BASE}/clients/{cert_client.pk}/product-applications/?scheme=type5-electrical"
    html = owner_client.get(url).content.decode()
    assert 'value="type5-electrical" selected' in html and "Müller Präzisionsteile GmbH" in html
    assert role_client(body_a, Role.SCHEME_MANAGER).get(url).status_code == 200
    assert team_client.get(url).status_code == 403
    assert role_client(body_a, Role.DECISION_MAKER).post(url, {}).status_code == 403
    assert outsider_client.get(url).status_code == 404


def _form(**kw: str) -> dict[str, object]:
    data: dict[str, object] = {
        "scheme": "type5-electrical",
        "product_name": ["Electric kettle", "Electric kettle", ""],
        "type_designation": ["WK-17", "WK-10", ""],
        "description": ["", "", ""],
        "ratings": ["230 V, 2200 W", "230 V, 1800 W", ""],
        "normative_document": ["", "", ""],
        "manufacturer_name": "Müller Präzisionsteile GmbH",
        "manufacturer_address": "Stuttgart",
        "manufacturer_country": "DE",
        "factory_name": ["Werk Esslingen", ""],
        "factory_address": ["Fabrikweg 2", ""],
        "factory_country": ["DE", ""],
    }
    data.update(kw)
    return data


def test_the_owner_records_a_product_application_through_the_form(cert_client, owner_client) -> None:
    r = owner_client.post(f"{BASE}/clients/{cert_client.pk}/product-applications/", _form())
    with unscoped():
        app = Application.all_objects.get()
        assert [p.type_designation for p in app.products.all()] == ["WK-17", "WK-10"]
    assert r.status_code == 302 and r["Location"] == f"{BASE}/product-applications/{app.pk}/"
    # the generic application page hands over to the product page
    assert (
        owner_client.get(f"{BASE}/applications/{app.pk}/")["Location"]
        == f"{BASE}/product-applications/{app.pk}/"
    )


def test_a_refused_form_keeps_what_was_typed_and_names_the_field(cert_client, owner_client) -> None:
    r = owner_client.post(
        f"{BASE}/clients/{cert_client.pk}/product-applications/", _form(factory_country=["Germany", ""])
    )
    html = r.content.decode()
    assert r.status_code == 400
    assert "factories[0].country: give the ISO 3166-1 alpha-2 code" in html
    assert 'value="WK-10"' in html and 'value="Werk Esslingen"' in html and 'value="Germany"' in html
    with unscoped():
        assert not Application.all_objects.exists()


def test_the_management_system_form_hands_a_product_scheme_over(cert_client, owner_client) -> None:
    r = owner_client.post(f"{BASE}/clients/{cert_client.pk}/applications/", {"schemes": ["type5-electrical"]})
    assert r["Location"] == f"{BASE}/clients/{cert_client.pk}/product-applications/?scheme=type5-electrical"
    assert "type5-electrical" in owner_client.get(f"{BASE}/clients/{cert_client.pk}/").content.decode()


def test_recording_an_activity_dated_after_today_is_refused_with_the_reason(
    papp, body_a, owner_client
) -> None:
    with unscoped():
        ines = auditors.create_auditor(body_a, name="Ines Inspector")
        products.review_product_application(papp, on=TODAY)
        inspection = papp.audits.get(kind="factory-inspection")
    url = f"{BASE}/product-activities/{inspection.pk}/"
    r = owner_client.post(
        url, {"done_on": "2026-01-06", "team": [str(ines.pk)], "days": "1", "report": "Kept"}
    )
    html = r.content.decode()
    assert r.status_code == 400 and "done_on: 2026-01-06 is after today (2026-01-05)" in html
    assert "Kept" in html and f'value="{ines.pk}" checked' in html
    r = owner_client.post(url, {"done_on": "2026-01-05", "team": [str(ines.pk)], "days": "1"})
    assert r.status_code == 302
    with unscoped():
        inspection.refresh_from_db()
        assert inspection.done_on == date(2026, 1, 5)


def test_roles_that_may_not_record_or_decide_get_403_and_see_no_buttons(granted, body_a, team_client) -> None:
    reviewer = role_client(body_a, Role.REPORT_REVIEWER)
    with unscoped():
        later = granted.audits.filter(phase="surveillance").order_by("latest", "id").first()
    html = reviewer.get(f"{BASE}/product-activities/{later.pk}/").content.decode()
    assert 'id="record"' not in html
    assert (
        reviewer.post(f"{BASE}/product-activities/{later.pk}/", {"done_on": "2026-01-05"}).status_code == 403
    )
    assert team_client.post(f"{BASE}/product-applications/{granted.pk}/decision/", {}).status_code == 403
    assert 'id="record"' in team_client.get(f"{BASE}/product-activities/{later.pk}/").content.decode()


def test_the_owner_decides_on_the_page_and_the_licence_is_shown(papp, body_a, owner_client) -> None:
    with unscoped():
        ines = auditors.create_auditor(body_a, name="Ines Inspector")
    run_initial(papp, ines)
    r = owner_client.post(
        f"{BASE}/product-applications/{papp.pk}/decision/",
        {"outcome": "grant", "review_notes": "Reviewed", "confirm": "yes"},
    )
    assert r.status_code == 302
    html = owner_client.get(f"{BASE}/product-applications/{papp.pk}/").content.decode()
    with unscoped():
        cert = Certificate.all_objects.get()
    assert f"{cert.number}-L" in html and "Alpha Certification certification mark" in html
    assert "Factory inspection" in html and "Market-sample test" in html


def _pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True)  # noqa: S603, S607
    return " ".join(out.stdout.decode().split())


LABELS = {
    "en": (
        "Product certificate",
        "Date of grant",
        "Expiry date",
        "Certificate holder",
        "Licence to use the mark",
    ),
    "fr": (
        "Certificat de produit",
        "Date d'octroi",
        "Date d'expiration",
        "Titulaire du certificat",
        "Licence d'utilisation de la marque",
    ),
    "ru": (
        "Сертификат на продукцию",
        "Дата выдачи решения",
        "Срок действия до",
        "Держатель сертификата",
        "Лицензия на использование знака",
    ),
}


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_product_certificate_pdf_states_every_element_of_17065_7_7_1(
    granted, cert_client, body_a, owner_client, language
) -> None:
    with unscoped():
        body_a.address, body_a.city = "Brīvības iela 1", "Rīga"
        body_a.save()
        cert_client.language = language
        cert_client.save()
        cert = Certificate.all_objects.get()
    r = owner_client.get(f"{BASE}/certificates/{cert.pk}/product-pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _pdf_text(r.content)
    for label in LABELS[language] + LABELS["en"]:
        assert label in text, label
    for day in (
        date(2026, 1, 5),
        date(2031, 1, 4),
    ):  # b) date of grant, e) expiry, in a language of the document
        shown = set()
        for lang in (language, "en"):
            with translation.override(lang):
                shown.add(formats.date_format(day))
        assert any(d in text for d in shown), shown
    for element in (
        "Alpha Certification",
        "Brīvības iela 1",
        "Rīga",  # a) the body, its address
        "Müller Präzisionsteile GmbH",
        "Industriestraße 4",
        "Stuttgart",  # c) the client, its address
        "WK-17",
        "WK-10",
        "IEC 60335-1 (example product standard)",  # d) products, normative document
        "Electrical equipment, ISO/IEC 17067 type 5",
        "ISO/IEC 17065:2012",  # d) the scheme
        f"{cert.number}-L",
        "Werk Esslingen",  # f) licence, factory (the scheme's requirements)
        cert.number,
    ):
        assert element in text, element


def test_the_certificate_page_and_the_portal_serve_the_product_certificate(
    granted, owner_client, contact_client
) -> None:
    with unscoped():
        cert = Certificate.all_objects.get()
    staff = _pdf_text(owner_client.get(f"{BASE}/certificates/{cert.pk}/pdf/").content)
    portal = contact_client.get(
        f"/certification/portal/{granted.client.organisation.slug}/certificates/{cert.pk}/pdf/"
    )
    assert portal.status_code == 200
    for text in (staff, _pdf_text(portal.content)):
        assert "Product certificate" in text and "WK-17" in text and "management system" not in text


def test_the_calendar_s_audit_link_hands_a_product_activity_over(granted, owner_client) -> None:
    with unscoped():
        activity = granted.audits.filter(phase="surveillance").first()
    r = owner_client.get(f"{BASE}/audits/{activity.pk}/")
    assert r.status_code == 302 and r["Location"] == f"{BASE}/product-activities/{activity.pk}/"
    assert "Factory inspection" in owner_client.get(f"{BASE}/calendar/").content.decode()
