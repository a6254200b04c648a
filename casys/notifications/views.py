"""Pages of the notifications app (mounted at /notifications/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys.accounts.models import Role
from casys.accounts.services.bodies import bodies_of, body_for
from casys.auditlog.services import Actor, log
from casys.notifications import calendar
from casys.notifications.email import preference
from casys.notifications.forms import PreferenceForm, WebhookForm
from casys.notifications.models import (
    EVENTS,
    NOTICE_KINDS,
    Preference,
    WebhookDelivery,
    WebhookEndpoint,
    new_secret,
)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    pref = preference(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                pref.kinds = [k for k in NOTICE_KINDS if k not in form.cleaned_data["kinds"]]
                pref.delivery = form.cleaned_data["delivery"]
                pref.save(update_fields=["kinds", "delivery"])
                log(
                    "notifications.preferences.updated",
                    actor=Actor.from_request(request),
                    obj=pref,
                    data={"off": pref.kinds, "delivery": pref.delivery},
                )
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(
            initial={"kinds": [k for k in NOTICE_KINDS if pref.wants(k)], "delivery": pref.delivery}
        )
    feed = request.build_absolute_uri(reverse("notifications:calendar", args=[pref.calendar_token]))
    admin_of = [m.body for m in bodies_of(request.user) if Role.ADMIN in m.roles]
    context = {"form": form, "feed": feed, "admin_of": admin_of}
    return render(request, "notifications/preferences.html", context)


@login_required
@require_POST
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    pref = preference(request.user)
    with transaction.atomic():
        pref.calendar_token = new_secret()
        pref.save(update_fields=["calendar_token"])
        log("notifications.calendar.rotated", actor=Actor.from_request(request), obj=pref)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("notifications:preferences")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar applications cannot), the secret URL is the key."""
    pref = (
        Preference.objects.filter(calendar_token=token, user__is_active=True).select_related("user").first()
    )
    if pref is None:
        raise Http404("no such calendar")
    response = HttpResponse(calendar.feed(pref.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def webhooks(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            endpoint = WebhookEndpoint.objects.create(
                body=body, url=form.cleaned_data["url"], events=form.cleaned_data["events"]
            )
            log(
                "notifications.webhook.created",
                actor=Actor.from_request(request),
                body=body,
                obj=endpoint,
                data={"url": endpoint.url, "events": endpoint.events},
            )
        messages.success(request, _("Webhook added. Its secret signs every delivery."))
        return redirect("notifications:webhooks", slug)
    endpoints = WebhookEndpoint.objects.filter(body=body)
    context = {"body": body, "form": form, "endpoints": endpoints, "events": EVENTS}
    return render(request, "notifications/webhooks.html", context)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    endpoint = get_object_or_404(WebhookEndpoint.objects, body=body, pk=pk)
    with transaction.atomic():
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active"])
        log(
            "notifications.webhook.deleted",
            actor=Actor.from_request(request),
            body=body,
            obj=endpoint,
            data={"url": endpoint.url},
        )
    return redirect("notifications:webhooks", slug)


@login_required
def deliveries(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, Role.ADMIN)
    rows = WebhookDelivery.objects.filter(body=body).select_related("endpoint")[:200]
    return render(request, "notifications/deliveries.html", {"body": body, "deliveries": rows})
