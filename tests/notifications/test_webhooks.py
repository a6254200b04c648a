"""Webhooks: signed deliveries to a local HTTP receiver, a replay refused, retries with back-off,
the endpoint and delivery-log pages for the body's administrators only."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.certification.models import Certificate
from casys.certification.signals import certificate_changed
from casys.jobs import services as jobs
from casys.notifications import webhooks
from casys.notifications.models import WebhookDelivery, WebhookEndpoint
from tests.registry.test_signal import _record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def local_receiver_allowed(settings):
    """The receiver of these tests listens on loopback, which webhooks may not reach unless allowed
    (casys.notifications.outbound; tests/notifications/test_outbound.py)."""
    settings.CASYS_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]


class Receiver:
    """A local HTTP server in a thread that keeps what it was sent and answers ``status``."""

    def __init__(self, status=200):
        self.received, self.status = [], status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _endpoint(body, url, events):
    with unscoped():
        return WebhookEndpoint.all_objects.create(body=body, url=url, events=events)


def test_a_suspended_certificate_is_delivered_signed_and_a_replay_is_refused(body_a, receiver):
    endpoint = _endpoint(body_a, receiver.url, ["certificate.suspended"])
    with transaction.atomic():
        certificate_changed.send(sender=Certificate, record=_record(body_a, status="suspended"), actor=SYSTEM)
    with unscoped():
        assert jobs.run_pending() >= 1
    ((headers, body),) = receiver.received
    seen = set()
    event = webhooks.verify(endpoint.secret, headers[webhooks.HEADER], body, seen=seen)
    assert event["event"] == "certificate.suspended"
    assert event["data"]["number"] == "C-100" and event["data"]["status"] == "suspended"
    with pytest.raises(webhooks.SignatureError, match="already received"):
        webhooks.verify(endpoint.secret, headers[webhooks.HEADER], body, seen=seen)
    with pytest.raises(webhooks.SignatureError, match="does not match"):
        webhooks.verify("another-secret", headers[webhooks.HEADER], body)
    with pytest.raises(webhooks.SignatureError, match="more than 300 s"):
        webhooks.verify(endpoint.secret, headers[webhooks.HEADER], body, now=time.time() + 3600)
    with unscoped():
        delivery = WebhookDelivery.all_objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)


def test_an_endpoint_gets_only_the_events_it_chose(body_a, receiver):
    _endpoint(body_a, receiver.url, ["certificate.withdrawn"])
    with transaction.atomic():
        certificate_changed.send(sender=Certificate, record=_record(body_a, status="suspended"), actor=SYSTEM)
    with unscoped():
        jobs.run_pending()
        assert WebhookDelivery.all_objects.count() == 0
    assert receiver.received == []


def test_a_finished_job_is_delivered_to_the_job_finished_endpoints(body_a, owner, receiver):
    endpoint = _endpoint(body_a, receiver.url, ["job.finished"])
    job = jobs.enqueue(body_a, "registry.import", input_name="in.csv", input_data=b"x", created_by=owner)
    with unscoped():
        jobs.run_pending()
    ((headers, body),) = receiver.received
    event = webhooks.verify(endpoint.secret, headers[webhooks.HEADER], body)
    assert event["data"]["job_id"] == job.pk and event["data"]["state"] == "failed"


def test_a_failed_delivery_is_tried_again_later_with_exponential_back_off(body_a):
    receiver = Receiver(status=500)
    try:
        _endpoint(body_a, receiver.url, ["job.finished"])
        with unscoped():
            webhooks.emit(body_a, "job.finished", {"job_id": 1})
            before = timezone.now()
            jobs.run_pending()
            delivery = WebhookDelivery.all_objects.get()
            assert (delivery.state, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
            assert before + timedelta(seconds=29) < delivery.next_at < before + timedelta(seconds=40)
            waiting = DBTaskResult.objects.filter(status="READY").get()
            assert waiting.run_after == delivery.next_at
            assert jobs.run_pending() == 0  # not due yet
            DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
            jobs.run_pending()
            delivery.refresh_from_db()
            assert delivery.attempts == 2
            assert delivery.next_at - timezone.now() > timedelta(seconds=55)  # 60 s after the 2nd failure
        assert len(receiver.received) == 2
    finally:
        receiver.close()
    assert [webhooks.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_the_webhook_pages_are_for_the_bodys_administrators(
    owner_client, team_client, outsider_client, client, body_a
):
    r = owner_client.post(
        "/notifications/alpha-cert/webhooks/", {"url": "https://erp.example/hook", "events": ["job.finished"]}
    )
    assert r.status_code == 302
    with unscoped():
        endpoint = WebhookEndpoint.all_objects.get()
    assert endpoint.events == ["job.finished"] and endpoint.body == body_a
    assert (
        "https://erp.example/hook" in owner_client.get("/notifications/alpha-cert/webhooks/").content.decode()
    )
    assert owner_client.get("/notifications/alpha-cert/webhooks/deliveries/").status_code == 200
    for url in ("/notifications/alpha-cert/webhooks/", "/notifications/alpha-cert/webhooks/deliveries/"):
        assert team_client.get(url).status_code == 403
        assert outsider_client.get(url).status_code == 404
        assert client.get(url).status_code == 302
    delete = f"/notifications/alpha-cert/webhooks/{endpoint.pk}/delete/"
    assert outsider_client.post(delete).status_code == 404
    assert team_client.post(delete).status_code == 403
    assert owner_client.post(delete).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active is False


def test_a_webhook_without_an_event_is_refused_keeping_the_url(owner_client, body_a):
    r = owner_client.post("/notifications/alpha-cert/webhooks/", {"url": "https://erp.example/hook"})
    assert r.status_code == 200
    page = r.content.decode()
    assert 'value="https://erp.example/hook"' in page and "field-error" in page


def test_a_webhook_url_must_be_http_or_https(owner_client, body_a):
    r = owner_client.post(
        "/notifications/alpha-cert/webhooks/", {"url": "ftp://erp.example/hook", "events": ["job.finished"]}
    )
    assert r.status_code == 200 and "field-error" in r.content.decode()
    with unscoped():
        assert WebhookEndpoint.all_objects.count() == 0
