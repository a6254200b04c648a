"""Engagement steps done on pages: import the statement, independent review, opinion, issue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys import clock
from casys.accounts.models import Membership, Role, User
from casys.auditlog.services import Actor
from casys.core.ghg.inventory import Inventory
from casys.verification.forms import (
    CorrectionForm,
    EngagementForm,
    ImportForm,
    MisstatementForm,
    NonConformityForm,
    OpinionForm,
    ReviewForm,
    add_service_error,
)
from casys.verification.models import Engagement
from casys.verification.services import VerificationInputError
from casys.verification.services.clients import client_of, clients_of
from casys.verification.services.engagements import (
    assign_reviewer,
    assign_team,
    complete_review,
    decide_opinion,
    import_statement,
    open_engagement,
    record_misstatement,
    record_nonconformity,
    statement_text,
)
from casys.verification.services.statements import issue_statement, open_correction
from casys.verification.views.engagements import vv_body


def _engagement(request: HttpRequest, slug: str, pk: int) -> tuple[object, Engagement]:
    body = vv_body(slug)
    return body, get_object_or_404(Engagement.objects.filter(body=body), pk=pk)


def _step_page(
    request: HttpRequest,
    slug: str,
    pk: int,
    form_class: type[forms.Form],
    step: str,
    run: Callable[[Engagement, Actor, dict[str, Any]], object],
    refused: Callable[[forms.Form, VerificationInputError], None],
    done: str,
) -> HttpResponse:
    """One engagement step on its form page: the service call with the form's values; a refusal is
    shown on the form (nothing saved), a success goes back to the engagement."""
    body, e = _engagement(request, slug, pk)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(e, Actor.from_request(request), form.cleaned_data)
        except VerificationInputError as exc:
            refused(form, exc)
        else:
            messages.success(request, done)
            return redirect("verification:engagement-detail", slug=slug, pk=pk)
    return render(request, "verification/step_form.html", {"body": body, "e": e, "form": form, "step": step})


def _on_field(name: str) -> Callable[[forms.Form, VerificationInputError], None]:
    return lambda form, exc: add_service_error(form, exc, name)


def _on_status(form: forms.Form, exc: VerificationInputError) -> None:
    form.add_error("description" if exc.field == "status" else None, str(exc))


def import_from_form(
    e: Engagement, actor: Actor, data: dict[str, Any], *, by_client: bool = False
) -> Inventory:
    """Import the statement of an import or upload form: its file (CSV or XLSX) or its pasted text."""
    upload = data.get("file")
    if upload:
        text, sheet = statement_text(upload.read(), upload.name)
        return import_statement(e, actor=actor, text=text, sheet=sheet, field="file", by_client=by_client)
    return import_statement(e, actor=actor, text=data["statement"])


def _on_import(form: forms.Form, exc: VerificationInputError) -> None:
    add_service_error(form, exc, "file" if exc.field == "file" else "statement")


@login_required
def statement_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step_page(
        request,
        slug,
        pk,
        ImportForm,
        "import",
        import_from_form,
        _on_import,
        _("The GHG statement was imported and recomputed."),
    )


@login_required
def opinion_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step_page(
        request,
        slug,
        pk,
        OpinionForm,
        "opinion",
        lambda e, actor, data: decide_opinion(e, actor=actor, opinion=data["opinion"]),
        _on_field("opinion"),
        _("The opinion was decided."),
    )


@login_required
def review_complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The independent review: only the assigned reviewer (not on the team) completes it."""
    return _step_page(
        request,
        slug,
        pk,
        ReviewForm,
        "review",
        lambda e, actor, data: complete_review(e, actor=actor, on=clock.today(), comment=data["comment"]),
        _on_field("comment"),
        _("The independent review was completed."),
    )


@login_required
def statement_issue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Issue the statement of a decided engagement (POST only; the button is on the engagement page)."""
    _body, e = _engagement(request, slug, pk)
    if request.method != "POST":
        return redirect("verification:engagement-detail", slug=slug, pk=pk)
    try:
        issue_statement(e, actor=Actor.from_request(request), on=clock.today())
    except VerificationInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The statement was issued and signed."))
    return redirect("verification:engagement-detail", slug=slug, pk=pk)


FIELDS_OF_ERRORS = {
    "team": "team",
    "reviewer": "reviewer",
    "period_end": "period_end",
    "programme": "programme",
    "client": "client",
}


def _people(body: object) -> list[tuple[str, str]]:
    ids = Membership.objects.filter(body=body, role=Role.VERIFIER, is_active=True).values_list(
        "user_id", flat=True
    )
    return [
        (str(u.pk), u.full_name or u.email)
        for u in User.objects.filter(pk__in=list(ids)).order_by("full_name")
    ]


@login_required
def engagement_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Open an engagement with its team and independent reviewer (all or nothing)."""
    body = vv_body(slug)
    clients = [(str(c.pk), c.name) for c in clients_of(body)]
    form = EngagementForm(request.POST or None, people=_people(body), clients=clients)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = list(User.objects.filter(pk__in=[int(x) for x in data.pop("team")]))
        reviewer = User.objects.get(pk=int(data.pop("reviewer")))
        actor = Actor.from_request(request)
        try:
            with transaction.atomic():
                data["client"] = client_of(body, data.pop("client"))
                e = open_engagement(body, actor=actor, **data)  # type: ignore[arg-type]
                assign_team(e, actor=actor, members=team)
                assign_reviewer(e, actor=actor, reviewer=reviewer)
        except VerificationInputError as exc:
            form.add_error(FIELDS_OF_ERRORS.get(exc.field), exc.message)
        else:
            messages.success(request, _("The engagement was opened."))
            return redirect("verification:engagement-detail", slug=slug, pk=e.pk)
    return render(request, "verification/engagement_form.html", {"body": body, "form": form})


@login_required
def misstatement_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step_page(
        request,
        slug,
        pk,
        MisstatementForm,
        "misstatement",
        lambda e, actor, data: record_misstatement(e, actor=actor, **data),
        _on_status,
        _("The misstatement was recorded."),
    )


@login_required
def nonconformity_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step_page(
        request,
        slug,
        pk,
        NonConformityForm,
        "nonconformity",
        lambda e, actor, data: record_nonconformity(e, actor=actor, **data),
        _on_status,
        _("The non-conformity was recorded."),
    )


@login_required
def statement_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Open the correction of an issued statement: a new engagement whose statement supersedes it."""
    body, e = _engagement(request, slug, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = open_correction(e, actor=Actor.from_request(request), reason=form.cleaned_data["reason"])
        except VerificationInputError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(
                request,
                _("The correction of %(number)s was opened: its statement supersedes it when issued.")
                % {"number": e.number},
            )
            return redirect("verification:engagement-detail", slug=slug, pk=new.pk)
    return render(
        request, "verification/step_form.html", {"body": body, "e": e, "form": form, "step": "correction"}
    )
