"""New editions of product standards and the re-evaluation of the certificates on the old one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.auditlog.services import Actor
from casys.certification.models import Certificate, EditionChange
from casys.certification.services import CertificationError, editions
from casys.certification.views.common import DECIDE, MANAGE, attempt, cb_for, day, text

#: who records re-evaluations: the managers who plan them and the deciders who conclude them
EVALUATE = tuple(dict.fromkeys((*MANAGE, *DECIDE)))


@login_required
def edition_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug)
    today = clock.today()
    rows = []
    for change in EditionChange.objects.filter(body=body):
        found = editions.affected(change, today)
        rows.append(
            {
                "change": change,
                "open": sum(1 for a in found if a.re_evaluation is None),
                "overdue": sum(1 for a in found if a.overdue),
                "total": len(found),
            }
        )
    context = {
        "body": body,
        "rows": rows,
        "can_manage": request.scope.has_role(body.id, *MANAGE),  # type: ignore[attr-defined]
    }
    return render(request, "certification/editions.html", context)


@login_required
@require_POST
def edition_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug, *MANAGE)

    def run() -> None:
        editions.record_change(
            body,
            document=text(request, "document"),
            old_edition=text(request, "old_edition"),
            new_edition=text(request, "new_edition"),
            published_on=day(request, "published_on"),  # type: ignore[arg-type]
            transition_until=day(request, "transition_until"),  # type: ignore[arg-type]
            notes=text(request, "notes"),
            user=request.user,
            actor=Actor.from_request(request),
        )

    return attempt(
        request, reverse("certification:editions", args=[slug]), run, _("The new edition is recorded.")
    )


@login_required
def edition_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug)
    change = get_object_or_404(EditionChange.objects, pk=pk, body=body)
    context = {
        "body": body,
        "change": change,
        "affected": editions.affected(change, clock.today()),
        "can_evaluate": request.scope.has_role(body.id, *EVALUATE),  # type: ignore[attr-defined]
    }
    return render(request, "certification/edition.html", context)


@login_required
@require_POST
def edition_re_evaluate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = cb_for(slug, *EVALUATE)
    change = get_object_or_404(EditionChange.objects, pk=pk, body=body)

    def run() -> None:
        raw = text(request, "certificate")
        cert = Certificate.objects.filter(body=body, pk=int(raw) if raw.isdigit() else 0).first()
        if cert is None:
            raise CertificationError("certificate: choose a certificate of this body")
        editions.record_re_evaluation(
            change,
            cert,
            result=text(request, "result"),
            on=clock.today(),
            user=request.user,
            actor=Actor.from_request(request),
        )

    back = reverse("certification:edition", args=[slug, pk])
    return attempt(request, back, run, _("The re-evaluation is recorded."))
