"""The registry export and the status-list re-signing as background jobs (issue 20): started from the
issuer page, run by the worker with progress, the file downloaded from the job page; the same work
in the foreground from the CLI. Permissions: every role of the body × the two buttons, a foreign
body's member, anonymous."""

from __future__ import annotations

import base64
import csv
import io
import json

import pytest
from django.test import Client
from typer.testing import CliRunner

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.attestations.services import keys as files
from casys.attestations.services.keys import status_file
from casys.cli import app
from casys.jobs import output, services
from casys.jobs.models import Job, JobState
from casys.registry import jobs as registry_jobs
from casys.registry.services.template import KEYS
from tests.conftest import make_user
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = "/registry/issuer/alpha-cert/"
EXPORT = PAGE + "export/"
RESIGN = PAGE + "resign/"
runner = CliRunner()


@pytest.fixture
def published(body_a):
    publish(
        body_a,
        entry("Q-1"),
        entry("Q-2", status="suspended"),
        entry("Q-3", public=False, holder_name='=HYPERLINK("x")'),
    )
    return body_a


def member(body, role: str) -> Client:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    client = Client()
    client.force_login(user)
    return client


def kid_of(token: str) -> str:
    header = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]


def _job(kind: str) -> Job:
    with unscoped():
        return Job.all_objects.get(kind=kind)


def test_the_owner_exports_the_bodys_certificates_as_csv_and_downloads_the_file(owner_client, published):
    assert 'id="registry-export"' in owner_client.get(PAGE).content.decode()
    r = owner_client.post(EXPORT, {"format": "csv", "status": ""})
    job = _job(registry_jobs.EXPORT)
    assert r.status_code == 302 and r["Location"] == f"/jobs/alpha-cert/{job.pk}/"
    assert owner_client.get(f"/jobs/alpha-cert/{job.pk}/output").status_code == 404  # not run yet
    assert services.run_pending() == 1
    data = json.loads(owner_client.get(f"/jobs/alpha-cert/{job.pk}/progress.json").content)
    assert (data["state"], data["done"], data["total"], data["percent"]) == ("done", 3, 3, 100)
    assert data["result"]["certificates"] == 3
    assert data["output"] == f"/jobs/alpha-cert/{job.pk}/output"
    download = owner_client.get(data["output"])
    assert download["Content-Disposition"] == f'attachment; filename="registry-alpha-cert-{job.pk}.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0] == list(KEYS)
    assert [r[0] for r in rows[1:]] == ["Q-1", "Q-2", "Q-3"]  # the confidential one too: the body's own
    assert rows[3][KEYS.index("certified_entity_name")] == '\'=HYPERLINK("x")'  # no formula


def test_a_json_export_of_one_status_holds_only_that_status(owner_client, published):
    owner_client.post(EXPORT, {"format": "json", "status": "suspended"})
    services.run_pending()
    job = _job(registry_jobs.EXPORT)
    doc = json.loads(output.path_of(job.pk).read_text())
    assert doc["count"] == 1 and [c["certificate_number"] for c in doc["certificates"]] == ["Q-2"]
    assert job.result["output"] == f"registry-alpha-cert-{job.pk}.json"


def test_a_bad_format_or_status_is_refused_naming_the_field_and_queues_nothing(owner_client, published):
    r = owner_client.post(EXPORT, {"format": "xml"}, follow=True)
    assert "format: &#x27;xml&#x27; is not one of csv, json" in r.content.decode()
    r = owner_client.post(EXPORT, {"format": "csv", "status": "lost"}, follow=True)
    assert "status: &#x27;lost&#x27; is not one of" in r.content.decode()
    with unscoped():
        assert not Job.all_objects.exists()


def test_running_the_export_twice_writes_one_file_with_the_same_rows(owner_client, published):
    owner_client.post(EXPORT, {"format": "csv"})
    services.run_pending()
    job = _job(registry_jobs.EXPORT)
    first = output.path_of(job.pk).read_bytes()
    with unscoped():
        Job.all_objects.filter(pk=job.pk).update(state=JobState.QUEUED)
    services.run(job.pk)  # a second delivery of the same job
    assert output.path_of(job.pk).read_bytes() == first
    assert sorted(p.name for p in output.path_of(job.pk).parent.iterdir()) == [str(job.pk)]


@pytest.mark.parametrize(
    ("role", "export", "resign"),
    [
        (Role.ADMIN, True, True),
        (Role.SCHEME_MANAGER, True, False),
        (Role.AUDITOR, False, False),
        (Role.DECISION_MAKER, False, False),
        (Role.ANALYST, False, False),
        (Role.REPORT_REVIEWER, False, False),
    ],
)
def test_each_role_sees_and_may_use_only_its_buttons(body_a, role, export, resign):
    client = member(body_a, role)
    page = client.get(PAGE).content.decode()
    assert ('id="registry-export"' in page) is export
    assert ('id="status-resign"' in page) is resign
    assert client.post(EXPORT, {"format": "csv"}).status_code == (302 if export else 403)
    assert client.post(RESIGN).status_code == (302 if resign else 403)


def test_a_client_contact_may_not_export_or_resign(body_a):
    client = member(body_a, Role.CLIENT_CONTACT)
    assert client.post(EXPORT, {"format": "csv"}).status_code == 403
    assert client.post(RESIGN).status_code == 403


def test_a_foreign_member_gets_404_and_anonymous_is_sent_to_sign_in(
    outsider_client, client, owner_client, published
):
    assert outsider_client.post(EXPORT, {"format": "csv"}).status_code == 404
    assert outsider_client.post(RESIGN).status_code == 404
    for url in (EXPORT, RESIGN):
        r = client.post(url)
        assert r.status_code == 302 and "/login" in r["Location"]
    owner_client.post(EXPORT, {"format": "csv"})
    services.run_pending()
    job = _job(registry_jobs.EXPORT)
    for url in (
        f"/jobs/alpha-cert/{job.pk}/",
        f"/jobs/alpha-cert/{job.pk}/output",
        f"/jobs/beta-cert/{job.pk}/output",
    ):
        assert outsider_client.get(url).status_code == 404, url


def test_the_resign_job_signs_every_list_again_with_the_new_key(owner_client, published):
    old = files.keyring("alpha-cert").active
    owner_client.post(PAGE + "rotate-key/")
    new = files.keyring("alpha-cert").active
    assert new != old
    r = owner_client.post(RESIGN)
    job = _job(registry_jobs.RESIGN)
    assert r["Location"] == f"/jobs/alpha-cert/{job.pk}/"
    services.run_pending()
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result) == ("done", 1, 1, {"lists": 1, "files": 2})
    for purpose in ("suspension", "revocation"):
        token = status_file("alpha-cert", f"1-{purpose}").read_text()
        assert kid_of(token) == new


def test_casys_attestations_resign_re_signs_in_the_foreground(published):
    new = files.rotate_key("alpha-cert").kid
    assert kid_of(status_file("alpha-cert", "1-suspension").read_text()) != new
    result = runner.invoke(app, ["attestations", "resign", "alpha-cert", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["lists"] == 1 and json.loads(result.stdout)["files"] == 2
    assert kid_of(status_file("alpha-cert", "1-suspension").read_text()) == new
    bad = runner.invoke(app, ["attestations", "resign", "nobody"])
    assert bad.exit_code == 2 and "no issuing body 'nobody'" in bad.stderr


def test_casys_registry_export_writes_json_in_the_foreground(published, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(
        app, ["registry", "export", str(out), "--issuer", "alpha-cert", "--include-confidential", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"file": str(out), "rows": 3}
    assert json.loads(out.read_text())["count"] == 3
    assert not (tmp_path / "out.json.partial").exists()
