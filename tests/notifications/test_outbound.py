"""Webhook SSRF protection: a URL whose host is, or resolves to, a loopback, private, link-local,
multicast, reserved or unspecified address (IPv4, IPv6, IPv4-mapped) is refused at registration,
naming the field, and again at delivery (DNS may change), where the connection goes to the address
checked; CASYS_WEBHOOK_ALLOWED_NETWORKS allows networks for tests and development."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from django.db import transaction

from casys.accounts.scoping import unscoped
from casys.jobs import services as jobs
from casys.notifications import outbound, webhooks
from casys.notifications.models import WebhookDelivery, WebhookEndpoint
from tests.notifications.test_webhooks import Receiver

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = "/notifications/alpha-cert/webhooks/"

REFUSED = {
    "127.0.0.1": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "link-local",  # cloud metadata
    "224.0.0.1": "multicast",
    "240.0.0.1": "reserved",
    "0.0.0.0": "unspecified",  # noqa: S104 (an address under test, not a bind)
    "100.64.0.1": "not global",
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "fc00::1": "private",
    "ff02::1": "multicast",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "::ffff:169.254.169.254": "link-local",
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
}


@pytest.mark.parametrize("address", list(REFUSED))
def test_a_non_public_address_is_refused_with_its_kind(address):
    assert outbound.problem(ipaddress.ip_address(address)) == REFUSED[address]
    literal = f"[{address}]" if ":" in address else address
    with pytest.raises(outbound.UnsafeURL, match=f"is a {REFUSED[address]} address"):
        outbound.check(f"https://{literal}/hook")


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:85e5"])
def test_a_public_address_is_allowed(address):
    assert outbound.problem(ipaddress.ip_address(address)) is None


def test_allowed_networks_open_only_what_they_list(settings):
    settings.CASYS_WEBHOOK_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    assert outbound.problem(ipaddress.ip_address("127.0.0.1")) is None
    assert outbound.problem(ipaddress.ip_address("::ffff:127.0.0.1")) is None
    assert outbound.problem(ipaddress.ip_address("10.0.0.1")) == "private"
    assert outbound.problem(ipaddress.ip_address("::1")) == "loopback"


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> None:
    """Names answer ``answers``; an address (the connection to the checked one) resolves as it is."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            return real(host, port, *args, **kwargs)
        if host not in answers:
            raise socket.gaierror(-2, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(outbound.socket, "getaddrinfo", getaddrinfo)


def test_a_name_is_refused_when_any_of_its_addresses_is_not_public(monkeypatch):
    fake_dns(monkeypatch, {"mixed.test": ["93.184.215.14", "10.0.0.7"], "public.test": ["93.184.215.14"]})
    with pytest.raises(outbound.UnsafeURL, match=r"mixed.test \(10.0.0.7\) is a private address"):
        outbound.check("https://mixed.test/hook")
    target = outbound.check("https://public.test:8443/hook?x=1")
    assert (target.host, target.port, target.path, target.address) == (
        "public.test",
        8443,
        "/hook?x=1",
        "93.184.215.14",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest",
    ],
)
def test_registration_refuses_an_internal_url_naming_the_field_and_keeping_it(owner_client, body_a, url):
    r = owner_client.post(PAGE, {"url": url, "events": ["job.finished"]})
    page = r.content.decode()
    assert r.status_code == 200 and "field-error" in page and "webhooks go to public addresses only" in page
    assert f'value="{url}"' in page
    with unscoped():
        assert WebhookEndpoint.all_objects.count() == 0


def test_a_registered_url_whose_name_now_resolves_inside_is_refused_at_delivery(
    monkeypatch, owner_client, body_a
):
    fake_dns(monkeypatch, {"hooks.partner.test": ["93.184.215.14"]})
    r = owner_client.post(PAGE, {"url": "http://hooks.partner.test/hook", "events": ["job.finished"]})
    assert r.status_code == 302
    receiver = Receiver()
    try:
        fake_dns(monkeypatch, {"hooks.partner.test": ["127.0.0.1"]})  # the DNS answer changed
        with unscoped():
            webhooks.emit(body_a, "job.finished", {"job_id": 1})
            jobs.run_pending()
            delivery = WebhookDelivery.all_objects.get()
        assert delivery.state == "pending" and delivery.last_status is None
        assert "hooks.partner.test (127.0.0.1) is a loopback address" in delivery.last_error
        assert receiver.received == []
    finally:
        receiver.close()


def test_the_delivery_connects_to_the_address_it_checked_with_the_host_name_kept(
    monkeypatch, settings, body_a
):
    settings.CASYS_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    receiver = Receiver()
    try:
        port = receiver.server.server_port
        fake_dns(monkeypatch, {"hooks.partner.test": ["127.0.0.1"]})
        with unscoped(), transaction.atomic():
            endpoint = WebhookEndpoint.all_objects.create(
                body=body_a, url=f"http://hooks.partner.test:{port}/hook", events=["job.finished"]
            )
        with unscoped():
            webhooks.emit(body_a, "job.finished", {"job_id": 2})
            jobs.run_pending()
            delivery = WebhookDelivery.all_objects.get()
        assert (delivery.state, delivery.last_status, delivery.last_error) == ("delivered", 200, "")
        ((headers, body),) = receiver.received
        assert headers["Host"] == f"hooks.partner.test:{port}"
        assert webhooks.verify(endpoint.secret, headers[webhooks.HEADER], body)["data"] == {"job_id": 2}
    finally:
        receiver.close()


def test_an_internal_url_stored_before_the_check_is_refused_at_delivery(body_a):
    receiver = Receiver()  # loopback, and loopback is not allowed here
    try:
        with unscoped():
            WebhookEndpoint.all_objects.create(body=body_a, url=receiver.url, events=["job.finished"])
            webhooks.emit(body_a, "job.finished", {"job_id": 3})
            jobs.run_pending()
            delivery = WebhookDelivery.all_objects.get()
        assert "127.0.0.1 is a loopback address" in delivery.last_error and receiver.received == []
    finally:
        receiver.close()
