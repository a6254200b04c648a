"""Two-factor sign-in (django-otp): enrolment, the second step, recovery codes, and a body's requirement."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casys.accounts.models import ApiToken, Body, Membership, Role, User
from casys.accounts.models.token import hash_token
from casys.accounts.scoping import unscoped
from casys.accounts.services import mfa
from casys.auditlog.models import AuditEntry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECURITY = reverse("account-security")


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` steps of 30 s later)."""
    t0 = device.t0 - steps_ahead * device.step
    value = totp(device.bin_key, step=device.step, t0=t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def _actions() -> list[str]:
    with unscoped():
        return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def _sign_in(client: Client, user: User) -> Any:
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def enrol(client: Client, user: User) -> tuple[TOTPDevice, list[str]]:
    page = client.get(SECURITY).content.decode()
    assert 'id="totp-secret"' in page and "<svg" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode().rstrip("=")
    response = client.post(SECURITY, {"action": "confirm", "code": code_for(device)})
    codes = re.findall(r'<li><code class="secret">([a-z2-7]+)</code></li>', response.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.fixture
def olga(body_a: Body) -> User:
    user = make_user("olga@alpha.example", "Olga Owner", password=PASSWORD)
    Membership.all_objects.create(user=user, body=body_a, role=Role.ADMIN)
    return user


@pytest.fixture
def enrolled(olga: User) -> tuple[User, TOTPDevice, list[str]]:
    client = Client()
    client.force_login(olga)
    device, codes = enrol(client, olga)
    return olga, device, codes


def test_a_user_enrols_with_a_code_and_gets_ten_recovery_codes_once(olga: User) -> None:
    client = Client()
    client.force_login(olga)
    device, codes = enrol(client, olga)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=olga).count() == 10
    again = client.get(SECURITY).content.decode()
    assert codes[0] not in again and 'id="mfa-status"' in again and "10 recovery codes left" in again
    assert "accounts.mfa.enrolled" in _actions()


def test_a_wrong_code_does_not_confirm_the_enrolment(olga: User) -> None:
    client = Client()
    client.force_login(olga)
    client.get(SECURITY)
    response = client.post(SECURITY, {"action": "confirm", "code": "000000"})
    assert "This code is not valid" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=olga, confirmed=True).exists()


def test_sign_in_takes_a_password_then_a_code(enrolled: tuple[User, TOTPDevice, list[str]]) -> None:
    user, device, _codes = enrolled
    client = Client()
    response = _sign_in(client, user)
    assert response.status_code == 302 and response["Location"].startswith(reverse("signin-verify"))
    # Between the steps: no page, no body, no scope.
    for url in (reverse("dashboard"), reverse("body-detail", args=["alpha-cert"])):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("signin-verify"))
    verify_page = client.get(reverse("signin-verify")).content.decode()
    assert "Alpha Certification" not in verify_page
    done = client.post(reverse("signin-verify"), {"code": code_for(device, steps_ahead=1)})
    assert done.status_code == 302 and done["Location"] == reverse("dashboard")
    assert client.get(reverse("body-detail", args=["alpha-cert"])).status_code == 200
    assert _actions()[-1] == "accounts.user.logged_in"


def test_a_wrong_code_is_refused_and_logged(enrolled: tuple[User, TOTPDevice, list[str]]) -> None:
    user, _device, _codes = enrolled
    client = Client()
    _sign_in(client, user)
    response = client.post(reverse("signin-verify"), {"code": "123456"})
    assert response.status_code == 200 and "This code is not valid" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
    with unscoped():
        failure = AuditEntry.objects.filter(action="accounts.user.login_failed").latest("seq")
    assert failure.data["step"] == "code"


def test_wrong_codes_in_a_row_are_throttled(enrolled: tuple[User, TOTPDevice, list[str]]) -> None:
    user, device, _codes = enrolled
    client = Client()
    _sign_in(client, user)
    client.post(reverse("signin-verify"), {"code": "123456"})
    response = client.post(reverse("signin-verify"), {"code": code_for(device, steps_ahead=1)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_recovery_code_signs_in_once(enrolled: tuple[User, TOTPDevice, list[str]]) -> None:
    user, _device, codes = enrolled
    first = Client()
    _sign_in(first, user)
    response = first.post(reverse("signin-verify"), {"code": codes[3].upper()})
    assert response["Location"] == reverse("dashboard")
    assert "accounts.mfa.recovery_code_used" in _actions()
    second = Client()
    _sign_in(second, user)
    refused = second.post(reverse("signin-verify"), {"code": codes[3]})
    assert refused.status_code == 200 and "This code is not valid" in refused.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_recovery_codes_replace_the_old_ones(enrolled: tuple[User, TOTPDevice, list[str]]) -> None:
    user, _device, codes = enrolled
    client = Client()
    client.force_login(user)
    user_session_verified(client, user)
    html = client.post(SECURITY, {"action": "codes"}).content.decode()
    fresh = re.findall(r'<li><code class="secret">([a-z2-7]+)</code></li>', html)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert not StaticToken.objects.filter(token__in=codes).exists()
    assert "accounts.mfa.recovery_codes_generated" in _actions()


def user_session_verified(client: Client, user: User) -> None:
    """Finish the second step for a client signed in with force_login."""
    code = StaticToken.objects.filter(device__user=user).first().token
    assert client.post(reverse("signin-verify"), {"code": code}).status_code == 302


def test_turning_off_needs_a_current_code(enrolled: tuple[User, TOTPDevice, list[str]]) -> None:
    user, device, _codes = enrolled
    client = Client()
    client.force_login(user)
    user_session_verified(client, user)
    refused = client.post(SECURITY, {"action": "disable", "code": "000000"})
    assert "This code is not valid" in refused.content.decode()
    assert mfa.has_device(user)
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code above made the device wait a second
    client.post(SECURITY, {"action": "disable", "code": code_for(device, steps_ahead=1)})
    assert not mfa.has_device(user)
    assert "accounts.mfa.disabled" in _actions()
    assert _sign_in(Client(), user)["Location"] == reverse("dashboard")


def test_anonymous_visitors_are_sent_to_sign_in_from_the_security_pages(client: Client, body_a: Body) -> None:
    assert client.get(SECURITY)["Location"].startswith(reverse("login"))
    assert client.get(reverse("signin-verify"))["Location"].startswith(reverse("login"))
    assert client.post(reverse("body-mfa", args=["alpha-cert"]))["Location"].startswith(reverse("login"))


# --- a body that requires two-factor sign-in --------------------------------------------------


def test_only_an_admin_can_require_two_factor_and_it_is_logged(
    owner_client: Client, team_client: Client, outsider_client: Client, body_a: Body
) -> None:
    url = reverse("body-mfa", args=["alpha-cert"])
    assert team_client.post(url, {"require_mfa": "on"}).status_code == 403
    assert outsider_client.post(url, {"require_mfa": "on"}).status_code == 404
    assert owner_client.get(url).status_code == 405
    body_a.refresh_from_db()
    assert not body_a.require_mfa
    response = owner_client.post(url, {"require_mfa": "on"})
    assert response["Location"] == reverse("body-detail", args=["alpha-cert"])
    body_a.refresh_from_db()
    assert body_a.require_mfa
    assert "accounts.mfa.requirement_changed" in _actions()


def test_the_toggle_is_shown_to_admins_only(owner_client: Client, team_client: Client, body_a: Body) -> None:
    url = reverse("body-detail", args=["alpha-cert"])
    assert reverse("body-mfa", args=["alpha-cert"]) in owner_client.get(url).content.decode()
    assert reverse("body-mfa", args=["alpha-cert"]) not in team_client.get(url).content.decode()


@pytest.fixture
def strict_body(body_a: Body) -> Body:
    Body.all_objects.filter(pk=body_a.pk).update(require_mfa=True)
    body_a.refresh_from_db()
    return body_a


def test_staff_of_a_body_that_requires_it_are_sent_to_enrolment(strict_body: Body) -> None:
    auditor = make_user("new.auditor@alpha.example", password=PASSWORD)
    Membership.all_objects.create(user=auditor, body=strict_body, role=Role.AUDITOR)
    client = Client()
    response = _sign_in(client, auditor)
    assert response["Location"].startswith(SECURITY)
    pages = ("dashboard", "body-detail", "body-tokens")
    for url in (reverse(p, args=["alpha-cert"] if p != "dashboard" else []) for p in pages):
        assert client.get(url)["Location"].startswith(SECURITY)
    page = client.get(SECURITY).content.decode()
    assert 'id="mfa-required"' in page and "Alpha Certification requires two-factor sign-in" in page
    _device, codes = enrol(client, auditor)
    assert len(codes) == 10
    assert client.get(reverse("body-detail", args=["alpha-cert"])).status_code == 200
    assert _actions()[-1] == "accounts.user.logged_in"


def test_a_client_contact_is_not_required_to_enrol(strict_body: Body) -> None:
    contact = make_user("contact@client.example", password=PASSWORD)
    Membership.all_objects.create(user=contact, body=strict_body, role=Role.CLIENT_CONTACT)
    assert _sign_in(Client(), contact)["Location"] == reverse("dashboard")


def test_two_factor_cannot_be_turned_off_while_a_body_requires_it(
    enrolled: tuple[User, TOTPDevice, list[str]], strict_body: Body
) -> None:
    user, device, _codes = enrolled
    client = Client()
    client.force_login(user)
    user_session_verified(client, user)
    response = client.post(SECURITY, {"action": "disable", "code": code_for(device, steps_ahead=1)})
    assert "requires two-factor sign-in of its staff" in response.content.decode()
    assert mfa.has_device(user)


def test_api_tokens_are_not_affected_by_the_requirement(strict_body: Body) -> None:
    member = make_user("erp@alpha.example", password=PASSWORD)
    Membership.all_objects.create(user=member, body=strict_body, role=Role.SCHEME_MANAGER)
    raw = ApiToken.new_secret()
    ApiToken.all_objects.create(
        user=member, body=strict_body, name="ERP", prefix=raw[:12], token_hash=hash_token(raw)
    )
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["body"] == "alpha-cert"


def test_an_operator_removes_the_devices_of_a_user_who_lost_them(
    enrolled: tuple[User, TOTPDevice, list[str]],
) -> None:
    user, _device, _codes = enrolled
    call_command("mfa_reset", user.email.upper(), stdout=io.StringIO())
    assert not mfa.has_device(user) and not StaticToken.objects.filter(device__user=user).exists()
    assert _actions()[-1] == "accounts.mfa.disabled"
    with pytest.raises(CommandError, match="no user"):
        call_command("mfa_reset", "nobody@alpha.example")


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_every_role_but_admin_is_refused_the_toggle(body_a: Body, role: str) -> None:
    member = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=member, body=body_a, role=role)
    client = Client()
    client.force_login(member)
    assert client.post(reverse("body-mfa", args=["alpha-cert"]), {"require_mfa": "on"}).status_code == 403
    page = client.get(reverse("body-detail", args=["alpha-cert"])).content.decode()
    assert reverse("body-mfa", args=["alpha-cert"]) not in page
    body_a.refresh_from_db()
    assert not body_a.require_mfa
