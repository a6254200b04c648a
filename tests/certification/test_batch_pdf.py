"""The batch-PDF job: a body's certificates rendered into one ZIP, started from the certificates page
(a job with progress, its ZIP downloaded from the job page) or from the CLI; one PDF is read back
from the ZIP. Permissions: every role of the body, a client's contact, a foreign body, anonymous."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client as HttpClient
from typer.testing import CliRunner

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.certification.models import Certificate
from casys.cli import app
from casys.jobs import services
from casys.jobs.models import Job
from tests.conftest import make_user
from tests.documents.pdftext import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)
START = "/certification/alpha-cert/certificates/pdf-zip/"
LIST = "/certification/alpha-cert/certificates/"


@pytest.fixture
def cert(certified) -> Certificate:
    with unscoped():
        return Certificate.all_objects.get(application=certified)


def member(role: str, body) -> HttpClient:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    c = HttpClient()
    c.force_login(user)
    return c


def the_pdf(zip_bytes: bytes, number: str) -> str:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        assert zf.namelist() == [f"{number}.pdf"]
        return pdf_text(zf.read(f"{number}.pdf"))


def test_the_owner_starts_the_job_from_the_page_and_downloads_the_zip_of_pdfs(owner_client, cert):
    page = owner_client.get(LIST).content.decode()
    assert 'id="pdf-zip"' in page
    r = owner_client.post(START, {"status": ""})
    with unscoped():
        job = Job.all_objects.get(kind="certification.batch-pdf")
    assert r.status_code == 302 and r["Location"] == f"/jobs/alpha-cert/{job.pk}/"
    assert owner_client.get(f"/jobs/alpha-cert/{job.pk}/output").status_code == 404  # not run yet
    services.run_pending()
    data = json.loads(owner_client.get(f"/jobs/alpha-cert/{job.pk}/progress.json").content)
    assert (data["state"], data["done"], data["total"], data["percent"]) == ("done", 1, 1, 100)
    assert data["output"] == f"/jobs/alpha-cert/{job.pk}/output"
    assert data["result"] == {"certificates": 1, "output": f"certificates-alpha-cert-{job.pk}.zip"}
    detail = owner_client.get(f"/jobs/alpha-cert/{job.pk}/").content.decode()
    assert 'id="job-output"' in detail and "data-job-output hidden" not in detail
    download = owner_client.get(f"/jobs/alpha-cert/{job.pk}/output")
    assert download.status_code == 200
    assert f'filename="certificates-alpha-cert-{job.pk}.zip"' in download["Content-Disposition"]
    text = the_pdf(b"".join(download.streaming_content), cert.number)
    assert cert.number in text and "Müller Präzisionsteile GmbH" in text
    assert "Machining of precision parts" in text


def test_a_status_no_certificate_has_is_refused_without_a_job(owner_client, cert):
    r = owner_client.post(START, {"status": "withdrawn"}, follow=True)
    assert "status: no certificate to render" in r.content.decode()
    r = owner_client.post(START, {"status": "lost"}, follow=True)
    assert "status: &#x27;lost&#x27; is not one of" in r.content.decode()
    with unscoped():
        assert not Job.all_objects.filter(kind="certification.batch-pdf").exists()


ALLOWED = {Role.ADMIN, Role.SCHEME_MANAGER, Role.DECISION_MAKER}


@pytest.mark.parametrize(
    "role",
    [Role.ADMIN, Role.SCHEME_MANAGER, Role.AUDITOR, Role.DECISION_MAKER, Role.ANALYST, Role.REPORT_REVIEWER],
)
def test_only_those_who_manage_or_decide_see_the_button_and_start_the_job(body_a, cert, role):
    client = member(role, body_a)
    assert ('id="pdf-zip"' in client.get(LIST).content.decode()) == (role in ALLOWED)
    assert client.post(START, {"status": "issued"}).status_code == (302 if role in ALLOWED else 403)


def test_a_contact_a_foreign_body_and_anonymous_neither_start_nor_download(
    owner_client, contact_client, outsider_client, cert
):
    owner_client.post(START, {"status": ""})
    services.run_pending()
    with unscoped():
        job = Job.all_objects.get(kind="certification.batch-pdf")
    for client in (contact_client, outsider_client):
        assert client.post(START, {"status": ""}).status_code == 404
        assert client.get(f"/jobs/alpha-cert/{job.pk}/output").status_code == 404
    assert outsider_client.get(f"/jobs/beta-cert/{job.pk}/output").status_code == 404
    anonymous = HttpClient()
    for r in (anonymous.post(START, {"status": ""}), anonymous.get(f"/jobs/alpha-cert/{job.pk}/output")):
        assert r.status_code == 302 and "/login" in r["Location"]
    with unscoped():
        assert Job.all_objects.filter(kind="certification.batch-pdf").count() == 1


def test_the_cli_writes_the_same_zip_in_the_foreground(cert, tmp_path):
    out = tmp_path / "certs.zip"
    result = CliRunner().invoke(app, ["batch-pdf", "alpha-cert", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["certificates"] == 1
    assert cert.number in the_pdf(out.read_bytes(), cert.number)
    bad = CliRunner().invoke(app, ["batch-pdf", "alpha-cert", "--out", str(out), "--number", "NOPE-1"])
    assert bad.exit_code != 0 and "--number" in bad.output and "NOPE-1" in bad.output
