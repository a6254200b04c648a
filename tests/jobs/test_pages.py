"""Job pages and the JSON endpoint: every role of the body sees its jobs (client contacts 403),
a foreign body's member 404, anonymous to sign-in (pages) or 401 (JSON)."""

import json

import pytest
from django.test import Client

from casys.accounts.models import Membership, Role
from casys.jobs import services
from casys.jobs.models import Job, JobState
from casys.registry.jobs import IMPORT
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
#: every staff role, those of the newer body kinds included (inspectors, examiners, verifiers)
STAFF = [r for r in Role if r not in (Role.CLIENT_CONTACT, Role.CANDIDATE)]


@pytest.fixture
def job(body_a, owner):
    return services.enqueue(body_a, IMPORT, input_name="in.csv", input_data=b"x", created_by=owner)


def _urls(job):
    base = f"/jobs/alpha-cert/{job.pk}/"
    return ["/jobs/alpha-cert/", base, base + "progress.json"]


def _member(body, role):
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", STAFF)
def test_every_staff_role_of_the_body_sees_its_jobs(body_a, job, role):
    client = _member(body_a, role)
    for url in _urls(job):
        assert client.get(url).status_code == 200, url
    assert "in.csv" in client.get("/jobs/alpha-cert/").content.decode()


@pytest.mark.parametrize("role", [Role.CLIENT_CONTACT, Role.CANDIDATE])
def test_people_outside_the_staff_may_not_see_the_jobs(body_a, job, role):
    client = _member(body_a, role)
    for url in _urls(job):
        assert client.get(url).status_code == 403, url


def test_a_foreign_body_member_gets_404_even_for_its_own_slug(outsider_client, body_b, job):
    for url in _urls(job):
        assert outsider_client.get(url).status_code == 404, url
    # the job's id under the outsider's own body: still not found (scoped by body)
    assert outsider_client.get(f"/jobs/beta-cert/{job.pk}/").status_code == 404
    assert outsider_client.get(f"/jobs/beta-cert/{job.pk}/progress.json").status_code == 404
    assert outsider_client.get(f"/jobs/beta-cert/{job.pk}/errors.csv").status_code == 404
    assert "in.csv" not in outsider_client.get("/jobs/beta-cert/").content.decode()


def test_anonymous_is_sent_to_sign_in_and_the_json_answers_401(client, job):
    for url in _urls(job)[:2]:
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r["Location"], url
    r = client.get(_urls(job)[2])
    assert r.status_code == 401


def test_the_json_reports_state_and_progress(owner_client, job):
    data = json.loads(owner_client.get(f"/jobs/alpha-cert/{job.pk}/progress.json").content)
    assert data["state"] == "queued" and data["percent"] == 0 and data["finished"] is False
    services.run_pending()
    data = json.loads(owner_client.get(f"/jobs/alpha-cert/{job.pk}/progress.json").content)
    # b"x" is not a CSV file with the template's header: the job failed, naming the row and column
    assert data["state"] == "failed" and data["finished"] is True
    assert data["error"].startswith("row 1, column x: unknown column")
    assert data["error_report"] == f"/jobs/alpha-cert/{job.pk}/errors.csv"


def test_the_error_report_of_a_bad_file_downloads_as_csv(owner_client, team_client, outsider_client, job):
    services.run_pending()
    r = owner_client.get(f"/jobs/alpha-cert/{job.pk}/errors.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r.content.decode().splitlines()[0] == "row,column,message"
    assert team_client.get(f"/jobs/alpha-cert/{job.pk}/errors.csv").status_code == 200
    assert outsider_client.get(f"/jobs/alpha-cert/{job.pk}/errors.csv").status_code == 404


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(body_a, job):
    services.run_pending()
    assert services.run(job.pk) == "skipped"
    assert Job.all_objects.get(pk=job.pk).attempts == 1


def test_a_job_left_running_by_a_dead_worker_is_queued_again_then_failed(body_a, job):
    Job.all_objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1, worker="otherhost:1")
    Job.all_objects.filter(pk=job.pk).update(heartbeat_at=None, started_at=None)
    assert [j.pk for j in services.recover_interrupted()] == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and "stopped during the run" in job.notes[-1]["interrupted"]
    Job.all_objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=2, worker="otherhost:1")
    services.recover_interrupted()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "stopped during attempt 2 of 2" in job.error and "nothing was written" in job.error
