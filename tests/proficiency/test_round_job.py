"""PT round evaluation and reports as a background job (issue 20): started from the evaluation page
(evaluate + every participant's report) or the round page (reports of the current evaluation), run
by the worker with progress per participant, the ZIP of PDFs downloaded from the job page, each
report in the participant's language. A worker that dies after the evaluation committed does not
evaluate twice. Permissions: the provider's managers, its other staff, a foreign body, anonymous."""

from __future__ import annotations

import io
import json
import socket
import zipfile

import pytest
from django.test import Client

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.jobs import output, services
from casys.jobs.models import Job, JobState
from casys.proficiency import jobs as pt_jobs
from casys.proficiency.models import Evaluation, RoundStatus
from tests.conftest import make_user
from tests.documents.pdftext import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)
CHOICES = {
    "assigned": "algorithm-a",
    "sigma_pt": "prescribed",
    "score": "auto",
    "exclusions": "L05: bottle broken",
    "confirm": "yes",
    "background": "1",
}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def base(pt_round) -> str:
    return f"/proficiency/alpha-pt/rounds/{pt_round.pk}/"


def _job() -> Job:
    with unscoped():
        return Job.all_objects.get(kind=pt_jobs.ROUND_REPORTS)


def _zip(job: Job) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(output.path_of(job.pk).read_bytes())) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_evaluation_page_queues_the_evaluation_with_the_reports_and_the_worker_runs_it(
    owner_client, closed_round
):
    page = owner_client.get(base(closed_round) + "evaluate/").content.decode()
    assert 'id="evaluate-background"' in page
    r = owner_client.post(base(closed_round) + "evaluate/", CHOICES)
    job = _job()
    assert r.status_code == 302 and r["Location"] == f"/jobs/alpha-pt/{job.pk}/"
    with unscoped():
        assert not Evaluation.all_objects.exists()  # queued, not yet run
    assert services.run_pending() == 1
    data = json.loads(owner_client.get(f"/jobs/alpha-pt/{job.pk}/progress.json").content)
    assert (data["state"], data["done"], data["total"]) == ("done", 6, 6)  # the summary + 5 participants
    assert data["result"]["participants"] == 5
    with unscoped():
        evaluation = Evaluation.all_objects.get()
        closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.EVALUATED
    assert evaluation.exclusions == {"L05": "bottle broken"}
    assert evaluation.evaluated_by.email == "owner@alpha.example"
    files = _zip(job)
    assert sorted(files) == [
        "TM-2026-1-L01.pdf",
        "TM-2026-1-L02.pdf",
        "TM-2026-1-L03.pdf",
        "TM-2026-1-L04.pdf",
        "TM-2026-1-L05.pdf",
        "TM-2026-1-summary.pdf",
    ]
    english, french = pdf_text(files["TM-2026-1-L01.pdf"]), pdf_text(files["TM-2026-1-L02.pdf"])
    assert "Performance report" in english and "L01" in english
    assert "Rapport de performance" in french and "L02" in french  # L02 chose French
    download = owner_client.get(data["output"])
    assert download["Content-Disposition"] == f'attachment; filename="TM-2026-1-reports-{job.pk}.zip"'


def test_a_bad_choice_is_refused_before_anything_is_queued(owner_client, closed_round):
    r = owner_client.post(base(closed_round) + "evaluate/", {**CHOICES, "assigned": "mean"})
    assert "assigned: choose one of" in r.content.decode()
    r = owner_client.post(base(closed_round) + "evaluate/", {**CHOICES, "exclusions": "L99: gone"})
    assert "exclusions: no participant &#x27;L99&#x27; in this round" in r.content.decode()
    with unscoped():
        assert not Job.all_objects.exists()


def test_a_worker_that_dies_after_the_evaluation_committed_does_not_evaluate_twice(
    owner_client, closed_round, monkeypatch
):
    owner_client.post(base(closed_round) + "evaluate/", CHOICES)
    job = _job()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # not an Exception: the job stays "running", as after kill -9

    monkeypatch.setattr(pt_jobs, "pdf_bytes", killed)
    with pytest.raises(KeyboardInterrupt):
        services.run(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and "evaluation" in job.params
    assert not output.path_of(job.pk).exists()  # no half ZIP
    Job.all_objects.filter(pk=job.pk).update(worker=f"{socket.gethostname()}:999999999")
    assert [j.pk for j in services.recover_interrupted()] == [job.pk]
    services.run_pending()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    with unscoped():
        assert Evaluation.all_objects.count() == 1
    assert len(_zip(job)) == 6


def test_the_round_page_renders_the_reports_of_the_current_evaluation(owner_client, evaluated_round):
    page = owner_client.get(base(evaluated_round)).content.decode()
    assert 'id="reports-job"' in page
    r = owner_client.post(base(evaluated_round) + "reports-job/")
    job = _job()
    assert r["Location"] == f"/jobs/alpha-pt/{job.pk}/"
    services.run_pending()
    services.run(job.pk)  # a second delivery: skipped
    job.refresh_from_db()
    assert job.state == JobState.DONE and len(_zip(job)) == 6
    with unscoped():
        assert Evaluation.all_objects.count() == 1  # no evaluation of its own


def test_reports_of_a_round_not_yet_evaluated_are_refused(owner_client, closed_round):
    r = owner_client.post(base(closed_round) + "reports-job/", follow=True)
    assert "round: the round has not been evaluated yet." in r.content.decode()
    with unscoped():
        assert not Job.all_objects.exists()


def test_the_providers_other_staff_see_no_button_and_get_403(team_client, evaluated_round):
    page = team_client.get(base(evaluated_round)).content.decode()
    assert 'id="reports-job"' not in page
    assert team_client.post(base(evaluated_round) + "reports-job/").status_code == 403
    assert team_client.post(base(evaluated_round) + "evaluate/", CHOICES).status_code == 403


def test_a_foreign_body_gets_404_and_anonymous_is_sent_to_sign_in(
    lab_x_client, outsider_client, client, owner_client, evaluated_round
):
    for other in (lab_x_client, outsider_client):
        assert other.post(base(evaluated_round) + "reports-job/").status_code == 404
    r = client.post(base(evaluated_round) + "reports-job/")
    assert r.status_code == 302 and "/login" in r["Location"]
    owner_client.post(base(evaluated_round) + "reports-job/")
    services.run_pending()
    job = _job()
    for url in (f"/jobs/alpha-pt/{job.pk}/", f"/jobs/alpha-pt/{job.pk}/output"):
        assert lab_x_client.get(url).status_code == 404, url
        assert outsider_client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.ADMIN, True),
        (Role.SCHEME_MANAGER, True),
        (Role.AUDITOR, False),
        (Role.DECISION_MAKER, False),
        (Role.ANALYST, False),
        (Role.REPORT_REVIEWER, False),
    ],
)
def test_each_role_of_the_provider_sees_the_buttons_only_if_it_manages_rounds(
    body_a, evaluated_round, role, may
):
    user = make_user(f"{role}@alpha-pt.example")
    Membership.all_objects.create(user=user, body=body_a, role=role)
    client = Client()
    client.force_login(user)
    assert ('id="reports-job"' in client.get(base(evaluated_round)).content.decode()) is may
    assert client.post(base(evaluated_round) + "reports-job/").status_code == (302 if may else 403)
