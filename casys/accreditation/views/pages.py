"""Accreditation pages: the body's accreditations (granted, or held), granting one with its scope,
one accreditation with its history, and events on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from casys import clock
from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import STAFF_KINDS, body_for
from casys.accreditation.forms import (
    ACTIVITY_CHOICES,
    SCOPE_COLUMNS,
    CabForm,
    EventForm,
    GrantForm,
    split_list,
)
from casys.accreditation.models import Accreditation, AccreditationDecision, Assessment, SignatoryStatus
from casys.accreditation.models.accreditation import ACTIVITIES_OF, Standard
from casys.accreditation.services import recognition as recognition_services
from casys.accreditation.services.accreditations import (
    AccreditationInputError,
    CabInput,
    GrantInput,
    ScopeInput,
    attach_parts,
    cab_on_casys,
    grant,
    known_cabs,
    record_event,
    register_cab,
    to_record,
)
from casys.auditlog.services import Actor
from casys.core import recognition

MANAGERS = (Role.ADMIN, Role.SCHEME_MANAGER)
DECIDERS = (Role.ADMIN, Role.DECISION_MAKER)
ASSESSMENT_STAFF = (Role.ADMIN, Role.SCHEME_MANAGER, Role.AUDITOR)
STATUS_LABELS = {
    "active": pgettext_lazy("accreditation", "active"),
    "suspended": gettext_lazy("suspended"),
    "withdrawn": gettext_lazy("withdrawn"),
    "expired": gettext_lazy("expired"),
    "not-yet-valid": gettext_lazy("not yet valid"),
}
SCOPE_ROWS = 4


def _is_ab(request: HttpRequest, body: Body, *roles: str) -> bool:
    return body.kind == BodyKind.ACCREDITATION_BODY and request.scope.has_role(body.id, *roles)  # type: ignore[attr-defined]


def _field_error(form: Any, exc: AccreditationInputError) -> None:
    """Show a service's refusal next to the field it names (or above the form)."""
    form.add_error(
        exc.field if exc.field in form.fields else None, exc.reason if exc.field in form.fields else str(exc)
    )


@login_required
def accreditation_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, kinds=STAFF_KINDS, contacts=True)  # a CAB's contacts see its accreditations
    qs = (
        Accreditation.objects.filter(Q(body=body) | Q(cab=body))
        .select_related("body", "cab")
        .order_by("number")
    )
    today = clock.today()
    wanted = request.GET.get("state", "")
    rows = []
    for a in attach_parts(list(qs)):
        st = recognition.accreditation_state(to_record(a), today)
        if not wanted or st.status == wanted:
            rows.append((a, st, STATUS_LABELS.get(st.status, st.status)))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "body": body,
        "page": page,
        "states": page.object_list,
        "state_choices": list(STATUS_LABELS.items()),
        "wanted": wanted,
        "statuses": SignatoryStatus.objects.filter(body=body),
        "today": today,
        "can_import": _is_ab(request, body, Role.ADMIN),
        "can_grant": _is_ab(request, body, *MANAGERS),
        "kept_cabs": (
            Body.objects.filter(managed_by=body).exclude(kind=BodyKind.CLIENT).order_by("name")
            if _is_ab(request, body, *MANAGERS)
            else []
        ),
    }
    return render(request, "accreditation/list.html", context)


def _scope_rows(data: Any, n: int) -> list[dict[str, str]]:
    attrs = ("normative_document", "iaf_codes", "methods", "measurand", "range", "field")
    return [{a: (data.get(f"scope-{i}-{a}") or "").strip() for a in attrs} for i in range(n)]


def _scope_inputs(rows: list[dict[str, str]]) -> tuple[ScopeInput, ...]:
    out = []
    for r in rows:
        if not any(r.values()):
            continue
        out.append(
            ScopeInput(
                normative_document=r["normative_document"],
                iaf_codes=tuple(split_list(r["iaf_codes"])),
                methods=tuple(split_list(r["methods"])),
                measurand=r["measurand"],
                range=r["range"],
                field=r["field"],
            )
        )
    return tuple(out)


def _grant_from(form: GrantForm, body: Body, standard: str, scope: tuple[ScopeInput, ...]) -> GrantInput:
    data = form.cleaned_data
    slug = (data.get("cab_slug") or "").strip()
    if slug:
        cab = cab_on_casys(slug)
    else:
        cab = next((c for c in known_cabs(body) if c.pk == data["cab"]), None)
        if cab is None:
            raise AccreditationInputError(
                "cab: " + _("not a conformity assessment body known to %(body)s") % {"body": body.name}
            )
    return GrantInput(
        cab=cab,
        number=data["number"],
        standard=standard,
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
        scope=scope,
        activity=data.get("activity") or "",
        inspection_type=data.get("inspection_type") or "",
    )


@login_required
def grant_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Grant an accreditation: step 1 the standard, step 2 the CAB, dates and the scope editor."""
    body = body_for(slug, *MANAGERS, kinds=STAFF_KINDS)
    if body.kind != BodyKind.ACCREDITATION_BODY:
        return render(request, "accreditation/not_an_ab.html", {"body": body}, status=403)
    standard = request.POST.get("standard") or request.GET.get("standard", "")
    if standard not in ACTIVITIES_OF:
        return render(
            request, "accreditation/grant_standard.html", {"body": body, "standards": Standard.choices}
        )
    cabs = known_cabs(body)
    n = SCOPE_ROWS
    if request.method == "POST":
        rows_given = request.POST.get("rows", "")
        n = max(1, min(int(rows_given), 200)) if rows_given.isdigit() else SCOPE_ROWS
        if "more" in request.POST:
            n += 3
    rows = _scope_rows(request.POST, n)
    form = GrantForm(request.POST if request.method == "POST" else None, cabs=cabs, standard=standard)
    scope_errors: dict[int, str] = {}
    scope_error = ""
    if request.method == "POST" and "more" in request.POST:
        # more scope lines: the same form again, unbound, with what was typed (nothing refused yet)
        typed = {k: v for k, v in request.POST.dict().items() if k != "confirm"}
        form = GrantForm(initial=typed, cabs=cabs, standard=standard)
    elif request.method == "POST" and form.is_valid():
        scope = _scope_inputs(rows)
        filled = [i for i, r in enumerate(rows) if any(r.values())]
        try:
            g = _grant_from(form, body, standard, scope)
            acc = grant(body, g, actor=Actor.from_request(request))
        except AccreditationInputError as exc:
            if exc.field.startswith("scope["):
                i = int(exc.field[6 : exc.field.index("]")])
                scope_errors[filled[i]] = exc.reason
            elif exc.field == "scope":
                scope_error = exc.reason
            else:
                _field_error(form, exc)
        else:
            messages.success(request, _("Accreditation %(number)s granted.") % {"number": acc.number})
            return redirect("accreditation:detail", slug, acc.number)
    columns = SCOPE_COLUMNS.get(standard, SCOPE_COLUMNS["ISO/IEC 17021-1"])
    context = {
        "body": body,
        "form": form,
        "standard": standard,
        "standard_label": Standard(standard).label,
        "columns": columns,
        "scope_rows": [
            (i, [(attr, label, r[attr]) for attr, label in columns], scope_errors.get(i, ""))
            for i, r in enumerate(rows)
        ],
        "rows": n,
        "scope_error": scope_error,
        "cab_form": CabForm(),
        "has_activity": standard in ACTIVITY_CHOICES,
    }
    return render(request, "accreditation/grant.html", context)


@login_required
def register_cab_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a CAB that applied and does not run on casys (a body record kept by the AB)."""
    body = body_for(slug, *MANAGERS, kinds=STAFF_KINDS)
    form = CabForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cab = register_cab(body, CabInput(**form.cleaned_data), actor=Actor.from_request(request))
        except AccreditationInputError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": cab.name})
            return redirect("accreditation:grant", slug)
    return render(request, "accreditation/cab.html", {"body": body, "form": form})


@login_required
def accreditation_detail(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    body = body_for(slug, kinds=STAFF_KINDS)
    acc = get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)
    return _detail(request, body, acc, EventForm(initial={"on": clock.today()}))


def _detail(
    request: HttpRequest, body: Body, acc: Accreditation, event_form: EventForm, status: int = 200
) -> HttpResponse:
    attach_parts([acc])
    today = clock.today()
    state = recognition.accreditation_state(to_record(acc), today)
    owner = acc.body_id == body.id
    context = {
        "body": body,
        "acc": acc,
        "lines": acc._parts[0],  # type: ignore[attr-defined]
        "events": acc._parts[1],  # type: ignore[attr-defined]
        "current_scope": state.scopes,
        "state": state,
        "state_label": STATUS_LABELS.get(state.status, state.status),
        "today": today,
        "assessments": Assessment.all_objects.filter(accreditation=acc).select_related("team_leader"),
        "decisions": AccreditationDecision.all_objects.filter(accreditation=acc).select_related("assessment"),
        "event_form": event_form,
        "can_decide": owner and _is_ab(request, body, *DECIDERS),
        "can_assess": owner and _is_ab(request, body, *MANAGERS),
    }
    return render(request, "accreditation/detail.html", context, status=status)


@login_required
@require_POST
def accreditation_event(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    body = body_for(slug, *DECIDERS, kinds=STAFF_KINDS)
    acc = get_object_or_404(Accreditation.objects.select_related("body", "cab"), body=body, number=number)
    form = EventForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            record_event(
                acc,
                d["on"],
                d["kind"],
                normative_document=d["normative_document"],
                iaf_codes=split_list(d["iaf_codes"]),
                methods=split_list(d["methods"]),
                reason=d["reason"],
                actor=Actor.from_request(request),
            )
        except AccreditationInputError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("accreditation:detail", slug, number)
    return _detail(request, body, acc, form, status=400)


@login_required
@require_POST
def import_statuses(request: HttpRequest, slug: str) -> HttpResponse:
    """An AB's administrator loads its own signatory statuses (JSON or CSV); all or nothing."""
    body = body_for(slug, Role.ADMIN, kinds=STAFF_KINDS)
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
        messages.success(
            request,
            ngettext("%(n)s signatory status imported.", "%(n)s signatory statuses imported.", n) % {"n": n},
        )
    return redirect("accreditation:list", slug)
