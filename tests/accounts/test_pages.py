"""Every page as owner (works), team member (can, or 403 where a role is needed) and outsider (404)."""

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import ApiToken, Body
from casys.accounts.scoping import unscoped
from casys.auditlog.services import log

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboard", {}),
    ("body-detail", {"slug": "alpha-cert"}),
    ("body-tokens", {"slug": "alpha-cert"}),
    ("body-audit", {"slug": "alpha-cert"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: Client, body_a: Body, name: str, kwargs: dict
) -> None:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_owner_sees_the_body_its_members_and_its_audit_log(
    owner_client: Client, team, body_a: Body
) -> None:
    detail = owner_client.get(reverse("body-detail", args=["alpha-cert"]))
    assert detail.status_code == 200
    assert "team@alpha.example" in detail.content.decode()
    assert owner_client.get(reverse("body-audit", args=["alpha-cert"])).status_code == 200


def test_a_team_member_sees_the_body_but_not_its_audit_log(team_client: Client, body_a: Body) -> None:
    assert team_client.get(reverse("body-detail", args=["alpha-cert"])).status_code == 200
    assert team_client.get(reverse("body-tokens", args=["alpha-cert"])).status_code == 200
    assert team_client.get(reverse("body-audit", args=["alpha-cert"])).status_code == 403


@pytest.mark.parametrize("name", ["body-detail", "body-tokens", "body-audit"])
def test_an_outsider_gets_404_on_another_bodys_pages(
    outsider_client: Client, body_a: Body, name: str
) -> None:
    assert outsider_client.get(reverse(name, args=["alpha-cert"])).status_code == 404


def test_the_dashboard_lists_only_the_users_own_bodies(owner_client: Client, outsider, body_b: Body) -> None:
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "Alpha Certification" in html
    assert "Beta Certification" not in html


def test_a_member_creates_a_token_shown_once_and_logged(owner_client: Client, body_a: Body) -> None:
    response = owner_client.post(reverse("body-tokens", args=["alpha-cert"]), {"name": "ERP"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="new-token">casys_' in html
    with unscoped():
        token = ApiToken.objects.get()
    assert token.name == "ERP" and len(token.token_hash) == 64
    assert token.prefix in html
    again = owner_client.get(reverse("body-tokens", args=["alpha-cert"])).content.decode()
    assert "new-token" not in again


def test_an_outsider_cannot_revoke_another_bodys_token(owner_client, outsider_client, body_a: Body) -> None:
    owner_client.post(reverse("body-tokens", args=["alpha-cert"]), {"name": "ERP"})
    with unscoped():
        token = ApiToken.objects.get()
    response = outsider_client.post(reverse("token-revoke", args=["alpha-cert", token.pk]))
    assert response.status_code == 404
    response = outsider_client.post(reverse("token-revoke", args=["beta-cert", token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_team_member_cannot_revoke_the_owners_token(owner_client, team_client, body_a: Body) -> None:
    owner_client.post(reverse("body-tokens", args=["alpha-cert"]), {"name": "ERP"})
    with unscoped():
        token = ApiToken.objects.get()
    assert team_client.post(reverse("token-revoke", args=["alpha-cert", token.pk])).status_code == 404
    assert owner_client.post(reverse("token-revoke", args=["alpha-cert", token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_post_without_csrf_token_is_refused(owner, body_a: Body) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(reverse("body-tokens", args=["alpha-cert"]), {"name": "x"}).status_code == 403


def test_the_stylesheet_linked_from_every_page_is_served(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    href = html.split('rel="stylesheet" href="')[1].split('"')[0]
    response = client.get(href)
    assert response.status_code == 200
    assert b".topbar" in b"".join(response.streaming_content if response.streaming else [response.content])


def test_the_dashboard_shows_recent_activity_to_administrators_only(
    owner_client: Client, team_client: Client, outsider_client: Client, body_a: Body
) -> None:
    """Issue 12, finding 14: the audit log is admin-only, and so is its excerpt on the dashboard."""
    with unscoped():
        log("accounts.body.updated", body=body_a, obj=body_a, data={"secret-marker": "x"})
    assert "changed the body" in owner_client.get(reverse("dashboard")).content.decode()
    team_html = team_client.get(reverse("dashboard")).content.decode()
    assert "Recent activity" not in team_html and "changed the body" not in team_html
    # the outsider administers another body: its own activity section, without body A's entries
    assert "changed the body" not in outsider_client.get(reverse("dashboard")).content.decode()
