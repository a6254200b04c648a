"""Contacts of a CAB whose record the AB keeps: the AB's managers invite them, the invitee joins the
CAB record as a client contact and lands on the CAB's accreditations; every other role is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Invitation, Membership, Role
from casys.accounts.scoping import unscoped
from casys.accounts.services import invitations
from casys.accounts.services.members import MemberError
from casys.accreditation.services import accreditations as svc
from tests.conftest import make_body, make_user

pytestmark = pytest.mark.django_db

PAGE = "/accreditation/alpha-cert/cabs/riga-cert/contacts/"


@pytest.fixture
def cab(ab_a: Body) -> Body:
    with unscoped():
        return svc.register_cab(
            ab_a, svc.CabInput(name="Riga Cert", kind=BodyKind.CERTIFICATION_BODY, country="LV")
        )


def _as(ab: Body, role: str) -> Client:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=ab, role=role)
    c = Client()
    c.force_login(user)
    return c


def test_the_owner_invites_a_contact_who_joins_the_cab_as_a_client_contact(
    owner_client: Client, cab: Body
) -> None:
    assert cab.slug == "riga-cert"
    response = owner_client.post(PAGE, {"email": "ilze@riga-cert.example"})
    assert response.status_code == 200
    link = response.context["new_link"]
    assert "/invitations/" in link
    with unscoped():
        invitation = Invitation.all_objects.get(body=cab)
    assert invitation.role == Role.CLIENT_CONTACT and invitation.email == "ilze@riga-cert.example"
    assert "ilze@riga-cert.example" in owner_client.get(PAGE).content.decode()

    joiner = Client()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    answer = joiner.post(
        f"/invitations/{token}/",
        {
            "full_name": "Ilze Ozola",
            "password1": "a long riga passphrase 77",
            "password2": "a long riga passphrase 77",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/accreditation/riga-cert/"
    with unscoped():
        membership = Membership.all_objects.get(body=cab, user__email="ilze@riga-cert.example")
    assert membership.role == Role.CLIENT_CONTACT


def test_the_owner_gets_a_new_link_and_revokes_it(owner_client: Client, cab: Body, owner: Any) -> None:
    with unscoped():
        invitation, _token = invitations.invite(cab, "juris@riga-cert.example", Role.CLIENT_CONTACT)
    renewed = owner_client.post(f"{PAGE}{invitation.pk}/renew/")
    assert renewed.status_code == 200 and "/invitations/" in renewed.context["new_link"]
    revoked = owner_client.post(f"{PAGE}{invitation.pk}/revoke/")
    assert revoked.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_a_staff_role_is_not_a_role_of_a_cab_record(cab: Body) -> None:
    with unscoped(), pytest.raises(MemberError):
        invitations.invite(cab, "boss@riga-cert.example", Role.AUDITOR)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.DECISION_MAKER, Role.ANALYST])
def test_other_roles_of_the_ab_get_403(ab_a: Body, cab: Body, role: str) -> None:
    client = _as(ab_a, role)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"email": "x@riga-cert.example"}).status_code == 403
    with unscoped():
        assert not Invitation.all_objects.filter(body=cab).exists()


def test_a_scheme_manager_may_invite(ab_a: Body, cab: Body) -> None:
    assert _as(ab_a, Role.SCHEME_MANAGER).post(PAGE, {"email": "x@riga-cert.example"}).status_code == 200


def test_a_foreign_body_gets_404(outsider_client: Client, cab: Body) -> None:
    assert outsider_client.get(PAGE).status_code == 404
    assert outsider_client.get("/accreditation/beta-cert/cabs/riga-cert/contacts/").status_code == 404


def test_a_cab_the_ab_does_not_keep_is_404(owner_client: Client, ab_a: Body) -> None:
    make_body("free-cert")
    assert owner_client.get("/accreditation/alpha-cert/cabs/free-cert/contacts/").status_code == 404


def test_an_invitation_of_another_cab_is_404(owner_client: Client, ab_a: Body, cab: Body) -> None:
    other = make_body("other-client", kind=BodyKind.CLIENT, managed_by=make_body("gamma-cert"))
    with unscoped():
        invitation, _token = invitations.invite(other, "z@other.example", Role.CLIENT_CONTACT)
    assert owner_client.post(f"{PAGE}{invitation.pk}/revoke/").status_code == 404


def test_anonymous_is_sent_to_login(client: Client, cab: Body) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_accreditation_page_links_the_contacts_for_a_cab_the_ab_keeps(
    owner_client: Client, ab_a: Body, cab: Body
) -> None:
    from datetime import date

    with unscoped():
        svc.grant(
            ab_a,
            svc.GrantInput(
                cab=cab,
                number="AB-31",
                standard="ISO/IEC 17021-1",
                valid_from=date(2024, 1, 1),
                valid_until=date(2028, 1, 1),
                scope=(svc.ScopeInput("ISO 9001:2015", ("17",)),),
            ),
        )
    assert PAGE in owner_client.get("/accreditation/alpha-cert/AB-31/").content.decode()


def test_the_list_shows_the_kept_cabs_with_their_contacts_to_a_manager_only(ab_a: Body, cab: Body) -> None:
    page = _as(ab_a, Role.SCHEME_MANAGER).get("/accreditation/alpha-cert/").content.decode()
    assert 'id="kept-cabs"' in page and PAGE in page and "Riga Cert" in page
    page = _as(ab_a, Role.AUDITOR).get("/accreditation/alpha-cert/").content.decode()
    assert 'id="kept-cabs"' not in page and PAGE not in page


def test_a_contact_of_the_cab_sees_its_accreditations_and_not_the_abs_pages(ab_a: Body, cab: Body) -> None:
    from datetime import date

    with unscoped():
        svc.grant(
            ab_a,
            svc.GrantInput(
                cab=cab,
                number="AB-32",
                standard="ISO/IEC 17021-1",
                valid_from=date(2024, 1, 1),
                valid_until=date(2028, 1, 1),
                scope=(svc.ScopeInput("ISO 9001:2015", ("17",)),),
            ),
        )
    user = make_user("ilze@riga-cert.example")
    Membership.all_objects.create(user=user, body=cab, role=Role.CLIENT_CONTACT)
    c = Client()
    c.force_login(user)
    assert "AB-32" in c.get("/accreditation/riga-cert/").content.decode()
    assert c.get("/accreditation/alpha-cert/").status_code == 404
    assert c.get("/accreditation/alpha-cert/AB-32/").status_code == 404
    assert c.get(PAGE).status_code == 404


def test_a_contact_of_a_cab_record_gets_no_staff_workspace_and_a_link_to_its_accreditations(
    cab: Body,
) -> None:
    user = make_user("ilze@riga-cert.example")
    Membership.all_objects.create(user=user, body=cab, role=Role.CLIENT_CONTACT)
    c = Client()
    c.force_login(user)
    for url in ("/certification/riga-cert/", "/certification/riga-cert/clients/"):
        assert c.get(url).status_code == 404, url
    dashboard = c.get("/dashboard/").content.decode()
    nav = dashboard.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/accreditation/riga-cert/"' in nav and 'href="/certification/"' not in nav


def test_a_deactivated_member_is_not_offered_as_team_leader_or_assessor(
    owner_client: Client, ab_a: Body, cab: Body
) -> None:
    from datetime import date

    with unscoped():
        svc.grant(
            ab_a,
            svc.GrantInput(
                cab=cab,
                number="AB-33",
                standard="ISO/IEC 17021-1",
                valid_from=date(2024, 1, 1),
                valid_until=date(2028, 1, 1),
                scope=(svc.ScopeInput("ISO 9001:2015", ("17",)),),
            ),
        )
    gone = make_user("gone@alpha.example", "Gone Assessor")
    Membership.all_objects.create(user=gone, body=ab_a, role=Role.AUDITOR, is_active=False)
    still = make_user("still@alpha.example", "Still Assessor")
    Membership.all_objects.create(user=still, body=ab_a, role=Role.AUDITOR)
    page = owner_client.get("/accreditation/alpha-cert/AB-33/assessments/new/").content.decode()
    assert "still@alpha.example" in page and "gone@alpha.example" not in page
