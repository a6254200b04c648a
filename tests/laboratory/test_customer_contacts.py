"""A laboratory customer's page and contacts, and the customer portal where the contacts read the
customer's issued reports: the owner works, other roles get 403 on changes, a foreign body 404,
anonymous visitors go to the login page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Invitation, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations
from casys.auditlog.services import SYSTEM
from casys.laboratory.models import TestReport
from casys.laboratory.services.reports import create_report, issue_report
from tests.conftest import make_body, make_user

pytestmark = pytest.mark.django_db


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def page_url(customer: Body) -> str:
    return f"/laboratory/alpha-lab/customers/{customer.pk}/"


@pytest.fixture
def contact(customer: Body) -> User:
    user = make_user("greta@gamma.example", "Greta Gamma")
    Membership.all_objects.create(user=user, body=customer, role=Role.CLIENT_CONTACT)
    return user


@pytest.fixture
def reports(body_a: Body, customer: Body, agreements, result) -> tuple[TestReport, TestReport]:
    with unscoped():
        issued = create_report(
            body_a,
            actor=SYSTEM,
            customer=customer,
            title="Issued one",
            results=[result],
            agreements=agreements,
        )
        issued = issue_report(issued, actor=SYSTEM, on=date(2026, 3, 2))
        draft = create_report(
            body_a,
            actor=SYSTEM,
            customer=customer,
            title="Draft one",
            results=[result],
            agreements=agreements,
        )
    return issued, draft


def test_the_owner_sees_the_customer_and_invites_a_contact(owner_client, customer, reports, page_url) -> None:
    page = owner_client.get(page_url)
    assert page.status_code == 200
    assert (
        b"Gamma Steel" in page.content and b"Issued one" in page.content and b"invite-contact" in page.content
    )
    answer = owner_client.post(page_url, {"email": "greta@gamma.example"})
    assert answer.status_code == 200
    assert b"/invitations/" in answer.content  # the link, shown once to copy
    with unscoped():
        invitation = Invitation.all_objects.get(email="greta@gamma.example")
    assert invitation.body_id == customer.pk and invitation.role == Role.CLIENT_CONTACT


def test_a_report_reviewer_invites_a_contact(reviewer_client, customer, page_url) -> None:
    assert reviewer_client.post(page_url, {"email": "greta@gamma.example"}).status_code == 200
    with unscoped():
        assert Invitation.all_objects.filter(body=customer, email="greta@gamma.example").exists()


def test_a_bad_address_is_refused_next_to_the_field_and_kept(owner_client, page_url) -> None:
    answer = owner_client.post(page_url, {"email": "not an address"})
    assert answer.status_code == 200
    assert b"field-error" in answer.content and b'value="not an address"' in answer.content
    with unscoped():
        assert not Invitation.all_objects.exists()


def test_an_analyst_reads_the_page_without_the_form_and_gets_403_on_invite(
    analyst_client, customer, page_url
) -> None:
    page = analyst_client.get(page_url)
    assert page.status_code == 200 and b"invite-contact" not in page.content
    assert analyst_client.post(page_url, {"email": "greta@gamma.example"}).status_code == 403
    with unscoped():
        assert not Invitation.all_objects.exists()


def test_a_member_without_a_laboratory_role_gets_403_on_invite(team_client, page_url) -> None:
    assert team_client.get(page_url).status_code == 200
    assert team_client.post(page_url, {"email": "greta@gamma.example"}).status_code == 403


def test_a_foreign_body_gets_404(outsider_client, page_url) -> None:
    assert outsider_client.get(page_url).status_code == 404
    assert outsider_client.post(page_url, {"email": "greta@gamma.example"}).status_code == 404


def test_another_laboratorys_customer_is_404_on_this_laboratorys_page(owner_client, body_b) -> None:
    other = make_body("delta-steel", kind=BodyKind.CLIENT, name="Delta Steel", managed_by=body_b)
    assert owner_client.get(f"/laboratory/alpha-lab/customers/{other.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client, page_url, customer) -> None:
    for path in (page_url, f"/laboratory/portal/{customer.slug}/"):
        answer = client.get(path)
        assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_the_contact_sees_issued_reports_only_and_downloads_the_pdf(contact, customer, reports) -> None:
    issued, draft = reports
    client = _client_for(contact)
    page = client.get(f"/laboratory/portal/{customer.slug}/")
    assert page.status_code == 200
    assert issued.number.encode() in page.content
    assert b"Issued one" in page.content and b"Draft one" not in page.content
    pdf = client.get(f"/laboratory/portal/{customer.slug}/reports/{issued.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/laboratory/portal/{customer.slug}/reports/{draft.pk}/pdf/").status_code == 404
    # the laboratory's own pages stay closed to the customer's contact
    assert client.get("/laboratory/alpha-lab/reports/").status_code == 404
    assert client.get(f"/laboratory/alpha-lab/reports/{issued.pk}/").status_code == 404


def test_the_contact_of_another_customer_gets_404(customer, reports, body_a) -> None:
    other = make_body("delta-steel", kind=BodyKind.CLIENT, name="Delta Steel", managed_by=body_a)
    stranger = make_user("dora@delta.example", "Dora Delta")
    Membership.all_objects.create(user=stranger, body=other, role=Role.CLIENT_CONTACT)
    client = _client_for(stranger)
    issued, _draft = reports
    assert client.get(f"/laboratory/portal/{customer.slug}/").status_code == 404
    assert client.get(f"/laboratory/portal/{customer.slug}/reports/{issued.pk}/pdf/").status_code == 404
    assert client.get(f"/laboratory/portal/{other.slug}/reports/{issued.pk}/pdf/").status_code == 404


def test_laboratory_staff_have_no_portal(owner_client, customer) -> None:
    assert owner_client.get(f"/laboratory/portal/{customer.slug}/").status_code == 404


def test_an_accepted_contact_lands_on_the_portal(owner, customer) -> None:
    with unscoped():
        _inv, token = invitations.invite(
            customer, "greta@gamma.example", Role.CLIENT_CONTACT, invited_by=owner
        )
    client = Client()
    answer = client.post(
        f"/invitations/{token}/",
        {
            "full_name": "Greta Gamma",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
        },
    )
    assert answer.status_code == 302, answer.content[:500]
    assert answer["Location"] == f"/laboratory/portal/{customer.slug}/"
    assert b"Test reports" in client.get(answer["Location"]).content


@pytest.fixture
def pending(owner, customer) -> tuple[Invitation, str]:
    with unscoped():
        return invitations.invite(customer, "greta@gamma.example", Role.CLIENT_CONTACT, invited_by=owner)


def test_the_owner_gives_a_pending_invitation_a_new_link_and_the_old_one_stops(
    owner_client, customer, pending, page_url
) -> None:
    invitation, old_token = pending
    answer = owner_client.post(f"{page_url}invitations/{invitation.pk}/renew/")
    assert answer.status_code == 200 and b'id="invitation-link"' in answer.content
    assert old_token.encode() not in answer.content
    assert Client().get(f"/invitations/{old_token}/").status_code == 404


def test_the_owner_revokes_a_pending_invitation(owner_client, pending, page_url) -> None:
    invitation, token = pending
    answer = owner_client.post(f"{page_url}invitations/{invitation.pk}/revoke/")
    assert answer.status_code == 302 and answer["Location"] == page_url
    with unscoped():
        invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Client().get(f"/invitations/{token}/").status_code == 410


@pytest.mark.parametrize("action", ["renew", "revoke"])
def test_renew_and_revoke_are_refused_to_an_analyst_and_a_foreign_body(
    analyst_client, outsider_client, pending, page_url, action: str
) -> None:
    invitation, _token = pending
    url = f"{page_url}invitations/{invitation.pk}/{action}/"
    assert analyst_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 404
    with unscoped():
        invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_invitation_of_another_customer_is_404_here(owner_client, owner, body_a, page_url) -> None:
    other = make_body("delta-steel", kind=BodyKind.CLIENT, name="Delta Steel", managed_by=body_a)
    with unscoped():
        invitation, _token = invitations.invite(
            other, "dora@delta.example", Role.CLIENT_CONTACT, invited_by=owner
        )
    assert owner_client.post(f"{page_url}invitations/{invitation.pk}/revoke/").status_code == 404
