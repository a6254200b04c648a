"""The daily rule ``person-recertification-due`` on fixed dates, through a real SMTP server: the
certified person is reminded before expiry, in their language (FR, RU), with the route to
recertification (re-examination, or CPD with the minimum and whether their log meets it); once per
certificate and expiry date; a suspended certificate or a person without an account is not mailed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys.accounts.models import Body, BodyKind, Membership, Role
from casys.accounts.scoping import unscoped
from casys.attestations.models import Kind
from casys.attestations.services.issue import issue, record_status
from casys.auditlog.services import SYSTEM
from casys.jobs import daily
from casys.persons.daily import RECERTIFICATION_RULE
from casys.persons.models import Candidate, CpdEntry, PersonCertificate
from casys.persons.services.certificates import entry
from tests.conftest import make_body, make_user
from tests.notifications.conftest import smtp, text_of  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
DAY = date(2026, 6, 1)


def _certified(
    body: Body, email: str, language: str | None, scheme_id: str, scope: str, expires: date
) -> Any:
    user = None
    if language:
        user = make_user(email, email.split("@")[0].title())
        user.language = language
        user.save()
        Membership.all_objects.create(user=user, body=body, role=Role.CANDIDATE)
    c = Candidate.all_objects.create(body=body, user=user, full_name=email.split("@")[0].title(), email=email)
    return PersonCertificate.all_objects.create(
        body=body, candidate=c, scheme_id=scheme_id, scope=scope, number=f"P-{email[:3].upper()}",
        issued_on=date(2023, 7, 1), expires_on=expires,
    )  # fmt: skip


@pytest.fixture
def certified() -> dict[str, PersonCertificate]:
    with unscoped():
        body = make_body("recert-cb", kind=BodyKind.PERSONS_CERTIFICATION_BODY, name="Recert CB")
        certs = {
            "fr": _certified(
                body, "auditrice@x.example", "fr", "ms-auditor", "auditor-qms", date(2026, 8, 1)
            ),
            "ru": _certified(
                body, "defektoskopist@x.example", "ru", "ndt-iso9712", "UT-2", date(2026, 7, 15)
            ),
            "later": _certified(body, "later@x.example", "fr", "ndt-iso9712", "UT-2", date(2026, 12, 1)),
            "suspended": _certified(body, "susp@x.example", "fr", "ndt-iso9712", "UT-2", date(2026, 7, 1)),
            "no_account": _certified(body, "noacc@x.example", None, "ndt-iso9712", "UT-2", date(2026, 7, 1)),
        }
        CpdEntry.all_objects.create(body=body, candidate=certs["fr"].candidate, done_on=date(2025, 3, 1),
                                    activity="ISO 19011 course", credits=12)  # fmt: skip
        issue(body, [entry(c) for c in certs.values()], source="test", actor=SYSTEM)
        record_status(body, Kind.PERSON_CERTIFICATE, certs["suspended"].number, "suspend", on=DAY,
                      reason="complaint under investigation", actor=SYSTEM)  # fmt: skip
    return certs


def test_the_certified_person_is_reminded_in_their_language_with_the_route_once(
    certified: dict[str, PersonCertificate],
    smtp: Any,  # noqa: F811
) -> None:
    with unscoped():
        result = daily.run(DAY, only=[RECERTIFICATION_RULE]).as_dict()
        changes = result["rules"][RECERTIFICATION_RULE]["changes"]
        assert sorted(c["to"] for c in changes) == ["auditrice@x.example", "defektoskopist@x.example"]
        again = daily.run(DAY, only=[RECERTIFICATION_RULE]).as_dict()
        assert again["rules"][RECERTIFICATION_RULE]["count"] == 0
        assert (
            daily.run(date(2026, 6, 2), only=[RECERTIFICATION_RULE]).as_dict()["rules"][RECERTIFICATION_RULE][
                "count"
            ]
            == 0
        )
    cpd = next(c for c in changes if c["to"] == "auditrice@x.example")
    assert cpd["route"] == "cpd" and cpd["cpd_required"] == 30 and cpd["cpd_logged"] == 12
    assert cpd["cpd_met"] is False
    [french] = smtp.to("auditrice@x.example")
    subject, body = str(french["Subject"]), " ".join(text_of(french).split())
    assert "P-AUD" in subject and "1 août 2026" in subject, subject
    assert "au moins 30 crédits sur 3 ans" in body and "12 crédits" in body and "n'atteint pas" in body, body
    [russian] = smtp.to("defektoskopist@x.example")
    subject, body = str(russian["Subject"]), " ".join(text_of(russian).split())
    assert "P-DEF" in subject and "15 июля 2026" in subject, subject
    assert "новым экзаменом" in body, body


def test_a_cpd_log_that_meets_the_minimum_is_said_to_meet_it(
    certified: dict[str, PersonCertificate],
    smtp: Any,  # noqa: F811
) -> None:
    with unscoped():
        cert = certified["fr"]
        CpdEntry.all_objects.create(body=cert.body, candidate=cert.candidate, done_on=date(2026, 5, 1),
                                    activity="Audits", credits=20)  # fmt: skip
        daily.run(DAY, only=[RECERTIFICATION_RULE])
    [french] = smtp.to("auditrice@x.example")
    body = " ".join(text_of(french).split())
    assert "32 crédits" in body and "atteint le minimum" in body, body
