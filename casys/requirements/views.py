"""Pages of the requirements app: the catalogues (read-only, every signed-in member of a body) and a
body's licensed text of a catalogue (its administrators and scheme managers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casys.accounts.models import Body, Role
from casys.accounts.services.bodies import body_for
from casys.auditlog.services import Actor
from casys.core.schemes import available_schemes, load_scheme
from casys.requirements.models import LicensedText, NormativeDocument, Profile
from casys.requirements.services import catalogues, licensed

LICENSEES = (Role.ADMIN, Role.SCHEME_MANAGER)
SHOWN = 500  # requirements listed at most on one page of results


def _member(request: HttpRequest) -> None:
    """Catalogues are shared reference data, shown to people who work in a body."""
    if not request.scope.body_ids:  # type: ignore[attr-defined]
        raise Http404("no body")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _member(request)
    scope = request.scope  # type: ignore[attr-defined]
    licensee_ids = [b for b in scope.body_ids if scope.has_role(b, *LICENSEES)]
    profiles = list(Profile.objects.prefetch_related("imports__document"))
    titles = {s: load_scheme(s).title for s in available_schemes()}
    for profile in profiles:
        profile.scheme_title = titles.get(profile.scheme, profile.scheme)  # type: ignore[attr-defined]
    context = {
        "documents": NormativeDocument.objects.all(),
        "profiles": profiles,
        "licensees": Body.objects.filter(id__in=licensee_ids).order_by("name"),
    }
    return render(request, "requirements/index.html", context)


@login_required
def catalogue(request: HttpRequest, key: str) -> HttpResponse:
    _member(request)
    document = get_object_or_404(NormativeDocument, key=key)
    query = request.GET.get("q", "").strip()[:200]
    found = catalogues.search(document, query)
    total = found.count()
    requirements = list(found.order_by("position")[:SHOWN])
    texts = licensed.texts_in_scope(requirements)
    for requirement in requirements:
        requirement.licensed = texts.get(requirement.pk, [])  # type: ignore[attr-defined]
    context = {
        "document": document,
        "query": query,
        "requirements": requirements,
        "total": total,
        "truncated": total > SHOWN,
    }
    return render(request, "requirements/catalogue.html", context)


@login_required
def licensed_text(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = body_for(slug, *LICENSEES)
    document = get_object_or_404(NormativeDocument, key=key)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "remove":
        removed = licensed.remove(body, document, actor=Actor.from_request(request))
        messages.success(
            request, ngettext("%(n)d text removed.", "%(n)d texts removed.", removed) % {"n": removed}
        )
        return redirect("requirements:licensed", slug=body.slug, key=document.key)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise licensed.LicensedTextError("file", _("choose a CSV file"))
            loaded = licensed.load(
                body, document, upload.read(), user=request.user, actor=Actor.from_request(request)
            )
        except licensed.LicensedTextError as exc:
            error = str(exc)
        else:
            messages.success(
                request, ngettext("%(n)d text loaded.", "%(n)d texts loaded.", loaded) % {"n": loaded}
            )
            return redirect("requirements:licensed", slug=body.slug, key=document.key)
    context = {
        "body": body,
        "document": document,
        "error": error,
        "count": LicensedText.objects.filter(body=body, requirement__document=document).count(),
    }
    return render(request, "requirements/licensed.html", context, status=400 if error else 200)
