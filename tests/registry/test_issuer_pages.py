"""The issuer's registry page: owner imports and rotates keys, team reads (403 to change), outsider 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation
from casys.attestations.services import keys as files
from casys.auditlog.models import AuditEntry
from casys.cli import app
from casys.commands import site
from casys.jobs.services import run_pending
from casys.registry.services.template import KEYS
from casys.registry.views import issuer
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)
ROW = "P-1,active,2024-01-10,2024-01-10,2027-01-09,Ελληνικά Πετρέλαια,,,GR,Refining,ISO 9001:2015,12,,,yes"


def _file(*rows):
    return SimpleUploadedFile("in.csv", (",".join(KEYS) + "\n" + "\n".join(rows) + "\n").encode())


def test_owner_sees_the_page_and_imports_a_file_through_a_job(owner_client, body_a):
    assert owner_client.get("/registry/issuer/alpha-cert/").status_code == 200
    r = owner_client.post("/registry/issuer/alpha-cert/import/", {"file": _file(ROW)})
    assert r.status_code == 302 and r["Location"].startswith("/jobs/alpha-cert/")
    with unscoped():
        assert Attestation.all_objects.count() == 0  # queued, not yet run
    assert run_pending() == 1
    page = owner_client.get(r["Location"]).content.decode()
    assert "created" in page and "100 %" in page
    with unscoped():
        assert Attestation.all_objects.get().holder_key == "ellinika petrelaia"


def test_a_bad_upload_fails_its_job_naming_the_row_and_imports_nothing(owner_client, body_a):
    r = owner_client.post("/registry/issuer/alpha-cert/import/", {"file": _file(ROW.replace(",GR,", ",,"))})
    run_pending()
    assert "row 2, column country: required" in owner_client.get(r["Location"]).content.decode()
    with unscoped():
        assert Attestation.all_objects.count() == 0


def test_team_reads_but_may_not_import_or_rotate(team_client, body_a):
    assert team_client.get("/registry/issuer/alpha-cert/").status_code == 200
    assert team_client.post("/registry/issuer/alpha-cert/import/", {"file": _file(ROW)}).status_code == 403
    assert team_client.post("/registry/issuer/alpha-cert/rotate-key/").status_code == 403


def test_outsider_gets_404(outsider_client, body_a):
    assert outsider_client.get("/registry/issuer/alpha-cert/").status_code == 404
    assert (
        outsider_client.post("/registry/issuer/alpha-cert/import/", {"file": _file(ROW)}).status_code == 404
    )
    assert outsider_client.post("/registry/issuer/alpha-cert/rotate-key/").status_code == 404


def test_owner_rotates_the_key_and_it_is_logged(owner_client, body_a):
    publish(body_a, entry())
    old = files.keyring("alpha-cert").active
    owner_client.post("/registry/issuer/alpha-cert/rotate-key/")
    ring = files.keyring("alpha-cert")
    assert ring.active != old and ring.get(old) is not None
    with unscoped():
        assert AuditEntry.objects.filter(action="registry.key.rotated").count() == 1


def test_a_file_over_the_web_size_is_refused_pointing_to_the_cli(owner_client, body_a, monkeypatch):
    monkeypatch.setattr(issuer, "WEB_IMPORT_MAX_BYTES", 200)
    two_rows = {"file": _file(ROW, ROW.replace("P-1", "P-2"))}
    r = owner_client.post("/registry/issuer/alpha-cert/import/", two_rows, follow=True)
    text = r.content.decode()
    assert "larger than the web page imports at once" in text
    assert "casys registry import in.csv --issuer alpha-cert" in text
    with unscoped():
        assert Attestation.all_objects.count() == 0


def test_casys_serve_runs_uvicorn_on_the_asgi_app_without_proxy_headers(monkeypatch):
    calls = []
    monkeypatch.setattr(site.os, "execve", lambda path, cmd, env: calls.append(cmd))
    monkeypatch.setattr(site, "_prepare", lambda: None)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    assert CliRunner().invoke(app, ["serve", "--workers", "3"]).exit_code == 0
    cmd = calls[0]
    assert cmd[1:4] == ["-m", "uvicorn", "casys.project.asgi:application"]
    assert cmd[cmd.index("--workers") + 1] == "3"
    assert cmd[cmd.index("--timeout-graceful-shutdown") + 1] == "60"  # a web import may finish
    # the client address is casys's to read (CASYS_TRUSTED_PROXIES), never uvicorn's
    assert "--no-proxy-headers" in cmd
