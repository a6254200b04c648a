"""Staff pages of a certification body for persons: overview, item bank, forms, sessions, marking,
applications, decisions and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import Body, Membership, User
from casys.attestations.models import Attestation, Kind
from casys.auditlog.services import Actor
from casys.persons.forms import AssembleForm, ItemForm, RelationForm, SessionForm
from casys.persons.models import (
    Appeal,
    AppealKind,
    Application,
    Booking,
    Candidate,
    ExamSession,
    Form,
    FormItem,
    Item,
    Outcome,
    PersonCertificate,
    Response,
    Sitting,
)
from casys.persons.services import PersonsInputError, persons_schemes
from casys.persons.services import certificates as certs
from casys.persons.services.candidates import check_eligibility, declare_relation
from casys.persons.services.forms import assemble_form
from casys.persons.services.items import create_item, import_items, parse_rubric, review_item
from casys.persons.services.records import close_appeal, record_appeal
from casys.persons.services.sessions import (
    add_sitting,
    create_session,
    import_responses,
    mark,
    record_identity,
)
from casys.persons.views.common import (
    APPEAL_ROLES,
    APPLICATION_ROLES,
    DECIDERS,
    FORM_BUILDERS,
    ITEM_BANK,
    MARKERS,
    SESSION_ROLES,
    STAFF,
    add_error,
    can,
    persons_body,
)


def _staff(body_id: int, *roles: str) -> list[User]:
    ids = Membership.objects.filter(body_id=body_id, is_active=True, role__in=roles).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(id__in=list(ids)).order_by("full_name"))


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *STAFF)
    context = {
        "body": body,
        "schemes": persons_schemes(),
        "item_bank": can(request, body, ITEM_BANK),
        "sessions": can(request, body, SESSION_ROLES),
        "applications": can(request, body, APPLICATION_ROLES),
        "decisions": can(request, body, DECIDERS),
    }
    return render(request, "persons/overview.html", context)


@login_required
def items(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    element = request.GET.get("element", "")
    flagged = request.GET.get("flagged") == "1"
    rows = Item.objects.filter(body=body)
    if element:
        rows = rows.filter(element=element)
    if flagged:  # the item-review queue: items a psychometric report flagged, still in use
        rows = rows.exclude(flags=[]).exclude(state="retired")
    form = ItemForm(request.POST if "code" in request.POST else None)
    error = ""
    if request.method == "POST" and "code" not in request.POST:
        try:
            done = _bulk(request, body)
        except (PersonsInputError, UnicodeDecodeError) as exc:
            error = str(exc)
        else:
            messages.success(
                request, ngettext("%(n)d item was saved.", "%(n)d items were saved.", done) % {"n": done}
            )
            return redirect("persons:items", slug=body.slug)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = create_item(
                body,
                actor=Actor.from_request(request),
                scheme_id=d["scheme_id"],
                code=d["code"],
                element=d["element"],
                kind=d["kind"],
                stem=d["stem"],
                options=d["options"].splitlines(),
                key=d["key"],
                tolerance=d["tolerance"],
                rubric=parse_rubric(d["rubric"]) if d["rubric"].strip() else [],
            )
        except PersonsInputError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("The item was added to the bank as a draft."))
            return redirect("persons:item", slug=body.slug, pk=item.pk)
    elements = [(e.id, e.title) for s in persons_schemes() if s.persons for e in s.persons.elements]
    context = {
        "body": body,
        "items": rows[:500],
        "form": form,
        "elements": elements,
        "element": element,
        "flagged": flagged,
        "error": error,
    }
    return render(request, "persons/items.html", context, status=400 if form.errors or error else 200)


def _bulk(request: HttpRequest, body: Body) -> int:
    """Import a CSV file of items, or approve the drafts ticked (never one's own: author ≠ reviewer)."""
    actor = Actor.from_request(request)
    if "items_file" in request.FILES:
        return len(
            import_items(body, actor=actor, text=request.FILES["items_file"].read().decode("utf-8-sig"))
        )
    chosen = Item.objects.filter(body=body, pk__in=request.POST.getlist("approve"))
    with transaction.atomic():
        for found in chosen:
            review_item(found, actor=actor, approve=True)
    return len(chosen)


@login_required
def item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    found = get_object_or_404(Item.objects.filter(body=body), pk=pk)
    if request.method == "POST":
        try:
            review_item(found, actor=Actor.from_request(request), approve=request.POST.get("approve") == "1")
        except PersonsInputError as exc:
            messages.error(request, str(exc))
        return redirect("persons:item", slug=body.slug, pk=found.pk)
    can_review = found.state == "draft" and found.author_id != request.user.pk
    return render(request, "persons/item.html", {"body": body, "item": found, "can_review": can_review})


@login_required
def forms(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    form = AssembleForm(request.POST or None, initial={"seed": clock.now().microsecond})
    builder = can(request, body, FORM_BUILDERS)
    if request.method == "POST":
        persons_body(slug, *FORM_BUILDERS)
        if form.is_valid():
            try:
                made = assemble_form(
                    body, actor=Actor.from_request(request), on=clock.today(), **form.cleaned_data
                )
            except PersonsInputError as exc:
                add_error(form, exc)
            else:
                messages.success(request, _("The form was assembled."))
                return redirect("persons:form", slug=body.slug, pk=made.pk)
    context = {"body": body, "forms": Form.objects.filter(body=body), "form": form, "builder": builder}
    return render(request, "persons/forms.html", context, status=400 if form.errors else 200)


@login_required
def form_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    found = get_object_or_404(Form.objects.filter(body=body), pk=pk)
    rows = FormItem.objects.filter(form=found).select_related("item")
    return render(request, "persons/form.html", {"body": body, "exam_form": found, "rows": rows})


@login_required
def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *SESSION_ROLES)
    form = SessionForm(request.POST or None)
    form.fields["form"].queryset = Form.objects.filter(body=body)
    people = _staff(body.id, *SESSION_ROLES)
    form.fields["invigilator"].queryset = User.objects.filter(id__in=[u.id for u in people])
    markers = User.objects.filter(id__in=[u.id for u in _staff(body.id, *MARKERS)])
    form.fields["examiner"].queryset = markers
    form.fields["second_examiner"].queryset = markers
    if request.method == "POST" and form.is_valid():
        try:
            made = create_session(body, actor=Actor.from_request(request), **form.cleaned_data)
        except PersonsInputError as exc:
            add_error(form, exc)
        else:
            return redirect("persons:session", slug=body.slug, pk=made.pk)
    rows = ExamSession.objects.filter(body=body).select_related("form")
    return render(
        request,
        "persons/sessions.html",
        {"body": body, "sessions": rows, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def session(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = persons_body(slug, *SESSION_ROLES)
    found = get_object_or_404(ExamSession.objects.filter(body=body).select_related("form"), pk=pk)
    error = ""
    if request.method == "POST":
        actor = Actor.from_request(request)
        try:
            if "application" in request.POST:
                app = get_object_or_404(Application.objects.filter(body=body), pk=request.POST["application"])
                add_sitting(
                    found, actor=actor, application=app, adjustments=request.POST.get("adjustments", "")
                )
            elif "identity_document" in request.POST:
                sitting = get_object_or_404(
                    Sitting.objects.filter(session=found), pk=request.POST.get("sitting")
                )
                record_identity(sitting, actor=actor, document=request.POST["identity_document"])
            elif "responses" in request.FILES:
                text = request.FILES["responses"].read().decode("utf-8-sig")
                n = import_responses(found, actor=actor, text=text)
                messages.success(
                    request,
                    ngettext("%(n)d response was imported.", "%(n)d responses were imported.", n) % {"n": n},
                )
            return redirect("persons:session", slug=body.slug, pk=found.pk)
        except (PersonsInputError, UnicodeDecodeError) as exc:
            error = str(exc)
    sittings = Sitting.objects.filter(session=found).select_related("application__candidate")
    seated = set(sittings.values_list("application_id", flat=True))
    eligible = Application.objects.filter(
        body=body, status="eligible", scheme_id=found.form.scheme_id
    ).exclude(id__in=list(seated))
    context = {
        "body": body,
        "exam_session": found,
        "sittings": sittings,
        "eligible": eligible.select_related("candidate"),
        "error": error,
        "marker": can(request, body, MARKERS) and request.user.pk in _markers(found),
        "item_bank": can(request, body, ITEM_BANK),
        "bookings": Booking.objects.filter(session=found, cancelled_on__isnull=True).select_related(
            "application__candidate"
        ),
    }
    return render(request, "persons/session.html", context, status=400 if error else 200)


def _markers(session: ExamSession) -> set[int]:
    return {u for u in (session.examiner_id, session.second_examiner_id) if u}


def _to_mark(session: ExamSession, user_id: int) -> list[Response]:
    """The responses ``user_id`` still has to mark in ``session``: the session's examiner the rubric
    items not marked yet, its second marker those of a borderline result (once the first marking of the
    sitting is complete) marked by someone else.
    Nothing else: the items an examiner sees are those, and only while they are to be marked."""
    first, second = session.examiner_id == user_id, session.second_examiner_id == user_id
    rows = (
        Response.objects.filter(sitting__session=session, form_item__item__kind__in=["essay", "practical"])
        .select_related("form_item__item", "sitting__application__candidate")
        .order_by("sitting_id", "form_item__position")
    )
    todo = []
    for r in rows:
        if r.points is None:
            if first:
                todo.append(r)
        elif second and r.second_points is None and r.marked_by_id != user_id and _second(r.sitting):
            todo.append(r)
    return todo


@login_required
def marking(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Marking on the rubric: only the session's examiner and second marker (17024 7.4, 9.3)."""
    body = persons_body(slug, *MARKERS)
    found = get_object_or_404(ExamSession.objects.filter(body=body), pk=pk)
    if request.user.pk not in _markers(found):
        raise PermissionDenied
    error = ""
    todo = _to_mark(found, request.user.pk)
    if request.method == "POST":
        chosen = [r for r in todo if str(r.pk) == request.POST.get("response", "")]
        if not chosen:
            raise Http404
        r = chosen[0]
        try:
            points = [int(x) for x in request.POST.getlist("points")]
            mark(r, actor=Actor.from_request(request), points=points, second=r.points is not None)
        except ValueError as exc:
            error = str(exc)
        else:
            return redirect("persons:marking", slug=body.slug, pk=found.pk)
    context = {"body": body, "exam_session": found, "rows": todo, "error": error}
    return render(request, "persons/marking.html", context, status=400 if error else 200)


def _second(sitting: Sitting) -> bool:
    """The sitting's first marking is complete and its result borderline: it is second-marked."""
    parts = sitting.results.get("parts", {}).values()
    return bool(sitting.results.get("complete")) and any(v.get("borderline") for v in parts)


@login_required
def applications(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *APPLICATION_ROLES)
    form = RelationForm(request.POST or None)
    form.fields["person"].queryset = User.objects.filter(id__in=[u.id for u in _staff(body.id, *STAFF)])
    form.fields["candidate"].queryset = Candidate.objects.filter(body=body)
    if request.method == "POST":
        actor = Actor.from_request(request)
        if "check" in request.POST:
            app = get_object_or_404(Application.objects.filter(body=body), pk=request.POST["check"])
            check_eligibility(app, actor=actor)
            return redirect("persons:applications", slug=body.slug)
        if form.is_valid():
            declare_relation(body, actor=actor, on=clock.today(), **form.cleaned_data)
            messages.success(request, _("The relation was declared."))
            return redirect("persons:applications", slug=body.slug)
    rows = Application.objects.filter(body=body).select_related("candidate")
    return render(request, "persons/applications.html", {"body": body, "applications": rows, "form": form})


@login_required
def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *DECIDERS)
    error = ""
    if request.method == "POST":
        sitting = get_object_or_404(Sitting.objects.filter(body=body), pk=request.POST.get("sitting"))
        try:
            certs.decide(
                sitting,
                actor=Actor.from_request(request),
                granted=request.POST.get("granted") == "1",
                on=clock.today(),
                reason=request.POST.get("reason", ""),
            )
        except PersonsInputError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("persons:decisions", slug=body.slug)
    rows = (
        Sitting.objects.filter(body=body, decision__isnull=True)
        .exclude(outcome=Outcome.PENDING)
        .select_related("application__candidate", "session")
    )
    context = {"body": body, "sittings": rows, "error": error}
    return render(request, "persons/decisions.html", context, status=400 if error else 200)


@login_required
def certificates(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *STAFF)
    rows = PersonCertificate.objects.filter(body=body).select_related("candidate")
    status = dict(
        Attestation.objects.filter(issuer=body, kind=Kind.PERSON_CERTIFICATE).values_list("number", "status")
    )
    listed = [(c, status.get(c.number, "")) for c in rows]
    return render(
        request,
        "persons/certificates.html",
        {"body": body, "rows": listed, "can_change": can(request, body, DECIDERS), "events": certs.EVENTS},
    )


@login_required
@require_POST
def certificate_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = persons_body(slug, *DECIDERS)
    cert = get_object_or_404(PersonCertificate.objects.filter(body=body), pk=pk)
    try:
        certs.change_status(
            cert,
            actor=Actor.from_request(request),
            event=request.POST.get("event", ""),
            on=clock.today(),
            reason=request.POST.get("reason", ""),
        )
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("persons:certificates", slug=body.slug)


@login_required
def certificate_pdf(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    body = persons_body(slug, *STAFF)
    cert = get_object_or_404(PersonCertificate.objects.filter(body=body).select_related("candidate"), pk=pk)
    return _pdf(cert, language, request.GET.get("card") == "1")


def _pdf(cert: PersonCertificate, language: str, wallet: bool) -> HttpResponse:
    try:
        data = certs.pdf(cert, language=language, wallet=wallet)
    except PersonsInputError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.number}-{language}.pdf"'
    return response


@login_required
def appeals(request: HttpRequest, slug: str) -> HttpResponse:
    """Appeals and complaints with their outcome (ISO/IEC 17024:2012 9.8, 9.9)."""
    body = persons_body(slug, *APPEAL_ROLES)
    error = ""
    if request.method == "POST":
        actor = Actor.from_request(request)
        try:
            if "close" in request.POST:
                found = get_object_or_404(Appeal.objects.filter(body=body), pk=request.POST["close"])
                close_appeal(found, actor=actor, outcome=request.POST.get("outcome", ""), on=clock.today())
            else:
                who = request.POST.get("candidate") or None
                candidate = get_object_or_404(Candidate.objects.filter(body=body), pk=who) if who else None
                record_appeal(
                    body,
                    actor=actor,
                    kind=request.POST.get("kind", ""),
                    subject=request.POST.get("subject", ""),
                    on=clock.today(),
                    candidate=candidate,
                )
        except PersonsInputError as exc:
            error = str(exc)
        else:
            return redirect("persons:appeals", slug=body.slug)
    context = {
        "body": body,
        "appeals": Appeal.objects.filter(body=body).select_related("candidate"),
        "candidates": Candidate.objects.filter(body=body),
        "kinds": AppealKind.choices,
        "error": error,
        "posted": request.POST,
    }
    return render(request, "persons/appeals.html", context, status=400 if error else 200)
