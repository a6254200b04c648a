"""A result with a large Monte Carlo run goes to the worker (issue 20): above CASYS_MCM_JOB_TRIALS the
result page queues a job instead of computing in the request; the worker records the same result
the page would (same seed, same numbers), with progress per Monte Carlo block; a re-run records
nothing twice; bad input fails the job naming the field. Permissions as for recording a result."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.core.uncertainty import histogram, mcm, parse_model_file
from casys.jobs import services
from casys.jobs.models import Job, JobState
from casys.laboratory import jobs as lab_jobs
from casys.laboratory.models import TestResult
from casys.laboratory.services.results import record_result
from tests.conftest import make_user
from tests.laboratory.conftest import MODEL
from tests.laboratory.test_model_entry import URL
from tests.laboratory.test_model_entry import _form as rows_form

pytestmark = pytest.mark.django_db
NEW = "/laboratory/alpha-lab/results/new/"


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.CASYS_MCM_JOB_TRIALS = 20_000


def _form(method, customer, trials: int, **over) -> dict[str, str]:
    return {
        "method": str(method.pk),
        "customer": str(customer.pk),
        "sample": "G-big",
        "measured_on": "2026-03-02",
        "model_toml": MODEL,
        "mcm_seed": "5",
        "trials": str(trials),
        **over,
    }


def _job() -> Job:
    with unscoped():
        return Job.all_objects.get(kind=lab_jobs.MCM_RESULT)


def test_a_run_above_the_threshold_is_recorded_by_the_worker_with_the_same_numbers(
    analyst_client, method, customer
):
    r = analyst_client.post(NEW, _form(method, customer, 50_000))
    job = _job()
    assert r.status_code == 302 and r["Location"] == f"/jobs/alpha-lab/{job.pk}/"
    with unscoped():
        assert not TestResult.all_objects.exists()  # nothing computed in the request
    assert services.run_pending() == 1
    data = json.loads(analyst_client.get(f"/jobs/alpha-lab/{job.pk}/progress.json").content)
    assert (data["state"], data["done"], data["total"]) == ("done", 2, 2)  # the run's block, the histogram's
    with unscoped():
        result = TestResult.all_objects.get(sample="G-big")
        assert result.recorded_by.email == "analyst@alpha.example"
        same = record_result(
            result.body,
            actor=SYSTEM,
            method=method,
            customer=customer,
            sample="G-again",
            measured_on=date(2026, 3, 2),
            model_toml=MODEL,
            mcm_seed=5,
            trials=50_000,
        )
    assert result.computation["mcm"]["M"] == 50_000
    assert result.computation["mcm"] == same.computation["mcm"]
    assert data["result"]["result"] == result.pk and data["result"]["page"].endswith(f"/results/{result.pk}/")


def test_a_run_at_or_below_the_threshold_stays_in_the_request(analyst_client, method, customer):
    r = analyst_client.post(NEW, _form(method, customer, 20_000))
    with unscoped():
        result = TestResult.all_objects.get(sample="G-big")
        assert not Job.all_objects.exists()
    assert r["Location"] == f"/laboratory/alpha-lab/results/{result.pk}/"


def test_running_the_job_again_records_no_second_result(analyst_client, method, customer):
    analyst_client.post(NEW, _form(method, customer, 30_000))
    services.run_pending()
    job = _job()
    Job.all_objects.filter(pk=job.pk).update(state=JobState.QUEUED)
    services.run(job.pk)
    with unscoped():
        assert TestResult.all_objects.filter(sample="G-big").count() == 1
        assert Job.all_objects.get(pk=job.pk).params["result"] == TestResult.all_objects.get().pk


def test_bad_input_fails_the_job_naming_the_field(body_a, method, customer, analyst):
    params = lab_jobs.params_of(
        {
            "method": method,
            "customer": customer,
            "sample": "G",
            "measured_on": date(2099, 1, 1),
            "model_toml": MODEL,
            "mcm_seed": 5,
            "trials": 30_000,
        }
    )
    job = services.enqueue(body_a, lab_jobs.MCM_RESULT, params=params, created_by=analyst)
    services.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error.startswith("measured_on: 2099-01-01 is after today")


def test_the_job_allows_more_trials_than_a_page_request_but_not_without_bound(
    analyst_client, method, customer
):
    r = analyst_client.post(NEW, _form(method, customer, 30_000_000))
    assert r.status_code == 200 and "20000000" in r.content.decode().replace("\u202f", "").replace(
        ",", ""
    ).replace("\xa0", "")
    with unscoped():
        assert not Job.all_objects.exists()


def test_the_monte_carlo_core_reports_each_block():
    spec = parse_model_file(MODEL)
    seen: list[tuple[int, int]] = []
    mcm(
        spec.model,
        spec.inputs,
        seed=1,
        trials=5_000,
        block_size=1_000,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    steps: list[tuple[int, int]] = []
    histogram.mcm_histogram(
        spec.model, spec.inputs, seed=1, trials=10, progress=lambda d, t: steps.append((d, t))
    )
    assert steps == [(1, 1)]


def test_others_may_not_start_it(team_client, outsider_client, client, method, customer):
    assert team_client.post(NEW, _form(method, customer, 50_000)).status_code == 403
    assert outsider_client.post(NEW, _form(method, customer, 50_000)).status_code == 404
    r = client.post(NEW, _form(method, customer, 50_000))
    assert r.status_code == 302 and "/login" in r["Location"]
    with unscoped():
        assert not Job.all_objects.exists()


def test_the_row_by_row_page_sends_a_large_run_to_the_worker_too(analyst_client, method, customer):
    r = analyst_client.post(URL, {**rows_form(method, customer, "R-big"), "trials": "40000"})
    job = _job()
    assert r["Location"] == f"/jobs/alpha-lab/{job.pk}/"
    assert "# source: calibration certificate C-12" in job.params["model_toml"]
    services.run_pending()
    with unscoped():
        result = TestResult.all_objects.get(sample="R-big")
    assert result.computation["mcm"]["M"] == 40_000


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.ADMIN, True),
        (Role.ANALYST, True),
        (Role.REPORT_REVIEWER, False),
        (Role.SCHEME_MANAGER, False),
        (Role.DECISION_MAKER, False),
        (Role.AUDITOR, False),
        (Role.CLIENT_CONTACT, False),
    ],
)
def test_each_role_of_the_laboratory_may_start_it_only_if_it_records_results(
    body_a, method, customer, role, may
):
    user = make_user(f"{role}@alpha-lab.example")
    Membership.all_objects.create(user=user, body=body_a, role=role)
    client = Client()
    client.force_login(user)
    r = client.post(NEW, _form(method, customer, 50_000))
    assert r.status_code == (302 if may else 403)
    with unscoped():
        assert Job.all_objects.exists() is may
