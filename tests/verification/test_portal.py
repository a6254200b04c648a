"""Clients of a V/V body and the client portal: the administrator adds clients and invites their
contacts; a client's contact uploads the GHG statement (CSV or XLSX) with every bad cell named and
nothing saved; pages × roles × a foreign body, 0 leaks."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casys.accounts.models import Body, BodyKind, Invitation, Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.core.ghg.inventory import COLUMNS
from casys.verification.models import Engagement, StatementLine
from casys.verification.services.engagements import complete_review, decide_opinion, import_statement
from casys.verification.services.statements import issue_statement
from tests.conftest import make_body, make_user
from tests.verification.conftest import INVENTORY, actor, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(vv: Body) -> Body:
    return make_body("acme-cement", kind=BodyKind.CLIENT, managed_by=vv, name="Acme Cement")


@pytest.fixture
def contact(acme: Body):
    user = make_user("olga@acme.example", "Olga Acme")
    Membership.all_objects.create(user=user, body=acme, role=Role.CLIENT_CONTACT)
    return user


@pytest.fixture
def linked(engagement: Engagement, acme: Body) -> Engagement:
    engagement.client = acme
    engagement.save(update_fields=["client"])
    return engagement


def workbook(rows: list[list[object]], title: str = "Emissions 2025") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _staff_pages(vv: Body, acme: Body) -> list[str]:
    return [f"/verification/{vv.slug}/clients/", f"/verification/{vv.slug}/clients/{acme.pk}/"]


def _portal_pages(acme: Body, e: Engagement) -> list[str]:
    return [f"/verification/portal/{acme.slug}/", f"/verification/portal/{acme.slug}/engagements/{e.pk}/"]


# --- staff pages: clients ---------------------------------------------------------------------------


def test_the_administrator_sees_the_client_pages_with_their_forms(vv, acme, vv_admin) -> None:
    client = client_for(vv_admin)
    assert 'id="client-form"' in client.get(f"/verification/{vv.slug}/clients/").content.decode()
    assert 'id="invite-contact"' in client.get(f"/verification/{vv.slug}/clients/{acme.pk}/").content.decode()


@pytest.mark.parametrize("who", ["verifier", "reviewer"])
def test_a_verifier_reads_the_clients_without_the_forms_and_may_not_post(request, vv, acme, who) -> None:
    client = client_for(request.getfixturevalue(who))
    listing = client.get(f"/verification/{vv.slug}/clients/").content.decode()
    assert "Acme Cement" in listing and 'id="client-form"' not in listing
    detail = client.get(f"/verification/{vv.slug}/clients/{acme.pk}/").content.decode()
    assert 'id="invite-contact"' not in detail
    assert client.post(f"/verification/{vv.slug}/clients/", {"name": "X", "country": "DE"}).status_code == 403
    posted = client.post(f"/verification/{vv.slug}/clients/{acme.pk}/", {"email": "x@acme.example"})
    assert posted.status_code == 403
    assert not Invitation.all_objects.filter(email="x@acme.example").exists()


def test_staff_without_the_verifier_role_get_403_on_the_client_pages(vv, acme, vv_auditor) -> None:
    client = client_for(vv_auditor)
    for path in _staff_pages(vv, acme):
        assert client.get(path).status_code == 403, path


def test_a_foreign_body_and_a_client_contact_get_404_on_the_client_pages(vv, acme, outsider, contact) -> None:
    for user in (outsider, contact):
        client = client_for(user)
        for path in _staff_pages(vv, acme):
            assert client.get(path).status_code == 404, (user, path)


def test_a_client_of_another_body_is_not_found_on_the_client_page(vv, vv_admin) -> None:
    other = make_body("other-vv", kind=BodyKind.VALIDATION_VERIFICATION_BODY)
    theirs = make_body("their-client", kind=BodyKind.CLIENT, managed_by=other)
    assert client_for(vv_admin).get(f"/verification/{vv.slug}/clients/{theirs.pk}/").status_code == 404


def test_anonymous_is_sent_to_login_from_the_client_pages(client, vv, acme) -> None:
    for path in _staff_pages(vv, acme):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path


def test_the_administrator_adds_a_client_and_invites_its_contact(vv, vv_admin) -> None:
    client = client_for(vv_admin)
    response = client.post(f"/verification/{vv.slug}/clients/", {"name": "Baltic Lime", "country": "lv"})
    assert response.status_code == 302
    lime = Body.all_objects.get(name="Baltic Lime")
    assert (lime.kind, lime.managed_by_id, lime.country) == (BodyKind.CLIENT, vv.pk, "LV")
    assert AuditEntry.all_objects.filter(action="verification.client.created", body=vv).exists()
    page = client.post(f"/verification/{vv.slug}/clients/{lime.pk}/", {"email": "ieva@lime.example"})
    assert 'id="invitation-link"' in page.content.decode()
    invitation = Invitation.all_objects.get(email="ieva@lime.example")
    assert (invitation.body_id, invitation.role) == (lime.pk, Role.CLIENT_CONTACT)


def test_a_client_with_a_bad_country_is_refused_next_to_the_field_and_nothing_saved(vv, vv_admin) -> None:
    page = client_for(vv_admin).post(
        f"/verification/{vv.slug}/clients/", {"name": "Baltic Lime", "country": "L1"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "ISO 3166-1 alpha-2" in html and 'value="Baltic Lime"' in html
    assert not Body.all_objects.filter(name="Baltic Lime").exists()


def test_an_engagement_opened_for_a_client_record_takes_its_name(
    vv, acme, vv_admin, verifier, reviewer
) -> None:
    response = client_for(vv_admin).post(
        f"/verification/{vv.slug}/engagements/new/",
        {
            "client": str(acme.pk), "client_name": "", "title": "2025 emissions",
            "engagement_type": "verification", "assurance": "reasonable", "programme": "eu-ets",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31", "gwp": "AR6", "cooling_off_years": "2",
            "team": [str(verifier.pk)], "reviewer": str(reviewer.pk),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    e = Engagement.all_objects.get(title="2025 emissions")
    assert (e.client_id, e.client_name) == (acme.pk, "Acme Cement")


# --- the client portal ------------------------------------------------------------------------------


def test_the_contact_sees_the_clients_engagements_on_the_portal(linked, acme, contact) -> None:
    client = client_for(contact)
    for path in _portal_pages(acme, linked):
        assert client.get(path).status_code == 200, path
    assert "2025 emissions report" in client.get(f"/verification/portal/{acme.slug}/").content.decode()


def test_the_contact_of_another_client_a_foreign_body_and_the_bodys_staff_get_404_on_the_portal(
    vv, linked, acme, outsider, vv_admin, verifier
) -> None:
    other = make_body("other-client", kind=BodyKind.CLIENT, managed_by=vv)
    stranger = make_user("someone@other.example")
    Membership.all_objects.create(user=stranger, body=other, role=Role.CLIENT_CONTACT)
    for user in (stranger, outsider, vv_admin, verifier):
        client = client_for(user)
        for path in _portal_pages(acme, linked):
            assert client.get(path).status_code == 404, (user, path)
    # the other client's own portal lists none of Acme's engagements
    assert (
        "2025 emissions report"
        not in client_for(stranger).get("/verification/portal/other-client/").content.decode()
    )


def test_an_engagement_of_another_client_is_not_found_from_the_portal(vv, engagement, acme, contact) -> None:
    # the engagement is not linked to Acme: its id on Acme's portal is 404
    path = f"/verification/portal/{acme.slug}/engagements/{engagement.pk}/"
    assert client_for(contact).get(path).status_code == 404


def test_anonymous_is_sent_to_login_from_the_portal(client, linked, acme) -> None:
    for path in _portal_pages(acme, linked):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path


def test_the_contact_uploads_a_csv_statement_and_casys_recomputes_it(linked, acme, contact) -> None:
    path = f"/verification/portal/{acme.slug}/engagements/{linked.pk}/"
    response = client_for(contact).post(path, {"file": upload("inventory.csv", INVENTORY.encode())})
    assert response.status_code == 302
    assert StatementLine.all_objects.filter(engagement=linked).count() == 4
    linked.refresh_from_db()
    assert linked.status == "execution"
    entry = AuditEntry.all_objects.get(action="verification.statement.imported")
    assert entry.data["by"] == "client" and entry.actor_user_id == contact.pk
    assert "60" in client_for(contact).get(path).content.decode()  # 60 280.9 t CO2e recomputed


def test_the_contact_uploads_an_xlsx_statement(linked, acme, contact) -> None:
    data = workbook([list(COLUMNS), ["boiler", 1, "CH4", 100, "TJ", 1, "kg/TJ"]])
    path = f"/verification/portal/{acme.slug}/engagements/{linked.pk}/"
    assert client_for(contact).post(path, {"file": upload("inventory.xlsx", data)}).status_code == 302
    assert [round(ln.tco2e, 6) for ln in StatementLine.all_objects.filter(engagement=linked)] == [2.79]


def test_a_bad_workbook_is_refused_naming_sheet_row_and_column_and_nothing_is_saved(
    linked, acme, contact
) -> None:
    with unscoped():
        import_statement(linked, actor=SYSTEM, text=INVENTORY)
    data = workbook(
        [
            list(COLUMNS),
            ["boiler", 1, "CH4", 100, "TJ", 1, "kg/TJ"],
            [],
            ["kiln", 1, "XX-9", 10, "t", 1, "t/t"],
            ["van", 3, "CO2", -4, "l", 2.3, "kg/l"],
            ["oven", 1, "CO2", 4, "TJ", 56, "kg/l"],
        ]
    )
    path = f"/verification/portal/{acme.slug}/engagements/{linked.pk}/"
    page = client_for(contact).post(path, {"file": upload("inventory.xlsx", data)})
    html = page.content.decode()
    assert page.status_code == 200
    for error in (
        "sheet &#x27;Emissions 2025&#x27;, row 4, column gas",
        "sheet &#x27;Emissions 2025&#x27;, row 5, column activity",
        "sheet &#x27;Emissions 2025&#x27;, row 6, column factor_unit",
    ):
        assert error in html, error
    assert StatementLine.all_objects.filter(engagement=linked).count() == 4  # the earlier import stays


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_on_the_file_field(linked, acme, contact) -> None:
    path = f"/verification/portal/{acme.slug}/engagements/{linked.pk}/"
    page = client_for(contact).post(path, {"file": upload("inventory.pdf", b"%PDF-1.4")})
    assert "expected a .csv or .xlsx file" in page.content.decode()
    assert not StatementLine.all_objects.filter(engagement=linked).exists()


def test_the_statement_is_no_longer_replaced_after_the_review(linked, acme, contact, reviewer) -> None:
    with unscoped():
        import_statement(linked, actor=SYSTEM, text=INVENTORY)
        complete_review(linked, actor=actor(reviewer), on=date(2026, 2, 1))
    path = f"/verification/portal/{acme.slug}/engagements/{linked.pk}/"
    page = client_for(contact).get(path).content.decode()
    assert 'id="upload-form"' not in page
    data = workbook([list(COLUMNS), ["boiler", 1, "CH4", 100, "TJ", 1, "kg/TJ"]])
    refused = client_for(contact).post(path, {"file": upload("inventory.xlsx", data)})
    assert "no longer replaced" in refused.content.decode()
    assert StatementLine.all_objects.filter(engagement=linked).count() == 4


def test_the_contact_reads_the_issued_statement_pdf_and_its_registry_page(
    linked, acme, contact, reviewer
) -> None:
    with unscoped():
        import_statement(linked, actor=SYSTEM, text=INVENTORY)
        complete_review(linked, actor=actor(reviewer), on=date(2026, 2, 1))
        decide_opinion(linked, actor=SYSTEM, opinion="unmodified")
        e = issue_statement(linked, actor=SYSTEM, on=date(2026, 3, 1))
    client = client_for(contact)
    portal = client.get(f"/verification/portal/{acme.slug}/").content.decode()
    assert f"/registry/verify/{e.body.slug}/{e.number}/" in portal
    pdf = client.get(f"/verification/portal/{acme.slug}/engagements/{e.pk}/statement-fr.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert (
        client.get(f"/verification/portal/{acme.slug}/engagements/{e.pk}/statement-de.pdf").status_code == 404
    )


def test_a_contact_lands_on_the_portal_after_accepting(acme) -> None:
    from casys.accounts.views.invitations import landing_url

    assert landing_url(acme, Role.CLIENT_CONTACT) == f"/verification/portal/{acme.slug}/"
