"""The document template page (administrators of the body) and its PDF preview."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from casys import clock
from casys.accounts.models import Body, Role
from casys.accounts.services.bodies import body_for
from casys.auditlog.services import Actor
from casys.documents import services
from casys.documents.pdf import qr_svg, render_pdf

EDIT = (Role.ADMIN,)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    ids = [b for b in scope.body_ids if scope.has_role(b, *EDIT)]
    bodies = Body.objects.filter(id__in=ids).order_by("name")
    return render(request, "documents/index.html", {"bodies": bodies})


def _form_values(request: HttpRequest) -> dict[str, str]:
    return {f: request.POST.get(f, "") for f in (*services.TEXTS, "primary_colour", "accent_colour")}


@login_required
def template_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, *EDIT)
    template = services.template_of(body)
    errors: dict[str, str] = {}
    values = {f: getattr(template, f) for f in (*services.TEXTS, "primary_colour", "accent_colour")}
    if request.method == "POST":
        values = _form_values(request)
        try:
            services.save_template(
                body,
                texts={f: values[f] for f in services.TEXTS},
                colours={f: values[f] for f in ("primary_colour", "accent_colour")},
                images={f: request.FILES[f].read() for f in services.IMAGES if f in request.FILES},
                remove={f for f in services.IMAGES if request.POST.get(f"remove_{f}")},
                actor=Actor.from_request(request),
            )
        except services.DocumentError as exc:
            errors[exc.field] = exc.message
        else:
            messages.success(request, _("The document template was saved."))
            return redirect("documents:template", slug=body.slug)
    context = {
        "body": body,
        "values": values,
        "errors": errors,
        "issuer": services.issuer(body),
        "max_kb": services.MAX_IMAGE_BYTES // 1000,
    }
    return render(request, "documents/template.html", context, status=400 if errors else 200)


def preview_context(body: Body, on: date, language: str) -> dict[str, object]:
    """A sample certificate with the body's template: invented holder, the body's real look."""
    issuer = services.issuer(body)
    with translation.override(language):
        return {
            "issuer": issuer,
            "signatory": services.signatory(issuer, language),
            "number": f"{body.slug.upper()}-SAMPLE-0001",
            "issued_on": on,
            "expires_on": on + timedelta(days=3 * 365 - 1),
            "qr": qr_svg(f"https://example.org/verify/{body.slug}/SAMPLE"),
            "language": language,
            "issuer_country": services.country_name(body.country, language),
        }


@login_required
def template_preview(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, *EDIT)
    language = request.GET.get("lang", "en")
    language = language if language in ("en", "fr", "ru") else "en"
    with translation.override(language):
        pdf = render_pdf("documents/preview_pdf.html", preview_context(body, clock.today(), language))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{body.slug}-template-preview.pdf"'
    return response
