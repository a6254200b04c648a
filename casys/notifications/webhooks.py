"""Webhooks: signed deliveries of a body's events to the URLs it registered, with retries.

Signature (the scheme Stripe and Standard Webhooks use): the header
``Casys-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>``. A receiver
checks it with :func:`verify`, which refuses a wrong signature, a timestamp older than the
tolerance, and a delivery it has already seen (replay). Each delivery runs as a job; a failure
is tried again after 30 s, 1, 2, 4 … minutes (exponential back-off) up to :data:`MAX_ATTEMPTS`.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from collections.abc import MutableSet
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casys.jobs import services as jobs
from casys.jobs.kinds import register
from casys.jobs.progress import Progress
from casys.notifications import outbound
from casys.notifications.models import WebhookDelivery, WebhookEndpoint

HEADER = "Casys-Signature"
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)
TIMEOUT = 10
DELIVER = "notifications.webhook"


class SignatureError(ValueError):
    """A delivery that must not be believed; the message says why."""


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = 300,
    seen: MutableSet[str] | None = None,
) -> dict[str, Any]:
    """The delivered event, or :class:`SignatureError` (bad signature, old timestamp, replay)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        raise SignatureError(f"{HEADER}: expected t=<seconds>,v1=<hex>")
    timestamp = int(parts["t"])
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts["v1"]):
        raise SignatureError(f"{HEADER}: the signature does not match the body")
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise SignatureError(f"{HEADER}: the timestamp is more than {tolerance} s away (replayed or late)")
    if seen is not None:
        if parts["v1"] in seen:
            raise SignatureError(f"{HEADER}: this delivery was already received (replayed)")
        seen.add(parts["v1"])
    return json.loads(body)


def emit(body: Any, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """A delivery (and its job) for each of the body's active endpoints that take ``event``."""
    body_id = getattr(body, "pk", body)
    out = []
    for endpoint in WebhookEndpoint.all_objects.filter(body_id=body_id, is_active=True).select_related(
        "body"
    ):
        if event not in endpoint.events:
            continue
        with transaction.atomic():
            delivery = WebhookDelivery.all_objects.create(
                body_id=body_id,
                endpoint=endpoint,
                event=event,
                payload={"event": event, "created": timezone.now().isoformat(), "data": data},
            )
            jobs.enqueue(endpoint.body, DELIVER, params={"delivery": delivery.pk})
        out.append(delivery)
    return out


def backoff(attempt: int) -> timedelta:
    """The wait after failed attempt ``attempt`` (1-based): 30 s, 60 s, 120 s, …"""
    return FIRST_RETRY * (2 ** (attempt - 1))


def post(endpoint: WebhookEndpoint, payload: dict[str, Any], *, timestamp: int | None = None) -> int:
    """POST the signed payload to the endpoint; its URL is checked again now, since DNS may have
    changed since it was registered, and the connection goes to the address checked
    (:mod:`casys.notifications.outbound`)."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": "application/json",
        HEADER: sign(endpoint.secret, body, ts),
        "User-Agent": "casys",
    }
    return outbound.post(endpoint.url, body, headers, timeout=TIMEOUT)


@register(DELIVER, _("Webhook delivery"), max_attempts=1)
def deliver(job: Any, progress: Progress) -> dict[str, Any]:
    delivery = WebhookDelivery.all_objects.select_related("endpoint").get(pk=job.params["delivery"])
    if delivery.state != WebhookDelivery.PENDING:
        return {"delivery": delivery.pk, "state": delivery.state}
    progress(0, 1)
    delivery.attempts += 1
    status: int | None
    try:
        status = post(delivery.endpoint, delivery.payload)
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except outbound.UnsafeURL as exc:
        status, error = None, str(exc)
    except (OSError, http.client.HTTPException) as exc:
        status, error = None, str(exc) or type(exc).__name__
    delivery.last_status, delivery.last_error = status, error
    if not error:
        delivery.state, delivery.delivered_at, delivery.next_at = (
            WebhookDelivery.DELIVERED,
            timezone.now(),
            None,
        )
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state, delivery.next_at = WebhookDelivery.FAILED, None
    else:
        delivery.next_at = timezone.now() + backoff(delivery.attempts)
    with transaction.atomic():
        delivery.save()
        if delivery.next_at is not None:
            jobs.enqueue(job.body, DELIVER, params={"delivery": delivery.pk}, run_after=delivery.next_at)
    progress(1, 1)
    return {
        "delivery": delivery.pk,
        "state": delivery.state,
        "attempt": delivery.attempts,
        "status": status,
        "error": error,
    }
