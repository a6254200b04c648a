"""An issued test report carries its signed credential (VC-JOSE-COSE), downloadable by the laboratory."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from casys.accounts.scoping import unscoped
from casys.attestations.identity import did_for
from casys.auditlog.services import SYSTEM
from casys.core import credentials, signing
from casys.laboratory.models import TestReport
from casys.laboratory.services.reports import amend_report, create_report, issue_report

pytestmark = pytest.mark.django_db


def _issued(body_a, customer, agreements, result, on=date(2026, 3, 10)) -> TestReport:
    with unscoped():
        report = create_report(
            body_a, actor=SYSTEM, customer=customer, title="Gauge", results=[result], agreements=agreements
        )
        return issue_report(report, actor=SYSTEM, on=on)


def _verify(report: TestReport) -> credentials.Verification:
    jwks = json.loads(
        (Path(settings.DATA_DIR) / "registry-static/keys" / report.body.slug / "jwks.json").read_text()
    )
    ring = signing.keyring_from_jwks(jwks, jwks["issuer"])
    return credentials.verify(report.credential, [ring], datetime(2026, 4, 1, tzinfo=UTC))


def test_an_issued_report_carries_a_credential_that_verifies_with_the_laboratorys_jwks(
    body_a, customer, agreements, result
) -> None:
    report = _issued(body_a, customer, agreements, result)
    v = _verify(report)
    assert v.ok, v.checks
    assert v.credential is not None
    assert v.credential["issuer"]["id"] == did_for(body_a.slug)
    subject = v.credential["credentialSubject"]
    assert subject["reportNumber"] == report.number
    assert subject["issuedToParty"]["name"] == customer.name
    decisions = [d for row in report.snapshot["results"] for d in row["decisions"]]
    assert [a["statementOfConformity"] for a in subject["assessment"]] == [d["statement"] for d in decisions]
    assert [a["decisionRule"]["reference"] for a in subject["assessment"]] == [
        d["reference"] for d in decisions
    ]
    row = report.snapshot["results"][0]
    assert subject["assessment"][0]["expandedUncertainty"] == {"U": row["U"], "k": row["k"], "unit": "mm"}


def test_an_amendment_credential_names_the_report_it_supersedes(body_a, customer, agreements, result) -> None:
    first = _issued(body_a, customer, agreements, result)
    with unscoped():
        draft = amend_report(first, actor=SYSTEM, reason="typo in the title")
        second = issue_report(draft, actor=SYSTEM, on=date(2026, 3, 12))
    v = _verify(second)
    assert v.ok
    assert v.credential is not None
    assert v.credential["credentialSubject"]["supersedes"] == first.number
    assert (
        "supersedes"
        not in json.loads(base64.urlsafe_b64decode(first.credential.split(".")[1] + "=="))[
            "credentialSubject"
        ]
    )


def test_a_draft_has_no_credential_to_download(owner_client, body_a, customer, agreements, result) -> None:
    with unscoped():
        draft = create_report(
            body_a, actor=SYSTEM, customer=customer, title="Gauge", results=[result], agreements=agreements
        )
    url = reverse("laboratory:report-credential", args=[body_a.slug, draft.pk])
    assert owner_client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["owner_client", "team_client"])
def test_the_laboratory_downloads_the_credential_and_the_page_says_it_exists(
    request, who, body_a, customer, agreements, result
) -> None:
    report = _issued(body_a, customer, agreements, result)
    client = request.getfixturevalue(who)
    response = client.get(reverse("laboratory:report-credential", args=[body_a.slug, report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == f'attachment; filename="{report.number}.jwt"'
    assert response.content.decode() == report.credential
    page = client.get(reverse("laboratory:report-detail", args=[body_a.slug, report.pk])).content.decode()
    assert "credential-note" in page
    assert reverse("laboratory:report-credential", args=[body_a.slug, report.pk]) in page


def test_an_outsider_gets_404_for_the_credential(
    outsider_client, body_a, customer, agreements, result
) -> None:
    report = _issued(body_a, customer, agreements, result)
    url = reverse("laboratory:report-credential", args=[body_a.slug, report.pk])
    assert outsider_client.get(url).status_code == 404
