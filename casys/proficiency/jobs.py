"""The PT provider's background job: a round's evaluation and its reports (issue 20).

``proficiency.round-reports`` evaluates a closed round with the choices made on the evaluation page
(when the job carries them) and renders the round summary and every participant's report PDF — each
in the participant's report language — into one ZIP, with progress per participant.

Idempotent and safe against a killed worker: the evaluation is committed together with its id in
the job's parameters, so a retried job reuses that evaluation instead of recording a second one;
the ZIP is written to a temporary file and moved into place only when complete.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor
from casys.jobs import output
from casys.jobs.kinds import JobFailed, register
from casys.jobs.models import Job
from casys.proficiency.models import Participation, Round
from casys.proficiency.services import ProficiencyError, evaluation, reports
from casys.proficiency.services.rounds import REPORT_LANGUAGES
from casys.proficiency.views.common import pdf_bytes

ROUND_REPORTS = "proficiency.round-reports"


def zip_name(pt_round: Round, job_id: int | None = None) -> str:
    return f"{pt_round.code}-reports" + (f"-{job_id}" if job_id else "") + ".zip"


def _evaluated(job: Any, pt_round: Round) -> None:
    """Evaluate the round with the job's choices once: the evaluation's id is committed with it."""
    choices = job.params.get("evaluate")
    if not choices or job.params.get("evaluation"):
        return
    actor = Actor(user=job.created_by, label=str(job.created_by)) if job.created_by_id else SYSTEM
    try:
        with transaction.atomic():
            done = evaluation.evaluate(
                pt_round,
                assigned=choices.get("assigned", ""),
                sigma_source=choices.get("sigma_pt", ""),
                score=choices.get("score", ""),
                exclusions=choices.get("exclusions") or {},
                actor=actor,
            )
            job.params = {**job.params, "evaluation": done.pk}
            Job.all_objects.filter(pk=job.pk).update(params=job.params)
    except ProficiencyError as exc:
        raise JobFailed(str(exc)) from exc


@register(ROUND_REPORTS, _("PT round evaluation and reports"))
def run_round_reports(job: Any, progress: Any) -> dict[str, Any]:
    provider = Body.all_objects.get(pk=job.body_id)
    pt_round = (
        Round.all_objects.select_related("scheme__provider")
        .filter(pk=job.params.get("round"), scheme__provider=provider)
        .first()
    )
    if pt_round is None:
        raise JobFailed(f"round: {provider.slug} has no round {job.params.get('round')!r}")
    _evaluated(job, pt_round)
    current = evaluation.current_evaluation(pt_round)
    if current is None:
        raise JobFailed("round: the round has not been evaluated; evaluate it first")
    participations = list(
        Participation.all_objects.filter(round=pt_round)
        .select_related("participant", "round__scheme__provider")
        .order_by("code")
    )
    total = len(participations) + 1
    progress(0, total)
    language = settings.LANGUAGE_CODE
    with output.writing(job) as out, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            f"{pt_round.code}-summary.pdf",
            pdf_bytes("proficiency/summary_pdf.html", lambda: reports.round_summary(pt_round), language),
        )
        progress(1, total)
        for done, p in enumerate(participations, start=2):
            lang = p.language if p.language in REPORT_LANGUAGES else language
            zf.writestr(
                f"{pt_round.code}-{p.code}.pdf",
                pdf_bytes("proficiency/report_pdf.html", lambda p=p: reports.participant_report(p), lang),
            )
            progress(done, total)
    return {
        "round": pt_round.code,
        "evaluation": current.pk,
        "participants": len(participations),
        "output": zip_name(pt_round, job.pk),
    }
