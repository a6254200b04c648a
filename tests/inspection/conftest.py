"""Inspection fixtures: body A is an inspection body (type C for lifting equipment, type B for pressure
equipment, type A for pre-shipment sampling) with an inspector, a reviewer, a client with a crane, and
a calibrated instrument. ``owner`` (admin of A) and ``outsider`` (admin of B) come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.inspection.models import Inspection, Instrument, Item
from casys.inspection.services import inspections, setup
from tests.conftest import make_body, make_user

ON = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _system() -> Iterator[None]:
    with unscoped():
        yield


@pytest.fixture
def body_a(db: Any) -> Body:
    return make_body("alpha-insp", kind=BodyKind.INSPECTION_BODY, name="Alpha Inspection")


@pytest.fixture
def body_b(db: Any) -> Body:
    return make_body("beta-insp", kind=BodyKind.INSPECTION_BODY, name="Beta Inspection", country="EE")


def member(email: str, name: str, body: Body, role: str) -> User:
    user = make_user(email, name)
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def client_body(body_a: Body) -> Body:
    return setup.add_client(body_a, name="Harbour Cranes", country="LV", actor=SYSTEM)


@pytest.fixture
def parent(body_a: Body) -> Body:
    """The organisation body A is part of (for type B)."""
    org = setup.add_client(body_a, name="Alpha Group", country="LV", actor=SYSTEM)
    setup.set_parent(body_a, org, actor=SYSTEM)
    return org


@pytest.fixture
def scope(body_a: Body) -> None:
    setup.declare_scope(
        body_a, scheme_id="lifting-equipment-periodic", independence="C", declared_on=None, actor=SYSTEM
    )
    setup.declare_scope(
        body_a, scheme_id="pressure-equipment-periodic", independence="B", declared_on=None, actor=SYSTEM
    )
    setup.declare_scope(
        body_a,
        scheme_id="pre-shipment-sampling",
        independence="A",
        declared_on=date(2026, 1, 1),
        actor=SYSTEM,
    )


@pytest.fixture
def inspector(body_a: Body, scope: None) -> User:
    user = member("ines@alpha.example", "Ines Inspector", body_a, Role.INSPECTOR)
    for field in ("lifting-equipment-periodic", "pressure-equipment-periodic", "pre-shipment-sampling"):
        setup.grant_competence(body_a, inspector=user, field=field, granted_on=date(2025, 1, 1), actor=SYSTEM)
    return user


@pytest.fixture
def reviewer(body_a: Body) -> User:
    return member("rex@alpha.example", "Rex Reviewer", body_a, Role.REPORT_REVIEWER)


@pytest.fixture
def crane(body_a: Body, client_body: Body) -> Item:
    return setup.add_item(
        body_a,
        owner=client_body,
        identifier="CR-12",
        description="Overhead crane 10 t",
        kind="item",
        actor=SYSTEM,
    )


@pytest.fixture
def gauge(body_a: Body) -> Instrument:
    return setup.add_instrument(
        body_a, code="GA-1", name="Hook gauge", calibration_due=date(2026, 12, 31), actor=SYSTEM
    )


@pytest.fixture
def started(body_a: Body, client_body: Body, crane: Item, inspector: User) -> Inspection:
    """A lifting-equipment inspection of the crane, assigned and in progress."""
    i = inspections.plan_inspection(
        body_a,
        scheme_id="lifting-equipment-periodic",
        client=client_body,
        items=[crane],
        planned_on=ON,
        actor=SYSTEM,
    )
    i = inspections.assign(i, inspector=inspector, on=ON, actor=SYSTEM)
    return inspections.start(i, on=ON, actor=SYSTEM)


ANSWERS = {
    "marking": "pass",
    "hook-latch": "pass",
    "hook-throat-opening": ("2.0", "0.2"),
    "chain-wear": ("3.0", "0.2"),
    "rope-broken-wires": "1",
    "brake-function": "pass",
}


def answer_all(inspection: Inspection, item: Item, instrument: Instrument, **override: Any) -> None:
    for check, raw in {**ANSWERS, **override}.items():
        value, u = raw if isinstance(raw, tuple) else (raw, None)
        inspections.record_check(
            inspection,
            item=item,
            check_id=check,
            value=value,
            u=u,
            instrument=instrument if u is not None else None,
            on=ON,
            actor=SYSTEM,
        )
