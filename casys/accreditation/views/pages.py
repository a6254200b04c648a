"""Accreditation pages: the body's accreditations (granted, or held), one accreditation, its events."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import BodyKind, Role
from casys.accounts.services.bodies import STAFF_KINDS, body_for
from casys.accreditation.models import Accreditation, EventKind, SignatoryStatus
from casys.accreditation.services import recognition as recognition_services
from casys.accreditation.services.accreditations import (
    AccreditationInputError,
    attach_parts,
    record_event,
    to_record,
)
from casys.auditlog.services import Actor
from casys.core import recognition

DECIDERS = (Role.ADMIN, Role.DECISION_MAKER)


@login_required
def accreditation_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, kinds=STAFF_KINDS)
    qs = (
        Accreditation.objects.filter(Q(body=body) | Q(cab=body))
        .select_related("body", "cab")
        .order_by("number")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = clock.today()
    rows = attach_parts(list(page.object_list))
    states = [(a, recognition.accreditation_state(to_record(a), today)) for a in rows]
    statuses = SignatoryStatus.objects.filter(body=body)
    context = {
        "body": body,
        "page": page,
        "states": states,
        "statuses": statuses,
        "today": today,
        "can_import": body.kind == BodyKind.ACCREDITATION_BODY
        and request.scope.has_role(body.id, Role.ADMIN),  # type: ignore[attr-defined]
    }
    return render(request, "accreditation/list.html", context)


@login_required
def accreditation_detail(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    body = body_for(slug, kinds=STAFF_KINDS)
    acc = get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)
    attach_parts([acc])
    today = clock.today()
    context = {
        "body": body,
        "acc": acc,
        "lines": acc._parts[0],  # type: ignore[attr-defined]
        "events": acc._parts[1],  # type: ignore[attr-defined]
        "state": recognition.accreditation_state(to_record(acc), today),
        "today": today,
        "kinds": EventKind.choices,
        "can_decide": request.scope.has_role(body.id, *DECIDERS),  # type: ignore[attr-defined]
    }
    return render(request, "accreditation/detail.html", context)


@login_required
@require_POST
def accreditation_event(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    body = body_for(slug, *DECIDERS)
    acc = get_object_or_404(Accreditation.objects, body=body, number=number)
    try:
        on = date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        messages.error(request, "on: not a date (YYYY-MM-DD)")
        return redirect("accreditation:detail", slug, number)
    try:
        record_event(
            acc,
            on,
            request.POST.get("kind", ""),
            normative_document=request.POST.get("normative_document", ""),
            iaf_codes=[c.strip() for c in request.POST.get("iaf_codes", "").split(",") if c.strip()],
            reason=request.POST.get("reason", ""),
            actor=Actor.from_request(request),
        )
    except AccreditationInputError as exc:
        messages.error(request, str(exc))
    return redirect("accreditation:detail", slug, number)


@login_required
@require_POST
def import_statuses(request: HttpRequest, slug: str) -> HttpResponse:
    """An AB's administrator loads its own signatory statuses (JSON or CSV); all or nothing."""
    body = body_for(slug, Role.ADMIN)
    upload = request.FILES.get("file")
    if upload is None or upload.size > 5 * 1024 * 1024:
        messages.error(request, _("file: choose a JSON or CSV file of at most 5 MB"))
        return redirect("accreditation:list", slug)
    try:
        text = upload.read().decode("utf-8-sig")
        rows = recognition_services.parse(text, upload.name)
        n = recognition_services.import_statuses(
            rows, source=upload.name, only_body=body, actor=Actor.from_request(request)
        )
    except UnicodeDecodeError:
        messages.error(request, _("file: not UTF-8 text"))
    except recognition_services.StatusFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s signatory statuses imported.") % {"n": n})
    return redirect("accreditation:list", slug)
