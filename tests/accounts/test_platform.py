"""The platform page: a platform superuser creates a body of each kind and invites its administrator."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import Body, BodyKind, Invitation, Membership, Role
from casys.accounts.scoping import unscoped
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = reverse("platform-bodies")
PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def superuser_client(db) -> Client:
    user = make_user("root@platform.example", "Root")
    user.is_superuser = user.is_staff = True
    user.save()
    c = Client()
    c.force_login(user)
    return c


def _form(kind: str, slug: str, **fields) -> dict:
    return {
        "kind": kind,
        "name": f"Body {slug}",
        "slug": slug,
        "country": "fr",
        "city": "Lyon",
        "address": "1 rue X",
        "admin_email": f"admin@{slug}.example",
        **fields,
    }


@pytest.mark.parametrize("kind", BodyKind.values)
def test_the_superuser_creates_a_body_of_each_kind_and_its_admin_accepts(superuser_client, kind) -> None:
    slug = kind.replace("_", "-")
    response = superuser_client.post(URL, _form(kind, slug))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="invitation-link"' in html
    body = Body.all_objects.get(slug=slug)
    assert (body.kind, body.country, body.city) == (kind, "FR", "Lyon")
    link = html.split('id="invitation-link" value="')[1].split('"')[0]
    accepted = Client().post(
        link.replace("http://testserver", ""),
        {"full_name": "Ada", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert accepted.status_code == 302
    assert Membership.all_objects.filter(
        body=body, user__email=f"admin@{slug}.example", role=Role.ADMIN
    ).exists()


def test_a_refused_body_keeps_what_was_typed_and_names_the_field(superuser_client, body_a) -> None:
    response = superuser_client.post(URL, _form("laboratory", "alpha-cert", name="Labo Alpha"))
    html = response.content.decode()
    assert 'class="field-error">a body named &#x27;alpha-cert&#x27; already exists' in html
    assert 'value="Labo Alpha"' in html and 'value="laboratory" selected' in html
    bad_country = superuser_client.post(URL, _form("laboratory", "labo", country="France")).content.decode()
    assert "country: " not in bad_country and "give the ISO 3166-1 alpha-2 code" in bad_country
    assert not Body.all_objects.filter(slug="labo").exists() and not Invitation.all_objects.exists()


@pytest.mark.parametrize("role", Role.values)
def test_members_of_bodies_who_are_not_superusers_get_403(body_a, role) -> None:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body_a, role=role)
    c = Client()
    c.force_login(user)
    assert c.get(URL).status_code == 403
    assert c.post(URL, _form("laboratory", "labo")).status_code == 403
    assert not Body.all_objects.filter(slug="labo").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_dashboard_links_to_the_platform_page_for_superusers_only(superuser_client, owner_client) -> None:
    assert 'id="platform-link"' in superuser_client.get(reverse("dashboard")).content.decode()
    assert 'id="platform-link"' not in owner_client.get(reverse("dashboard")).content.decode()


def test_a_superuser_without_membership_may_sign_in_but_reaches_no_body(body_a, owner) -> None:
    root = make_user("root2@platform.example", "Root", PASSWORD)
    root.is_superuser = True
    root.save()
    c = Client()
    assert c.post(reverse("login"), {"username": root.email, "password": PASSWORD}).status_code == 302
    assert c.get(reverse("body-detail", args=["alpha-cert"])).status_code == 404
    with unscoped():
        assert Body.objects.count() == 1
