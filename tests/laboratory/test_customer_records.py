"""The laboratory's customer records: the language of each customer's reports and its contact.
Report writers edit them; a member without a laboratory role reads them without the form; a
foreign body's member gets 404; anonymous users the login page. Changes are logged."""

from __future__ import annotations

import pytest

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.laboratory.models import CustomerRecord

pytestmark = pytest.mark.django_db

PAGE = "/laboratory/alpha-lab/customers/"


def _post(client, customer, **values):
    data = {f"c{customer.pk}-{k}": v for k, v in values.items()}
    return client.post(f"{PAGE}{customer.pk}/", data)


def test_a_report_writer_sets_the_customers_report_language_and_contact(analyst_client, customer) -> None:
    response = _post(
        analyst_client,
        customer,
        report_language="fr",
        contact_name="Greta Gamma",
        contact_email="g@gamma.example",
    )
    assert response.status_code == 302
    with unscoped():
        record = CustomerRecord.all_objects.get(customer=customer)
        entry = AuditEntry.objects.get(action="laboratory.customer.updated")
    assert (record.report_language, record.contact_name, record.contact_email) == (
        "fr",
        "Greta Gamma",
        "g@gamma.example",
    )
    assert entry.data["report_language"] == "fr"
    page = analyst_client.get(PAGE).content.decode()
    assert '<option value="fr" selected>' in page and 'value="Greta Gamma"' in page


def test_a_bad_email_is_refused_next_to_the_field_and_keeps_the_input(analyst_client, customer) -> None:
    response = _post(
        analyst_client, customer, report_language="ru", contact_name="Greta", contact_email="nope"
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Enter a valid email address." in page and 'value="Greta"' in page
    with unscoped():
        assert not CustomerRecord.all_objects.exists()


def test_a_member_without_a_laboratory_role_reads_without_the_form(team_client, customer) -> None:
    page = team_client.get(PAGE)
    assert page.status_code == 200 and "Gamma Steel" in page.content.decode()
    assert f"{PAGE}{customer.pk}/" not in page.content.decode()
    assert _post(team_client, customer, report_language="fr").status_code == 403


def test_a_foreign_member_gets_404_and_anonymous_users_sign_in(outsider_client, client, customer) -> None:
    assert outsider_client.get(PAGE).status_code == 404
    assert _post(outsider_client, customer, report_language="fr").status_code == 404
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
    with unscoped():
        assert not CustomerRecord.all_objects.exists()


def test_another_laboratorys_customer_is_not_found(analyst_client, body_b) -> None:
    from tests.conftest import make_body

    theirs = make_body("delta", kind="client", name="Delta", managed_by=body_b)
    assert _post(analyst_client, theirs, report_language="fr").status_code == 404
