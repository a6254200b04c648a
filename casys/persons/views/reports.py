"""Psychometric reports (per session and per item bank) with their charts, and the Angoff panel of a
form. Items are confidential (ISO/IEC 17024:2012 7.4): only the item bank's roles see these pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casys import clock
from casys.auditlog.services import Actor
from casys.charts.persons import item_scatter, reliability_over_time, score_histogram
from casys.jobs import services as jobs
from casys.jobs.models import Job, JobState
from casys.persons.models import ExamSession, Form, PsychometricReport
from casys.persons.services import PersonsInputError, persons_schemes
from casys.persons.services.angoff import record_ratings
from casys.persons.services.psychometrics import (
    REPORT_JOB,
    angoff_panel,
    bank_report,
    candidates_of,
    record_flags,
    session_report,
    sync_max,
)
from casys.persons.views.common import FORM_BUILDERS, ITEM_BANK, can, persons_body

FLAG_LABELS = ("too_easy", "too_hard", "negative_discrimination", "low_discrimination")


def flag_label(flag: str) -> str:
    labels = {
        "too_easy": _("too easy"),
        "too_hard": _("too hard"),
        "negative_discrimination": _("negative discrimination"),
        "low_discrimination": _("low discrimination"),
    }
    return labels.get(flag, flag)


def _charts(report: dict[str, Any]) -> dict[str, str]:
    scatter = item_scatter(
        [(it["id"], it["p"], it["rpb_corrected"], bool(it["flags"])) for it in report["items"]],
        title=_("Item difficulty × discrimination"),
        x_label=_("difficulty p (share correct)"),
        y_label=_("corrected point-biserial"),
        flagged_label=_("flagged item"),
    )
    out = {"scatter": scatter}
    if report["scope"] == "session":
        out["histogram"] = score_histogram(
            report["distribution"],
            report["cut"],
            title=_("Score distribution"),
            x_label=_("score on the objective items"),
            y_label=_("candidates"),
            cut_label=_("cut"),
        )
    else:
        out["reliability"] = reliability_over_time(
            [(s["held_on"], s["alpha"]) for s in report["sessions"]],
            title=_("Reliability (alpha = KR-20) over the sessions"),
            y_label=_("alpha"),
        )
    return out


def _job_for(body: Any, session: ExamSession) -> Job | None:
    return (
        Job.objects.filter(body=body, kind=REPORT_JOB, params__session=session.pk)
        .defer("input_data")
        .order_by("-id")
        .first()
    )


@login_required
def session_psychometrics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    found = get_object_or_404(ExamSession.objects.filter(body=body).select_related("form"), pk=pk)
    large = candidates_of(found) > sync_max()
    job = _job_for(body, found) if large else None
    actor = Actor.from_request(request)
    if request.method == "POST" and request.POST.get("action") == "compute" and large:
        if job is None or job.state in (JobState.DONE, JobState.FAILED):
            job = jobs.enqueue(
                body,
                REPORT_JOB,
                params={"session": found.pk},
                input_name=f"{found.form.code} {found.held_on}",
                created_by=request.user,
                actor=actor,
            )
        return redirect("persons:session-psychometrics", slug=body.slug, pk=found.pk)
    report, error, stored = None, "", None
    try:
        if not large:
            report = session_report(found)
        else:
            stored = PsychometricReport.objects.filter(session=found).first()
            report = stored.report if stored else None
    except PersonsInputError as exc:
        error = str(exc)
    if request.method == "POST" and request.POST.get("action") == "flags" and report:
        n = record_flags(body, report, actor=actor, on=clock.today())
        messages.success(
            request,
            ngettext(
                "%(n)d flagged item was sent to the review queue.",
                "%(n)d flagged items were sent to the review queue.",
                n,
            )
            % {"n": n},
        )
        return redirect("persons:session-psychometrics", slug=body.slug, pk=found.pk)
    context = {
        "body": body,
        "exam_session": found,
        "report": report,
        "charts": _charts(report) if report else {},
        "error": error,
        "large": large,
        "job": job,
        "stored": stored,
        "sync_max": sync_max(),
        "flag_names": {f: flag_label(f) for f in FLAG_LABELS},
    }
    return render(request, "persons/psychometrics.html", context)


@login_required
def bank_psychometrics(request: HttpRequest, slug: str) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    schemes = [s for s in persons_schemes() if s.persons]
    chosen = request.GET.get("scheme") or request.POST.get("scheme") or schemes[0].id
    if chosen not in [s.id for s in schemes]:
        chosen = schemes[0].id
    report = bank_report(body, chosen)
    if request.method == "POST" and request.POST.get("action") == "flags":
        n = record_flags(body, report, actor=Actor.from_request(request), on=clock.today())
        messages.success(
            request,
            ngettext(
                "%(n)d flagged item was sent to the review queue.",
                "%(n)d flagged items were sent to the review queue.",
                n,
            )
            % {"n": n},
        )
        return redirect(f"{request.path}?scheme={chosen}")
    context = {
        "body": body,
        "schemes": schemes,
        "scheme": chosen,
        "report": report,
        "charts": _charts(report) if report["items"] else {},
        "flag_names": {f: flag_label(f) for f in FLAG_LABELS},
    }
    return render(request, "persons/bank_psychometrics.html", context)


@login_required
def angoff(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = persons_body(slug, *ITEM_BANK)
    found = get_object_or_404(Form.objects.filter(body=body), pk=pk)
    builder = can(request, body, FORM_BUILDERS)
    error = ""
    if request.method == "POST":
        persons_body(slug, *FORM_BUILDERS)
        upload = request.FILES.get("ratings")
        try:
            if upload is None:
                raise PersonsInputError("ratings", "choose the CSV file of the ratings")
            n = record_ratings(
                found, actor=Actor.from_request(request), text=upload.read().decode("utf-8-sig"),
                on=clock.today(),
            )  # fmt: skip
        except UnicodeDecodeError:
            error = _("ratings: the file is not UTF-8 text")
        except PersonsInputError as exc:
            error = str(exc)
        else:
            messages.success(
                request, ngettext("%(n)d rating was recorded.", "%(n)d ratings were recorded.", n) % {"n": n}
            )
            return redirect("persons:angoff", slug=body.slug, pk=found.pk)
    context = {"body": body, "exam_form": found, "rounds": angoff_panel(found.pk), "builder": builder,
               "error": error}  # fmt: skip
    return render(request, "persons/angoff.html", context, status=400 if error else 200)
