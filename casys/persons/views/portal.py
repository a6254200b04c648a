"""The candidate portal (apply, evidence, results, certificates, consent, CPD) and the public register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from casys import clock
from casys.accounts.models import Body, BodyKind
from casys.attestations.models import Attestation, Kind, Status
from casys.auditlog.services import Actor
from casys.documents.pdf import qr_svg
from casys.persons.forms import ApplyForm, CpdForm, EvidenceForm
from casys.persons.models import Application, CpdEntry, Evidence, ExamSession, PersonCertificate, Sitting
from casys.persons.services import PersonsInputError, bookings, scheme
from casys.persons.services import certificates as certs
from casys.persons.services.candidates import apply, candidate_of, set_consent, upload_evidence
from casys.persons.services.records import log_cpd
from casys.persons.views.common import CANDIDATES, add_error, persons_body
from casys.persons.views.staff import _pdf


@login_required
def portal(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *CANDIDATES)
    me = candidate_of(body, request.user)
    actor = Actor.from_request(request)
    apply_form = ApplyForm(request.POST if "scope" in request.POST else None)
    evidence_form = EvidenceForm(
        request.POST if "requirement" in request.POST else None,
        request.FILES if "requirement" in request.POST else None,
    )
    cpd_form = CpdForm(request.POST if "activity" in request.POST else None)
    booking_error = ""
    if request.method == "POST":
        try:
            if "consent" in request.POST:
                set_consent(me, actor=actor, publish=request.POST["consent"] == "1")
                certs.republish(list(PersonCertificate.objects.filter(candidate=me)), actor=actor)
                return redirect("persons:portal", slug=body.slug)
            if apply_form.is_bound and apply_form.is_valid():
                sid, _sep, scope = apply_form.cleaned_data["scope"].partition("|")
                apply(me, actor=actor, scheme_id=sid, scope=scope, on=clock.today())
                messages.success(request, _("Your application was submitted."))
                return redirect("persons:portal", slug=body.slug)
            if evidence_form.is_bound and evidence_form.is_valid():
                app = get_object_or_404(
                    Application.objects.filter(candidate=me), pk=request.POST.get("application")
                )
                f = evidence_form.cleaned_data["file"]
                upload_evidence(
                    app,
                    actor=actor,
                    requirement=evidence_form.cleaned_data["requirement"],
                    value=evidence_form.cleaned_data["value"],
                    filename=f.name,
                    content=f.read(),
                    on=clock.today(),
                )
                messages.success(request, _("The evidence was uploaded."))
                return redirect("persons:portal", slug=body.slug)
            if "book" in request.POST:
                app = get_object_or_404(
                    Application.objects.filter(candidate=me), pk=request.POST.get("application")
                )
                target = get_object_or_404(ExamSession.objects.filter(body=body), pk=request.POST["book"])
                bookings.book(app, target, actor=actor, on=clock.today())
                messages.success(request, _("Your seat is booked."))
                return redirect("persons:portal", slug=body.slug)
            if "cancel_booking" in request.POST:
                mine = get_object_or_404(bookings.bookings_of(me), pk=request.POST["cancel_booking"])
                bookings.cancel(mine, actor=actor, on=clock.today())
                messages.success(request, _("Your booking was cancelled."))
                return redirect("persons:portal", slug=body.slug)
            if cpd_form.is_bound and cpd_form.is_valid():
                log_cpd(me, actor=actor, **cpd_form.cleaned_data)
                return redirect("persons:portal", slug=body.slug)
        except PersonsInputError as exc:
            if "book" in request.POST or "cancel_booking" in request.POST:
                booking_error = str(exc)
            for form in (apply_form, evidence_form, cpd_form):
                if form.is_bound:
                    add_error(form, exc)
    apps = [
        (a, scheme(a.scheme_id).title, Evidence.objects.filter(application=a))
        for a in Application.objects.filter(candidate=me)
    ]
    status = dict(
        Attestation.objects.filter(issuer=body, kind=Kind.PERSON_CERTIFICATE).values_list("number", "status")
    )
    context = {
        "body": body,
        "me": me,
        "applications": apps,
        "results": Sitting.objects.filter(application__candidate=me).select_related("session", "application"),
        "certificates": [
            (c, status.get(c.number, ""), certs.verify_url(c), qr_svg(certs.verify_url(c), scale=2))
            for c in PersonCertificate.objects.filter(candidate=me)
        ],
        "cpd": CpdEntry.objects.filter(candidate=me),
        "open_sessions": bookings.open_sessions(me, clock.today()),
        "bookings": [(b, bookings.closes_on(b.session)) for b in bookings.bookings_of(me)],
        "booking_error": booking_error,
        "my_applications": Application.objects.filter(candidate=me),
        "apply_form": apply_form,
        "evidence_form": evidence_form,
        "cpd_form": cpd_form,
    }
    bad = any(f.errors for f in (apply_form, evidence_form, cpd_form)) or bool(booking_error)
    return render(request, "persons/portal.html", context, status=400 if bad else 200)


@login_required
def portal_pdf(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    body = persons_body(slug, *CANDIDATES)
    me = candidate_of(body, request.user)
    cert = get_object_or_404(PersonCertificate.objects.filter(candidate=me), pk=pk)
    return _pdf(cert, language, request.GET.get("card") == "1")


def verify(request: HttpRequest, issuer: str, number: str) -> HttpResponse:
    """A person certificate's verification page (its QR code): is it valid today, for what scope.
    The holder's name is shown only with their consent (ISO/IEC 17024:2012 7.2)."""
    row = Attestation.all_objects.filter(
        issuer_slug=issuer, number=number, kind=Kind.PERSON_CERTIFICATE
    ).first()
    if row is None:
        raise Http404("no such certificate")
    today = clock.today()
    valid = row.status == Status.ACTIVE and (row.expiry_date is None or row.expiry_date >= today)
    return render(request, "persons/verify.html", {"row": row, "valid": valid, "today": today})


def register(request: HttpRequest) -> HttpResponse:
    """The public register: "is this person certified for this scope today?" — yes or no, for the
    persons who consented to publication, and nothing else."""
    name = request.GET.get("name", "").strip()
    scope = request.GET.get("scope", "").strip()
    answer = None
    if name and scope:
        today = clock.today()
        answer = Attestation.all_objects.filter(
            kind=Kind.PERSON_CERTIFICATE,
            public=True,
            status=Status.ACTIVE,
            holder_name__iexact=name,
            scope__iexact=scope,
            expiry_date__gte=today,
        ).exists()
    bodies = Body.all_objects.filter(kind=BodyKind.PERSONS_CERTIFICATION_BODY).order_by("name")
    return render(
        request, "persons/register.html", {"name": name, "scope": scope, "answer": answer, "bodies": bodies}
    )
