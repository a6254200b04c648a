"""Pages of the jobs app (mounted at /jobs/): a body's jobs, one job with its progress, its JSON."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from casys.accounts.services.bodies import bodies_of, body_for
from casys.jobs import kinds, output, progress
from casys.jobs.access import STAFF_ROLES
from casys.jobs.models import Job, JobState


@login_required
def index(request: HttpRequest) -> HttpResponse:
    mine = [m for m in bodies_of(request.user) if set(m.roles) & set(STAFF_ROLES)]
    return render(request, "jobs/index.html", {"bodies": [m.body for m in mine]})


@login_required
def job_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for(slug, *STAFF_ROLES)
    jobs = list(
        Job.objects.filter(body=body).defer("input_data", "error_report").select_related("created_by")[:200]
    )
    for job in jobs:
        job.kind_label = kinds.label(job.kind)  # type: ignore[attr-defined]
    return render(request, "jobs/list.html", {"body": body, "jobs": jobs})


def _job(request: HttpRequest, slug: str, pk: int) -> Job:
    body = body_for(slug, *STAFF_ROLES)
    return get_object_or_404(
        Job.objects.defer("input_data").select_related("body", "created_by"), body=body, pk=pk
    )


def _live(job: Job) -> Job:
    """The job with the progress a running worker keeps outside the database (casys.jobs.progress)."""
    if job.state == JobState.RUNNING:
        live = progress.cached(job.pk)
        if live is not None:
            job.done, job.total = live
    return job


@login_required
def job_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    job = _live(_job(request, slug, pk))
    context = {
        "body": job.body,
        "job": job,
        "kind_label": kinds.label(job.kind),
        "has_output": output.exists(job),
    }
    return render(request, "jobs/detail.html", context)


def job_json(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The job's state and progress, for the page's poller (casys.js) and for scripts."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "sign in first"}, status=401)
    job = _live(_job(request, slug, pk))
    return JsonResponse(
        {
            "id": job.pk,
            "kind": job.kind,
            "state": job.state,
            "state_label": str(JobState(job.state).label),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            "result": job.result,
            "error": job.error,
            "error_report": reverse("jobs:errors", args=[slug, pk]) if job.error_report else "",
            "output": reverse("jobs:output", args=[slug, pk]) if output.exists(job) else "",
            "attempts": job.attempts,
        }
    )


@login_required
def job_errors(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    job = _job(request, slug, pk)
    if not job.error_report:
        return HttpResponse(_("This job has no error report."), status=404, content_type="text/plain")
    response = HttpResponse(job.error_report, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="job-{job.pk}-errors.csv"'
    return response


@login_required
def job_output(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The job's output file (e.g. the ZIP of a batch of PDFs), once the job is done."""
    job = _job(request, slug, pk)
    if job.state != JobState.DONE or not output.exists(job):
        raise Http404("This job has no output file.")
    name = str(job.result["output"])
    return FileResponse(output.path_of(job.pk).open("rb"), as_attachment=True, filename=name)
