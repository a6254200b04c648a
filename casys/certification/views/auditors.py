"""Auditor records: the person (and the sign-in they are linked to), dated qualifications with their
evidence, declared conflicts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import Body, Membership
from casys.auditlog.services import Actor
from casys.certification.forms_master import (
    AuditorForm,
    ConflictForm,
    EndQualificationForm,
    EvidenceForm,
    QualificationForm,
    run,
)
from casys.certification.models import Auditor, Client, Evidence, Qualification
from casys.certification.services import applications, auditors
from casys.certification.services.engine import certification_schemes, scheme
from casys.certification.views.common import MANAGE, cb_for


def _schemes() -> list[tuple[str, str]]:
    return [(s, scheme(s).normative_document) for s in certification_schemes()]


def _members(body: Body) -> list[tuple[int, str]]:
    users = {m.user_id: m.user for m in Membership.all_objects.filter(body=body).select_related("user")}
    return sorted(((pk, f"{u} <{u.email}>") for pk, u in users.items() if u.is_active), key=lambda x: x[1])


def _user(body: Body, pk: int | None) -> Any:
    if pk is None:
        return None
    m = Membership.all_objects.filter(body=body, user_id=pk).select_related("user").first()
    if m is None:
        raise auditors.CertificationError("user: not a member of this body")
    return m.user


def _can_manage(request: HttpRequest, body: Body) -> bool:
    return request.scope.has_role(body.pk, *MANAGE)  # type: ignore[attr-defined]


@login_required
def auditor_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = cb_for(slug, *MANAGE) if request.method == "POST" else cb_for(slug)
    form = AuditorForm(request.POST or None, members=_members(body))
    if request.method == "POST":
        created = run(
            form,
            lambda d: auditors.create_auditor(
                body,
                name=d["name"],
                user=_user(body, d["user"]),
                other_person=d["other_person"],
                actor=Actor.from_request(request),
            ),
        )
        if created:
            messages.success(request, _("The auditor was added."))
            return redirect(reverse("certification:auditor", args=[slug, created.pk]))
    rows = (
        Auditor.objects.filter(body=body)
        .select_related("user")
        .prefetch_related("qualifications", "conflicts__client__organisation")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"body": body, "page": page, "form": form, "can_manage": _can_manage(request, body)}
    return render(request, "certification/auditors.html", context)


def _auditor(slug: str, pk: int, *roles: str) -> Auditor:
    body = cb_for(slug, *roles)
    return get_object_or_404(Auditor.objects.select_related("body", "user"), pk=pk, body=body)


def _detail(request: HttpRequest, auditor: Auditor, **forms: Any) -> HttpResponse:
    body = auditor.body
    clients = [(c.pk, str(c)) for c in Client.objects.filter(body=body).select_related("organisation")]
    initial = {"name": auditor.name, "user": auditor.user_id}
    context = {
        "body": body,
        "auditor": auditor,
        "today": clock.today(),
        "qualifications": auditor.qualifications.prefetch_related(
            Prefetch("evidence", Evidence.objects.order_by("on", "id"))
        ),
        "conflicts": auditor.conflicts.select_related("client__organisation"),
        "can_manage": _can_manage(request, body),
        "form": forms.get("form") or AuditorForm(initial=initial, members=_members(body)),
        "qualification_form": forms.get("qualification_form") or QualificationForm(schemes=_schemes()),
        "conflict_form": forms.get("conflict_form") or ConflictForm(clients=clients),
    }
    return render(request, "certification/auditor.html", context)


@login_required
def auditor_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    auditor = _auditor(slug, pk, *MANAGE) if request.method == "POST" else _auditor(slug, pk)
    if request.method != "POST":
        return _detail(request, auditor)
    form = AuditorForm(request.POST, members=_members(auditor.body))
    if run(
        form,
        lambda d: auditors.update_auditor(
            auditor,
            name=d["name"],
            user=_user(auditor.body, d["user"]),
            other_person=d["other_person"],
            actor=Actor.from_request(request),
        ),
    ):
        messages.success(request, _("The auditor record was saved."))
        return redirect(request.path)
    return _detail(request, auditor, form=form)


def _initial(q: Qualification | None) -> dict[str, Any]:
    if q is None:
        return {}
    return {
        "scheme": q.scheme,
        "roles": q.roles,
        "iaf_codes": ", ".join(str(c) for c in q.iaf_codes),
        "valid_from": q.valid_from,
        "valid_until": q.valid_until,
        "areas": ", ".join(q.areas or []),
    }


def _areas(raw: str) -> list[str]:
    return [a.strip() for a in raw.replace(";", ",").split(",") if a.strip()]


def _codes(raw: str) -> list[int]:
    return applications.parse_codes(raw) if raw.strip() else []


@login_required
def qualification(request: HttpRequest, slug: str, pk: int, qid: int | None = None) -> HttpResponse:
    auditor = _auditor(slug, pk, *MANAGE) if request.method == "POST" or qid is None else _auditor(slug, pk)
    q = get_object_or_404(Qualification.objects, pk=qid, auditor=auditor) if qid else None
    form = QualificationForm(request.POST or None, initial=_initial(q), schemes=_schemes())
    actor = Actor.from_request(request)

    def save(d: dict[str, Any]) -> Qualification:
        codes = _codes(d["iaf_codes"])
        if q is None:
            return auditors.add_qualification(
                auditor,
                d["scheme"],
                codes,
                roles=d["roles"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
                areas=_areas(d.get("areas") or ""),
                actor=actor,
            )
        return auditors.update_qualification(
            q,
            scheme_id=d["scheme"],
            roles=d["roles"],
            codes=codes,
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            areas=_areas(d.get("areas") or ""),
            actor=actor,
        )

    if request.method == "POST" and run(form, save):
        messages.success(request, _("The qualification was saved."))
        return redirect(reverse("certification:auditor", args=[slug, pk]))
    if q is None and request.method == "POST":
        return _detail(request, auditor, qualification_form=form)
    return _qualification_page(request, auditor, q, form)


def _qualification_page(
    request: HttpRequest, auditor: Auditor, q: Qualification | None, form: Any, **more: Any
) -> HttpResponse:
    context = {
        "body": auditor.body,
        "auditor": auditor,
        "q": q,
        "form": form,
        "end_form": more.get("end_form") or EndQualificationForm(initial={"valid_until": clock.today()}),
        "evidence_form": more.get("evidence_form") or EvidenceForm(),
        "can_manage": _can_manage(request, auditor.body),
    }
    return render(request, "certification/qualification.html", context)


@login_required
@require_POST
def qualification_end(request: HttpRequest, slug: str, pk: int, qid: int) -> HttpResponse:
    auditor = _auditor(slug, pk, *MANAGE)
    q = get_object_or_404(Qualification.objects, pk=qid, auditor=auditor)
    form = EndQualificationForm(request.POST)
    if run(
        form, lambda d: auditors.end_qualification(q, d["valid_until"], actor=Actor.from_request(request))
    ):
        messages.success(request, _("The qualification was ended."))
        return redirect(reverse("certification:auditor", args=[slug, pk]))
    edit = QualificationForm(initial=_initial(q), schemes=_schemes())
    return _qualification_page(request, auditor, q, edit, end_form=form)


@login_required
@require_POST
def evidence_add(request: HttpRequest, slug: str, pk: int, qid: int) -> HttpResponse:
    auditor = _auditor(slug, pk, *MANAGE)
    q = get_object_or_404(Qualification.objects, pk=qid, auditor=auditor)
    form = EvidenceForm(request.POST)
    if run(form, lambda d: auditors.add_evidence(q, **d, actor=Actor.from_request(request))):
        messages.success(request, _("The evidence was recorded."))
        return redirect(reverse("certification:qualification", args=[slug, pk, qid]))
    edit = QualificationForm(initial=_initial(q), schemes=_schemes())
    return _qualification_page(request, auditor, q, edit, evidence_form=form)


@login_required
@require_POST
def conflict_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    auditor = _auditor(slug, pk, *MANAGE)
    body = auditor.body
    clients = [(c.pk, str(c)) for c in Client.objects.filter(body=body).select_related("organisation")]
    form = ConflictForm(request.POST, clients=clients)

    def declare(d: dict[str, Any]) -> Any:
        client = get_object_or_404(Client.objects, pk=d["client"], body=body)
        return auditors.declare_conflict(
            auditor, client, d["kind"], d["ended"], actor=Actor.from_request(request)
        )

    if run(form, declare):
        messages.success(request, _("The conflict was recorded."))
        return redirect(reverse("certification:auditor", args=[slug, pk]))
    return _detail(request, auditor, conflict_form=form)
