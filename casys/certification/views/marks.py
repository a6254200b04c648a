"""Marks of conformity pages for a certification body's staff (ISO/IEC 17030): the body's marks,
the misuse reports received through the public registry, and the decision on each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.attestations.identity import licence_path, mark_path
from casys.auditlog.services import Actor
from casys.certification.models import Mark, MisuseOutcome, MisuseReport
from casys.certification.services import marks
from casys.certification.services.engine import scheme, scheme_title
from casys.certification.views.common import DECIDE, MANAGE, attempt, cb_for, require_confirmation, text
from casys.core.schemes import available_schemes

#: who reads misuse reports (they hold the reporter's name and address): managers and deciders
CASES = tuple(dict.fromkeys((*MANAGE, *DECIDE)))


def _mark_schemes() -> list[tuple[str, str]]:
    out = []
    for scheme_id in available_schemes():
        s = scheme(scheme_id)
        if s.attestation.licence_to_mark or s.attestation.batch_marking:
            out.append((scheme_id, scheme_title(scheme_id)))
    return out


@login_required
def mark_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug)
    rows = list(Mark.objects.filter(body=body))
    for m in rows:
        m.public_url = mark_path(body.slug, m.code)  # type: ignore[attr-defined]
        m.licence_count = m.licences.count()  # type: ignore[attr-defined]
        m.scheme_title = scheme_title(m.scheme_id)  # type: ignore[attr-defined]
    context = {
        "body": body,
        "marks": rows,
        "schemes": _mark_schemes(),
        "can_manage": request.scope.has_role(body.id, *MANAGE),  # type: ignore[attr-defined]
    }
    return render(request, "certification/marks.html", context)


@login_required
@require_POST
def mark_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug, *MANAGE)
    upload = request.FILES.get("artwork")

    def run() -> None:
        marks.create_mark(
            body,
            scheme_id=text(request, "scheme_id"),
            code=text(request, "code"),
            name=text(request, "name"),
            artwork=upload.read() if upload else b"",
            rules_of_use=text(request, "rules_of_use"),
            actor=Actor.from_request(request),
        )

    return attempt(request, reverse("certification:marks", args=[slug]), run, _("The mark is published."))


@login_required
def misuse_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug, *CASES)
    rows = MisuseReport.objects.filter(body=body).select_related("mark", "licence")
    state = request.GET.get("state", "open")
    if state == "open":
        rows = rows.filter(outcome="")
    context = {"body": body, "reports": rows[:200], "state": state}
    return render(request, "certification/misuse_list.html", context)


def _report(slug: str, pk: int, *roles: str) -> MisuseReport:
    body = cb_for(slug, *roles)
    return get_object_or_404(
        MisuseReport.objects.select_related("mark", "licence__certificate__client__organisation", "body"),
        pk=pk,
        body=body,
    )


@login_required
def misuse_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(slug, pk, *CASES)
    licence = report.licence
    context = {
        "body": report.body,
        "report": report,
        "licence": licence,
        "licence_status": marks.status_of(licence, clock.today()) if licence else "",
        "licence_url": licence_path(report.body.slug, licence.number) if licence else "",
        "outcomes": MisuseOutcome.choices,
        "can_decide": request.scope.has_role(report.body_id, *DECIDE),  # type: ignore[attr-defined]
    }
    return render(request, "certification/misuse.html", context)


@login_required
def misuse_evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(slug, pk, *CASES)
    if not report.evidence:
        return HttpResponse(status=404)
    response = HttpResponse(bytes(report.evidence), content_type=report.evidence_type)
    response["Content-Disposition"] = f'attachment; filename="{report.reference}-evidence"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def misuse_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(slug, pk, *DECIDE)

    def run() -> None:
        require_confirmation(request)  # a decision is final; a suspension is published at once
        marks.decide_misuse(
            report,
            outcome=text(request, "outcome"),
            notes=text(request, "outcome_notes"),
            on=clock.today(),
            user=request.user,
            actor=Actor.from_request(request),
        )

    back = reverse("certification:misuse", args=[slug, pk])
    return attempt(request, back, run, _("The decision is recorded."))


@login_required
@require_POST
def licence_restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(slug, pk, *DECIDE)

    def run() -> None:
        if report.licence is None:
            raise marks.CertificationError("licence: the report names no licence")
        marks.restore_licence(
            report.licence, on=clock.today(), why=text(request, "why"), actor=Actor.from_request(request)
        )

    back = reverse("certification:misuse", args=[slug, pk])
    return attempt(request, back, run, _("The licence is valid again."))
