"""Client contacts invited from the client's page: who may invite, who sees what, where they land."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from casys.accounts.models import Invitation, Membership, Role
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations, members
from casys.certification.models import Client as CertClient
from casys.certification.services import clients
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 42"
MANAGE = {Role.ADMIN, Role.SCHEME_MANAGER}


def _as(user) -> HttpClient:
    c = HttpClient()
    c.force_login(user)
    return c


def _staff(body, role: str):
    user = make_user(f"{role}@{body.slug}.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


@pytest.fixture
def pending(cert_client: CertClient) -> Invitation:
    with unscoped():
        return invitations.invite(cert_client.organisation, "pending@mueller.example", Role.CLIENT_CONTACT)[0]


def _urls(cert_client: CertClient, pending: Invitation) -> list[tuple[str, str, dict]]:
    args = ["alpha-cert", cert_client.pk]
    return [
        ("get", reverse("certification:client-contacts", args=args), {}),
        ("post", reverse("certification:client-contacts", args=args), {"email": "new@mueller.example"}),
        ("post", reverse("certification:contact-invitation-revoke", args=[*args, pending.pk]), {}),
        ("post", reverse("certification:contact-invitation-renew", args=[*args, pending.pk]), {}),
    ]


def _state(cert_client: CertClient) -> list:
    return sorted(
        Invitation.all_objects.filter(body=cert_client.organisation).values_list(
            "email", "token_hash", "revoked_at"
        )
    )


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.CLIENT_CONTACT])
def test_each_staff_role_sees_the_contacts_and_only_managers_invite(
    body_a, cert_client, contact, pending, role
):
    client = _as(_staff(body_a, role))
    page = client.get(reverse("certification:client", args=["alpha-cert", cert_client.pk])).content.decode()
    assert "contact@mueller.example" in page and "pending@mueller.example" in page
    assert ('id="invite-contact"' in page) == (role in MANAGE)
    before = _state(cert_client)
    for method, url, data in _urls(cert_client, pending)[1:]:
        response = getattr(client, method)(url, data)
        assert (response.status_code == 403) == (role not in MANAGE), (role, url)
    if role not in MANAGE:
        assert _state(cert_client) == before


@pytest.mark.parametrize("role", Role.values)
def test_every_role_of_a_foreign_body_gets_404(body_a, body_b, cert_client, pending, role) -> None:
    client = _as(_staff(body_b, role))
    before = _state(cert_client)
    for method, url, data in _urls(cert_client, pending):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
        assert b"pending@mueller.example" not in response.content
    assert _state(cert_client) == before


def test_the_clients_own_contact_gets_404_on_the_staff_contact_pages(cert_client, contact_client, pending):
    for method, url, data in _urls(cert_client, pending):
        assert getattr(contact_client, method)(url, data).status_code == 404


def test_a_scheme_manager_invites_a_contact_who_lands_on_the_portal(body_a, cert_client) -> None:
    manager = _as(_staff(body_a, Role.SCHEME_MANAGER))
    response = manager.post(
        reverse("certification:client-contacts", args=["alpha-cert", cert_client.pk]),
        {"email": "Eva@Mueller.example"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="invitation-link"' in html
    link = html.split('id="invitation-link" value="')[1].split('"')[0].replace("http://testserver", "")
    with unscoped():
        invitation = Invitation.objects.get()
    assert (invitation.body_id, invitation.role) == (cert_client.organisation_id, Role.CLIENT_CONTACT)
    newcomer = HttpClient()
    accepted = newcomer.post(link, {"full_name": "Eva Müller", "password1": PASSWORD, "password2": PASSWORD})
    assert accepted["Location"] == "/certification/portal/muller-prazisionsteile-gmbh/"
    assert newcomer.get(accepted["Location"]).status_code == 200
    assert newcomer.get(reverse("certification:dashboard", args=["alpha-cert"])).status_code == 404


def test_a_refused_contact_invitation_keeps_the_address_and_names_the_field(
    body_a, cert_client, contact, owner_client
):
    response = owner_client.post(
        reverse("certification:client-contacts", args=["alpha-cert", cert_client.pk]),
        {"email": "contact@mueller.example"},
    )
    html = response.content.decode()
    assert 'class="field-error">contact@mueller.example is already an active member' in html
    assert 'value="contact@mueller.example"' in html


def test_an_admin_revokes_a_contact_invitation(cert_client, owner_client, pending) -> None:
    url = reverse("certification:contact-invitation-revoke", args=["alpha-cert", cert_client.pk, pending.pk])
    assert owner_client.post(url).status_code == 302
    pending.refresh_from_db()
    assert pending.revoked_at is not None


def test_an_invitation_of_another_client_is_not_reached_through_this_client(
    body_a, cert_client, owner_client
):
    with unscoped():
        other = clients.create_client(body_a, name="Other GmbH", country="DE")
        foreign = invitations.invite(other.organisation, "p@other.example", Role.CLIENT_CONTACT)[0]
    url = reverse("certification:contact-invitation-revoke", args=["alpha-cert", cert_client.pk, foreign.pk])
    assert owner_client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_a_deactivated_contact_loses_the_portal(cert_client, contact, contact_client) -> None:
    portal = "/certification/portal/muller-prazisionsteile-gmbh/"
    assert contact_client.get(portal).status_code == 200
    with unscoped():
        members.deactivate(cert_client.organisation, contact)
    assert contact_client.get(portal).status_code == 404
    assert Membership.all_objects.get(user=contact).ended_at is not None
