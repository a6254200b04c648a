"""Daily rule ``surveillance-overdue`` on fixed dates: a surveillance audit past its scheme's limit
(iso9001: 30 days, a proposal) → a suspension proposal; the decision maker accepts it (the
certificate is suspended through the attestations layer and its status list re-signed) or rejects
it; a scheme that says so (type5-electrical: ``then = "suspend"``) suspends at once. Pages: every
role of the body, a foreign body, anonymous."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client as HttpClient

from casys import clock
from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from casys.attestations.services.keys import status_file
from casys.auditlog.models import AuditEntry
from casys.certification.models import Audit, Certificate, ProposalState, SuspensionProposal
from casys.certification.services import CertificationError, suspensions
from casys.core import credentials, status_list
from casys.core.schemes import OverdueLimit, SchemeError, parse_scheme
from casys.core.surveillance import overdue
from casys.jobs import daily
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)
RULE = "surveillance-overdue"
DUE = date(2027, 3, 10)  # the first surveillance of the `certified` fixture (decision 2026-03-10)


def run(day: date) -> list[dict]:
    return daily.run(day, only=[RULE]).changes[RULE]


def suspension_bit(row: Attestation) -> bool:
    """The certificate's bit in the suspension list its issuer last signed and published."""
    token = status_file(row.issuer_slug, f"{row.status_list}-suspension").read_text()
    encoded = credentials.unverified_claims(token)["credentialSubject"]["encodedList"]
    return status_list.read_bit(status_list.decode(encoded, "suspension"), row.status_index)


@pytest.fixture
def cert(certified) -> Certificate:
    with unscoped():
        audits = Audit.all_objects.filter(application=certified, phase="surveillance")
        first = audits.order_by("latest").first()
        assert first is not None and first.latest == DUE
        return Certificate.all_objects.get(application=certified)


def test_the_limit_passes_the_day_after_the_scheme_s_days_of_grace():
    limit = OverdueLimit(after_days=30, then="propose-suspension", source="s")
    assert overdue(DUE, date(2027, 4, 9), limit) is None
    found = overdue(DUE, date(2027, 4, 10), limit)
    assert found is not None and (found.days_late, found.action) == (31, "propose-suspension")
    assert overdue(DUE, DUE, OverdueLimit(0, "suspend", "s")) is None
    assert overdue(DUE, date(2027, 3, 11), OverdueLimit(0, "suspend", "s")) is not None


def test_a_scheme_file_s_overdue_limit_is_checked_and_names_the_key():
    base = (
        'id = "x"\nstandard = "s"\nobject = "o"\nattestation = { kind = "certificate", validity_years = 3 }\n'
    )
    phases = (
        'phases = [{ id = "initial", activities = ["a"], decision = true },'
        ' { id = "surveillance", every = "year", activities = ["b"] }]\n'
    )
    table = 'surveillance_overdue = { after_days = 5, source = "ours" }\n'
    ok = parse_scheme(base + table + phases, "x.toml")
    assert ok.surveillance_overdue == OverdueLimit(5, "propose-suspension", "ours")
    bad = [
        ('{ after_days = -1, source = "ours" }', "surveillance_overdue.after_days: must be 0 or more"),
        ('{ after_days = 5, then = "warn", source = "o" }', "overdue.then: unknown action 'warn'"),
        ("{ after_days = 5 }", "surveillance_overdue.source: missing key"),
    ]
    for limit, message in bad:
        with pytest.raises(SchemeError, match=message):
            parse_scheme(base + f"surveillance_overdue = {limit}\n" + phases, "x.toml")
    initial_only = 'phases = [{ id = "initial", activities = ["a"], decision = true }]\n'
    with pytest.raises(SchemeError, match="no surveillance phase"):
        parse_scheme(base + table + initial_only, "x.toml")


def test_an_overdue_surveillance_is_proposed_for_suspension_once_and_logged_as_system(cert):
    assert run(date(2027, 4, 9)) == []  # 30 days late: within the scheme's limit
    first = run(date(2027, 4, 10))
    assert first == [
        {
            "body": "alpha-cert",
            "certificate": cert.number,
            "audit": first[0]["audit"],
            "due": "2027-03-10",
            "days_late": 31,
            "state": "proposed",
        }
    ]
    assert run(date(2027, 4, 10)) == [] and run(date(2027, 4, 11)) == []  # nothing more, ever
    with unscoped():
        proposal = SuspensionProposal.all_objects.get()
        entry = AuditEntry.objects.get(action="certification.suspension.proposed")
        cert.refresh_from_db()
    assert (proposal.state, proposal.due, proposal.proposed_on) == ("proposed", DUE, date(2027, 4, 10))
    assert cert.status == "issued"  # a proposal changes nothing until the decision maker accepts it
    assert entry.actor_label == "system" and entry.actor_user_id is None and entry.data["rule"] == RULE


def test_the_body_s_decision_makers_are_told_once_in_their_language(cert, owner, team, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dm = make_user("dm@alpha.example", "Dina Decider")
    dm.language = "ru"
    dm.save()
    Membership.all_objects.create(user=dm, body=cert.body, role=Role.DECISION_MAKER)
    run(date(2027, 4, 10))
    run(date(2027, 4, 11))
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["dm@alpha.example", "owner@alpha.example"]  # not the auditor
    english, russian = by_address["owner@alpha.example"], by_address["dm@alpha.example"]
    assert english.subject.startswith(f"Suspension proposed: {cert.number} (Müller Präzisionsteile GmbH)")
    assert (
        "is 31 days overdue" in english.body
        and "/certification/alpha-cert/suspension-proposals/" in english.body
    )
    assert russian.subject.startswith(f"Предложена приостановка: {cert.number}")
    assert "просрочка 31 день" in russian.body


def test_a_done_surveillance_or_an_inactive_certificate_gets_no_proposal(cert):
    with unscoped():
        Audit.all_objects.filter(application=cert.application, latest=DUE).update(done_on=date(2027, 3, 1))
    assert run(date(2027, 5, 1)) == []
    with unscoped():
        Audit.all_objects.filter(application=cert.application, latest=DUE).update(done_on=None)
        Certificate.all_objects.filter(pk=cert.pk).update(status="suspended")
    assert run(date(2027, 5, 1)) == []


def test_accepting_suspends_the_certificate_in_its_attestation_and_its_status_list(cert, owner):
    run(date(2027, 4, 10))
    with unscoped():
        proposal = SuspensionProposal.all_objects.get()
        row = Attestation.all_objects.get(issuer=cert.body, kind=Kind.CERTIFICATE, number=cert.number)
    assert not suspension_bit(row)
    with unscoped(), clock.travel_to(date(2027, 4, 12)):
        suspensions.accept(proposal, user=owner, on=date(2027, 4, 12))
        cert.refresh_from_db()
        row.refresh_from_db()
        event = cert.events.last()
        with pytest.raises(CertificationError, match="state: this proposal is already"):
            suspensions.reject(proposal, user=owner, on=date(2027, 4, 12), reason="too late")
    assert (cert.status, cert.status_since, row.status) == ("suspended", date(2027, 4, 12), "suspended")
    assert event.kind == "suspended" and "9.6.5.1" in event.why and event.by_id == owner.pk
    assert suspension_bit(row)
    with unscoped():
        assert AuditEntry.objects.filter(action="certification.suspension.accepted").count() == 1


def test_rejecting_needs_a_reason_and_keeps_the_certificate_active(cert, owner):
    run(date(2027, 4, 10))
    with unscoped():
        proposal = SuspensionProposal.all_objects.get()
        with pytest.raises(CertificationError, match="^reason: "):
            suspensions.reject(proposal, user=owner, on=date(2027, 4, 12), reason="  ")
        suspensions.reject(proposal, user=owner, on=date(2027, 4, 12), reason="audited on 8 April")
        cert.refresh_from_db()
        proposal.refresh_from_db()
    assert (cert.status, proposal.state, proposal.reason) == ("issued", "rejected", "audited on 8 April")
    assert run(date(2027, 4, 20)) == []  # the rejected audit is not proposed again


def test_a_scheme_that_says_suspend_suspends_at_once_without_a_proposal(cert):
    with unscoped():
        cert.application.schemes = ["type5-electrical"]
        cert.application.save(update_fields=["schemes"])
    assert run(date(2027, 3, 10)) == []  # the due date itself
    changes = run(date(2027, 3, 11))
    assert [c["state"] for c in changes] == ["applied"]
    assert run(date(2027, 3, 12)) == []
    with unscoped():
        cert.refresh_from_db()
        row = Attestation.all_objects.get(issuer=cert.body, kind=Kind.CERTIFICATE, number=cert.number)
        entry = AuditEntry.objects.get(action="certification.suspension.applied")
        event = AuditEntry.objects.get(action="certification.certificate.suspended")
    assert cert.status == "suspended" and row.status == "suspended" and suspension_bit(row)
    assert entry.actor_label == "system" and event.actor_label == "system" and RULE in event.data["why"]


# --- pages ----------------------------------------------------------------------------------------


STAFF = [
    Role.ADMIN,
    Role.SCHEME_MANAGER,
    Role.AUDITOR,
    Role.DECISION_MAKER,
    Role.ANALYST,
    Role.REPORT_REVIEWER,
]
DECIDERS = {Role.ADMIN, Role.DECISION_MAKER}


@pytest.fixture
def proposal(cert) -> SuspensionProposal:
    run(date(2027, 4, 10))
    with unscoped():
        return SuspensionProposal.all_objects.get()


def member(body, role) -> HttpClient:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body, role=role)
    c = HttpClient()
    c.force_login(user)
    return c


def urls(proposal) -> tuple[str, str]:
    slug = proposal.body.slug
    return (
        f"/certification/{slug}/suspension-proposals/",
        f"/certification/{slug}/suspension-proposals/{proposal.pk}/decide/",
    )


@pytest.mark.parametrize("role", STAFF)
def test_every_staff_role_sees_the_proposals_and_only_deciders_get_the_form(proposal, role):
    client = member(proposal.body, role)
    listing, decide = urls(proposal)
    page = client.get(listing)
    assert page.status_code == 200 and proposal.certificate.number in page.content.decode()
    has_form = f'id="decide-{proposal.pk}"' in page.content.decode()
    assert has_form == (role in DECIDERS)
    posted = client.post(decide, {"decision": "rejected", "reason": "audited"})
    assert posted.status_code == (302 if role in DECIDERS else 403)


def test_a_client_contact_a_foreign_body_and_anonymous_cannot_reach_the_proposals(
    proposal, contact_client, outsider_client
):
    listing, decide = urls(proposal)
    for client in (contact_client, outsider_client):
        assert client.get(listing).status_code == 404
        assert client.post(decide, {"decision": "accepted", "confirm": "yes"}).status_code == 404
    anonymous = HttpClient()
    for r in (anonymous.get(listing), anonymous.post(decide, {"decision": "accepted"})):
        assert r.status_code == 302 and "/login" in r["Location"]
    with unscoped():
        proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


def test_the_decision_maker_accepts_on_the_page_after_confirming(proposal):
    clock.set_today(date(2027, 4, 12))
    client = member(proposal.body, Role.DECISION_MAKER)
    listing, decide = urls(proposal)
    refused = client.post(decide, {"decision": "accepted", "reason": "no audit"}, follow=True)
    assert "confirm: tick the box" in refused.content.decode()
    assert 'value="no audit"' in refused.content.decode()  # what was typed is kept
    with unscoped():
        proposal.refresh_from_db()
        assert proposal.state == "proposed"
    done = client.post(decide, {"decision": "accepted", "reason": "no audit", "confirm": "yes"}, follow=True)
    assert "The decision was recorded." in done.content.decode()
    with unscoped():
        proposal.refresh_from_db()
        proposal.certificate.refresh_from_db()
    assert proposal.state == "accepted" and proposal.certificate.status == "suspended"
    assert client.get(listing).content.decode().count(f'id="decide-{proposal.pk}"') == 0
