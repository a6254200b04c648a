"""Fixtures of the certification app: a client of body A with a contact, auditors, an application."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient

from casys import clock
from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.certification.models import Application, Auditor
from casys.certification.models import Client as CertClient
from casys.certification.services import applications, auditors, clients
from tests.conftest import make_user

START = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def fixed_day() -> Any:
    clock.set_today(START)
    yield
    clock.set_today(None)


@pytest.fixture
def cert_client(body_a: Body) -> CertClient:
    with unscoped():
        return clients.create_client(
            body_a,
            name="Müller Präzisionsteile GmbH",
            country="DE",
            city="Stuttgart",
            address="Industriestraße 4",
            language="fr",
        )


@pytest.fixture
def contact(cert_client: CertClient) -> User:
    user = make_user("contact@mueller.example", "Stefan Müller")
    Membership.all_objects.create(user=user, body=cert_client.organisation, role=Role.CLIENT_CONTACT)
    return user


@pytest.fixture
def contact_client(contact: User) -> HttpClient:
    c = HttpClient()
    c.force_login(contact)
    return c


@pytest.fixture
def anna(body_a: Body) -> Auditor:
    with unscoped():
        a = auditors.create_auditor(body_a, name="Anna Auditor", leader_for=["iso9001"])
        auditors.add_qualification(a, "iso9001", 17)
        auditors.add_qualification(a, "iso9001", 18)
        return a


@pytest.fixture
def ben(body_a: Body) -> Auditor:
    with unscoped():
        a = auditors.create_auditor(body_a, name="Ben Builder")
        auditors.add_qualification(a, "iso9001", 28)
        return a


@pytest.fixture
def owner_auditor(body_a: Body, owner: User) -> Auditor:
    with unscoped():
        a = auditors.create_auditor(body_a, name="Olga Owner", user=owner, leader_for=["iso9001"])
        auditors.add_qualification(a, "iso9001", 17)
        return a


def central(**kw: Any) -> applications.SiteInput:
    fields: dict[str, Any] = {
        "name": "Stuttgart plant",
        "address": "Industriestraße 4",
        "country": "DE",
        "central": True,
        "full_time": 100,
        "part_time": 10,
        "part_time_hours": 20,
    }
    fields.update(kw)
    return applications.SiteInput(**fields)


@pytest.fixture
def application(body_a: Body, cert_client: CertClient) -> Application:
    with unscoped():
        return applications.create_application(
            body_a,
            cert_client,
            schemes=["iso9001"],
            scope="Machining of precision parts",
            iaf_codes=[17],
            complexity="medium",
            sites=[central()],
            received_on=START,
        )


@pytest.fixture
def other_client(body_b: Body) -> CertClient:
    with unscoped():
        org = Body.all_objects.create(
            slug="other-org", name="Other Org", kind=BodyKind.CLIENT, country="EE", managed_by=body_b
        )
        return clients.create_client(body_b, name="", country="", organisation=org)


DECIDED = date(2026, 3, 10)


@pytest.fixture
def certified(application: Application, anna: Auditor, owner: User) -> Application:
    """The application through review, stage 1 and stage 2 (by Anna) and the owner's decision."""
    from casys.certification.services import audits, decisions

    with unscoped():
        applications.review_application(application, on=date(2026, 1, 6), user=owner)
        for i, a in enumerate(application.audits.order_by("id")):
            on = date(2026, 1, 20) + timedelta(days=14 * i)
            audits.plan_audit(a, leader=anna, team=[], planned_on=on, days=a.days or 1)
            with clock.travel_to(on):  # an audit is recorded once it has been carried out
                audits.record_audit(a, done_on=on, mode="on-site", days=a.days or 1)
        decisions.take_decision(application, review_notes="Reports reviewed", user=owner, on=DECIDED)
    return application
