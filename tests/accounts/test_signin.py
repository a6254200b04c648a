"""Sign-in throttling (issue 12, finding 2): per account, per client address, trusted proxies, audit log."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from casys.accounts.models import Membership, Role, User
from casys.accounts.network import client_address
from casys.accounts.scoping import unscoped
from casys.accounts.services.signin import mask_email
from casys.auditlog.models import AuditEntry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def jane(body_a: Any) -> User:
    # a member of a body: a person with no active membership may not sign in at all
    user = make_user("jane@alpha.example", "Jane Doe", password=PASSWORD)
    Membership.all_objects.create(user=user, body=body_a, role=Role.AUDITOR)
    return user


@pytest.fixture(autouse=True)
def fast_hasher(settings: Any) -> None:
    # Hundreds of attempts: a fast hasher keeps the test quick; throttling does not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sign_in(client: Client, email: str, password: str, address: str = "127.0.0.1", via: str = "") -> Any:
    meta = {"HTTP_X_FORWARDED_FOR": via} if via else {}
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **meta
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_hundred_wrong_passwords_then_the_right_one_does_not_sign_in(client: Client, jane: User) -> None:
    for i in range(100):
        _sign_in(client, jane.email, f"wrong password {i}", address=f"198.51.100.{i % 50 + 1}")
    response = _sign_in(client, jane.email, PASSWORD, address="203.0.113.9")
    assert not _signed_in(client)
    assert response.status_code == 200
    assert "Too many failed sign-ins for this account." in response.content.decode()


def test_the_right_password_signs_in_below_the_limit(client: Client, jane: User) -> None:
    for i in range(4):
        _sign_in(client, jane.email, f"wrong {i}")
    response = _sign_in(client, jane.email, PASSWORD)
    assert response.status_code == 302 and _signed_in(client)


def test_failed_sign_ins_from_one_address_are_throttled_across_accounts(client: Client, jane: User) -> None:
    for i in range(20):  # one failure each on twenty accounts: no account reaches its own limit
        _sign_in(client, f"guess{i}@alpha.example", "Password123!", address="198.51.100.7")
    refused = _sign_in(client, jane.email, PASSWORD, address="198.51.100.7")
    assert not _signed_in(client)
    assert "Too many failed sign-ins from your network address." in refused.content.decode()
    elsewhere = _sign_in(Client(), jane.email, PASSWORD, address="203.0.113.9")
    assert elsewhere.status_code == 302


def test_a_locked_out_user_is_told_when_to_try_again(client: Client, jane: User, settings: Any) -> None:
    settings.CASYS_LOGIN_RATE_ACCOUNT = "2/15m"
    for _ in range(2):
        _sign_in(client, jane.email, "wrong")
    html = _sign_in(client, jane.email, PASSWORD).content.decode()
    assert "You can try again at" in html and "UTC (in" in html and "minute" in html


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(client: Client, jane: User, settings: Any) -> None:
    settings.CASYS_TRUSTED_PROXIES = ()
    for i in range(20):  # a new "client address" in the header every time, from one real peer
        _sign_in(client, f"guess{i}@alpha.example", "x", address="198.51.100.7", via=f"10.9.{i}.1")
    refused = _sign_in(client, jane.email, PASSWORD, address="198.51.100.7", via="10.99.0.1")
    assert not _signed_in(client)
    assert "network address" in refused.content.decode()


def test_a_trusted_proxy_counts_each_client_behind_it_separately(
    client: Client, jane: User, settings: Any
) -> None:
    settings.CASYS_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    for i in range(20):
        _sign_in(client, f"guess{i}@alpha.example", "x", address="10.0.0.2", via="198.51.100.7")
    other_client = _sign_in(client, jane.email, PASSWORD, address="10.0.0.2", via="203.0.113.9")
    assert other_client.status_code == 302 and _signed_in(client)
    blocked = _sign_in(Client(), jane.email, PASSWORD, address="10.0.0.2", via="198.51.100.7")
    assert "network address" in blocked.content.decode()


def test_a_failed_sign_in_is_in_the_audit_log_with_the_masked_email_and_the_address(
    client: Client, jane: User
) -> None:
    _sign_in(client, jane.email, "wrong", address="198.51.100.23")
    _sign_in(client, "nobody@else.example", "wrong", address="198.51.100.23")
    with unscoped():
        entries = list(AuditEntry.objects.filter(action="accounts.user.login_failed").order_by("seq"))
    assert [e.data["email"] for e in entries] == ["j***@alpha.example", "n***@else.example"]
    assert {e.data["address"] for e in entries} == {"198.51.100.23"}
    assert entries[0].object_id == str(jane.pk) and entries[1].object_id == ""
    assert all("wrong" not in e.data_json for e in entries)


def test_a_successful_sign_in_is_in_the_audit_log(client: Client, jane: User) -> None:
    _sign_in(client, jane.email, PASSWORD, address="203.0.113.4")
    with unscoped():
        entry = AuditEntry.objects.get(action="accounts.user.logged_in")
    assert entry.actor_user_id == jane.pk and entry.data["address"] == "203.0.113.4"


def test_the_login_page_links_to_password_reset(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("jane.doe@example.com", "j***@example.com"), ("my secret password", "***"), ("", "***")],
)
def test_the_email_tried_is_masked(raw: str, masked: str) -> None:
    assert mask_email(raw) == masked


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("198.51.100.7", "203.0.113.1", [], "198.51.100.7"),  # untrusted peer: header ignored
        ("10.0.0.2", "203.0.113.1", ["10.0.0.0/8"], "203.0.113.1"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.1", ["10.0.0.0/8"], "203.0.113.1"),  # left of the client: forged
        ("10.0.0.2", "203.0.113.1, 10.0.0.5", ["10.0.0.0/8"], "203.0.113.1"),  # two proxies
        ("10.0.0.2", "not-an-ip", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "", ["10.0.0.0/8"], "10.0.0.2"),
        ("::ffff:198.51.100.7", "", [], "198.51.100.7"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(
    settings: Any, peer: str, forwarded: str, trusted: list[str], expected: str
) -> None:
    settings.CASYS_TRUSTED_PROXIES = tuple(ipaddress.ip_network(n) for n in trusted)
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
