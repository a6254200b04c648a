"""Validation/verification statements in the public registry: the statement's registry address (its
credential's id and the QR code on its PDF) shows the verified figures and its status; a correction
supersedes it; a search by number finds it; its credential verifies offline with `casys verify`."""

from __future__ import annotations

import base64
import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from casys import clock
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.cli import app
from casys.verification.models import Engagement
from casys.verification.services.engagements import complete_review, decide_opinion, import_statement
from casys.verification.services.statements import issue_statement, open_correction, statement_pdf
from tests.documents.pdftext import pdf_text
from tests.verification.conftest import INVENTORY, actor

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _issue(e: Engagement, reviewer, on: date, *, opinion: str = "unmodified") -> Engagement:
    with unscoped():
        if not e.lines.exists():
            import_statement(e, actor=SYSTEM, text=INVENTORY)
        complete_review(e, actor=actor(reviewer), on=on)
        decide_opinion(e, actor=SYSTEM, opinion=opinion)
        return issue_statement(e, actor=SYSTEM, on=on)


@pytest.fixture
def issued(engagement, reviewer) -> Engagement:
    return _issue(engagement, reviewer, date(2026, 3, 1))


def _path(e: Engagement) -> str:
    return f"/registry/verify/{e.body.slug}/{e.number}/"


def test_anyone_reads_the_statements_verified_figures_on_its_registry_page(client, issued) -> None:
    response = client.get(_path(issued))
    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    for text in (
        "Verification statement",
        issued.number,
        "Genuine",
        "Acme Cement",
        "2025-01-01 – 2025-12-31",  # the reporting period
        "Reasonable assurance",
        "Unmodified opinion",
        "60 280.900",  # the total, t CO2e
        "56 280.900",  # category 1
        "4 000",  # category 2
        "3 014.045",  # materiality: 5 % of the total (EU ETS, category B)
        "Vera Verification",
    ):
        assert text in html, text
    assert 'data-answer="valid"' in html


def test_the_credentials_id_and_the_pdfs_qr_text_are_the_registry_page(issued) -> None:
    payload = issued.credential.split(".")[1]
    credential = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert urlsplit(credential["id"]).path == _path(issued)
    with unscoped():
        text = "".join(pdf_text(statement_pdf(issued, "en")).split())
    assert _path(issued) in text


def test_a_search_by_the_statement_number_opens_its_page(client, issued) -> None:
    response = client.get("/registry/", {"text": issued.number.lower()})
    assert response.status_code == 302 and response["Location"] == _path(issued)


def test_an_unknown_statement_number_is_not_found(client, issued) -> None:
    assert client.get(f"/registry/verify/{issued.body.slug}/{issued.number}9/").status_code == 404


def test_the_signed_credential_downloads_from_the_registry(client, issued) -> None:
    response = client.get(f"/registry/credential/{issued.body.slug}/{issued.number}/")
    assert response.status_code == 200 and response.content.decode() == issued.credential


def test_a_correction_supersedes_the_statement_and_each_page_links_the_other(
    client, issued, reviewer, verifier
) -> None:
    with unscoped():
        new = open_correction(issued, actor=actor(verifier), reason="the grid factor was the 2024 one")
        assert (new.status, new.supersedes_id, new.lines.count()) == ("execution", issued.pk, 4)
        new = _issue(new, reviewer, date(2026, 4, 1))
    old_page = client.get(_path(issued)).content.decode()
    assert 'data-answer="superseded"' in old_page and f'href="{_path(new)}"' in old_page
    new_page = client.get(_path(new)).content.decode()
    assert 'data-answer="valid"' in new_page and f'href="{_path(issued)}"' in new_page


def test_a_second_correction_of_the_same_statement_is_refused(issued, verifier) -> None:
    with unscoped():
        open_correction(issued, actor=actor(verifier), reason="typo")
        with pytest.raises(ValueError, match="open already"):
            open_correction(issued, actor=actor(verifier), reason="again")


def _status_lists(token: str) -> list[str]:
    payload = token.split(".")[1]
    credential = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    entries = credential["credentialStatus"]
    entries = entries if isinstance(entries, list) else [entries]
    return sorted({urlsplit(s["statusListCredential"]).path for s in entries})


def _download(client, path: str, to) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    to.write_bytes(response.getvalue() if response.streaming else response.content)
    return str(to)


def _casys_verify(client, e: Engagement, tmp_path) -> tuple[int, dict]:
    args = [
        "verify",
        _download(client, f"/registry/credential/{e.body.slug}/{e.number}/", tmp_path / "s.jwt"),
    ]
    args += ["--keys", _download(client, f"/registry/keys/{e.body.slug}/jwks.json", tmp_path / "jwks.json")]
    for n, path in enumerate(_status_lists(e.credential)):
        args += ["--status-list", _download(client, path, tmp_path / f"list-{n}.jwt")]
    # the end of the moved day: the status lists are signed on it at the real time of day
    # (clock.now()), so a fixed 23:00 failed their validity whenever the suite ran after 23:00 UTC
    result = runner.invoke(app, [*args, "--at", "2026-04-01T23:59:59Z", "--json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.django_db(transaction=True)
def test_casys_verify_checks_the_downloaded_statement_offline_and_sees_it_superseded(
    client, engagement, reviewer, verifier, tmp_path
) -> None:
    with clock.travel_to(date(2026, 4, 1)):
        old = _issue(engagement, reviewer, date(2026, 4, 1))
        code, report = _casys_verify(client, old, tmp_path)
        assert code == 0, report
        with unscoped():
            new = _issue(
                open_correction(old, actor=actor(verifier), reason="typo"), reviewer, date(2026, 4, 1)
            )
        code, report = _casys_verify(client, old, tmp_path)
        assert code == 1 and report["verdict"] != "valid", report
        assert _casys_verify(client, new, tmp_path)[0] == 0
