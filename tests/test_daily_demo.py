"""Acceptance of issue 20 on the demo: its data has a surveillance due next week (tallinna-metall),
one overdue past its scheme's limit (slm) and a certificate expiring tomorrow (kurzemes-masinas);
``casys daily --date`` two days after the demo's date gives the reminders, the suspension proposal
and the expiry, which show in the app, the public registry and the issuer's status list."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client as HttpClient
from typer.testing import CliRunner

from casys import clock
from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from casys.certification.models import Audit, Certificate, SuspensionProposal
from casys.cli import app
from casys.core import credentials, status_list
from casys.demo import load

pytestmark = pytest.mark.django_db(transaction=True)
DEMO_DAY = date(2026, 6, 1)
RUN_DAY = DEMO_DAY + timedelta(days=2)  # the day after the expiry date


@pytest.fixture
def demo(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.set_today(DEMO_DAY)
    load()
    clock.set_today(RUN_DAY)
    yield
    clock.set_today(None)


def cert_of(client_slug: str) -> Certificate:
    with unscoped():
        return Certificate.all_objects.select_related("body").get(client__organisation__slug=client_slug)


def signed_in(email: str) -> HttpClient:
    c = HttpClient()
    c.force_login(User.objects.get(email=email))
    return c


def suspended_in_list(http: HttpClient, row: Attestation) -> bool:
    """The certificate's bit in the suspension list the public registry serves."""
    response = http.get(f"/registry/status/{row.issuer_slug}/{row.status_list}-suspension.jwt")
    token = b"".join(response.streaming_content)
    encoded = credentials.unverified_claims(token)["credentialSubject"]["encodedList"]
    return status_list.read_bit(status_list.decode(encoded, "suspension"), row.status_index)


def test_the_demo_s_dates_are_the_ones_the_daily_run_needs(demo):
    with unscoped():
        soon = Audit.all_objects.filter(
            application__client__organisation__slug="tallinna-metall", phase="surveillance", done_on=None
        ).order_by("latest")[0]
        late = Audit.all_objects.filter(
            application__client__organisation__slug="slm", phase="surveillance"
        ).order_by("latest")[0]
    assert soon.latest == DEMO_DAY + timedelta(days=7)  # next week
    assert late.done_on is None and (DEMO_DAY - late.latest).days > 30  # past iso9001's 30 days
    assert cert_of("kurzemes-masinas").expiry_date == DEMO_DAY + timedelta(days=1)  # tomorrow


def test_casys_daily_on_the_demo_reminds_proposes_and_expires_visibly(demo):
    result = CliRunner().invoke(app, ["daily", "--date", RUN_DAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    rules = json.loads(result.output)["rules"]

    # reminders: the planners of baltcert, for tallinna-metall's surveillance due next week
    reminded = rules["surveillance-due"]["changes"]
    assert {c["to"] for c in reminded if "Tallinna" in c["client"]} == {
        "admin@baltcert.example",
        "manager@baltcert.example",
    }
    assert any("Tallinna Metallitööstus" in m.subject for m in mail.outbox)

    # the suspension proposal, for slm's overdue surveillance; the certificate stays active until decided
    slm = cert_of("slm")
    proposed = rules["surveillance-overdue"]["changes"]
    assert [(c["certificate"], c["state"]) for c in proposed] == [(slm.number, "proposed")]

    # the expiry of kurzemes-masinas
    kurzeme = cert_of("kurzemes-masinas")
    # (the audits demo's full-cycle client, whose recertification is blocked by an uncovered
    # requirement, has lapsed before the run too: the rule expires it as well)
    expired = rules["certificate-expiry"]["changes"]
    assert {"body": "baltcert", "certificate": kurzeme.number, "expired_on": RUN_DAY.isoformat()} in expired
    assert all(date.fromisoformat(c["expired_on"]) <= RUN_DAY for c in expired)
    assert kurzeme.status == "expired"

    # a second run of the same date changes nothing
    again = json.loads(CliRunner().invoke(app, ["daily", "--date", RUN_DAY.isoformat(), "--json"]).output)
    assert {name: r["count"] for name, r in again["rules"].items()} == {name: 0 for name in again["rules"]}

    # visible in the app: the decision maker sees the proposal and accepts it
    dm = signed_in("decision@baltcert.example")
    listing = dm.get("/certification/baltcert/suspension-proposals/").content.decode()
    assert slm.number in listing
    with unscoped():
        proposal = SuspensionProposal.all_objects.get(certificate=slm)
    page = dm.get(f"/certification/baltcert/certificates/{kurzeme.pk}/").content.decode()
    assert 'class="badge bad">expired' in page

    public = HttpClient()
    with unscoped():
        slm_row = Attestation.all_objects.get(issuer=slm.body, kind=Kind.CERTIFICATE, number=slm.number)
        kurzeme_row = Attestation.all_objects.get(
            issuer=kurzeme.body, kind=Kind.CERTIFICATE, number=kurzeme.number
        )
    assert kurzeme_row.status == "expired"
    assert "expired" in public.get(f"/registry/verify/baltcert/{kurzeme.number}/").content.decode().lower()
    assert not suspended_in_list(public, slm_row)

    dm.post(
        f"/certification/baltcert/suspension-proposals/{proposal.pk}/decide/",
        {"decision": "accepted", "reason": "", "confirm": "yes"},
    )
    assert cert_of("slm").status == "suspended"
    assert suspended_in_list(public, slm_row)  # the status list was re-signed with the suspension
