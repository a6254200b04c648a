"""Verification fixtures: body V is a validation/verification body with verifiers and a reviewer.

``outsider`` (admin of another body) comes from tests/conftest.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM, Actor
from casys.verification.models import Engagement
from casys.verification.services.engagements import assign_reviewer, assign_team, open_engagement
from tests.conftest import make_body, make_user

INVENTORY = (
    "source,category,gas,activity,activity_unit,factor,factor_unit\n"
    "boiler,1,CO2,1000,TJ,56.1,t/TJ\n"
    "boiler,1,CH4,1000,TJ,1,kg/TJ\n"
    "chiller,1,HFC-134a,100,kg,1,kg/kg\n"
    "grid,2,CO2,20000,MWh,0.2,t/MWh\n"
)
# AR6: 56 100 + 27.9 + 153 + 4 000 = 60 280.9 t CO2e


@pytest.fixture
def vv(db: Any) -> Body:
    return make_body("vera-vv", kind=BodyKind.VALIDATION_VERIFICATION_BODY, name="Vera Verification")


def _member(email: str, body: Body, role: str) -> User:
    user = make_user(email)
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


@pytest.fixture
def vv_admin(vv: Body) -> User:
    return _member("admin@vera.example", vv, Role.ADMIN)


@pytest.fixture
def verifier(vv: Body) -> User:
    return _member("lead@vera.example", vv, Role.VERIFIER)


@pytest.fixture
def reviewer(vv: Body) -> User:
    return _member("reviewer@vera.example", vv, Role.VERIFIER)


@pytest.fixture
def vv_auditor(vv: Body) -> User:
    """Staff of the body without the verifier role."""
    return _member("auditor@vera.example", vv, Role.AUDITOR)


@pytest.fixture
def engagement(vv: Body, verifier: User, reviewer: User) -> Engagement:
    with unscoped():
        e = open_engagement(
            vv, actor=SYSTEM, client_name="Acme Cement", title="2025 emissions report", programme="eu-ets",
            period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), previous_average_tco2e=45_000,
        )  # fmt: skip
        assign_team(e, actor=SYSTEM, members=[verifier])
        assign_reviewer(e, actor=SYSTEM, reviewer=reviewer)
        return e


def actor(user: User) -> Actor:
    return Actor(user=user, label=str(user))


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c
