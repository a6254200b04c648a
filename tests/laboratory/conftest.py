"""Laboratory fixtures: body A is a laboratory with an analyst, a report reviewer, a customer and a method.

``owner`` (admin of A), ``team`` (auditor of A: a member without a laboratory
role) and ``outsider`` (admin of B) come from tests/conftest.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.laboratory.models import DecisionRuleAgreement, TestMethod, TestResult
from casys.laboratory.services.agreements import record_agreement
from casys.laboratory.services.methods import create_method
from casys.laboratory.services.results import record_result
from tests.conftest import make_body, make_user

MODEL = """\
[model]
expression = "L + dL"

[inputs.L]
distribution = "normal"
mean = 10.0
std = 0.01

[inputs.dL]
distribution = "rectangular"
low = -0.01
high = 0.01
"""


@pytest.fixture
def body_a(db: Any) -> Body:
    return make_body("alpha-lab", kind=BodyKind.LABORATORY, name="Alpha Laboratory")


@pytest.fixture
def body_b(db: Any) -> Body:
    return make_body("beta-lab", kind=BodyKind.LABORATORY, name="Beta Laboratory", country="EE")


def _member(email: str, name: str, body: Body, role: str) -> User:
    user = make_user(email, name)
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


@pytest.fixture
def analyst(body_a: Body) -> User:
    return _member("analyst@alpha.example", "Ana Analyst", body_a, Role.ANALYST)


@pytest.fixture
def reviewer(body_a: Body) -> User:
    return _member("reviewer@alpha.example", "Rita Reviewer", body_a, Role.REPORT_REVIEWER)


@pytest.fixture
def analyst_client(analyst: User) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def customer(body_a: Body) -> Body:
    return make_body("gamma-steel", kind=BodyKind.CLIENT, name="Gamma Steel", managed_by=body_a)


@pytest.fixture
def method(body_a: Body) -> TestMethod:
    with unscoped():
        return create_method(
            body_a,
            actor=SYSTEM,
            code="length",
            title="Length of a gauge",
            measurand="length",
            unit="mm",
            lower_limit=9.9,
            upper_limit=10.1,
            uncertainty_source="model",
            model_toml=MODEL,
        )


@pytest.fixture
def agreements(body_a: Body, customer: Body, method: TestMethod) -> list[DecisionRuleAgreement]:
    with unscoped():
        simple = record_agreement(
            body_a,
            actor=SYSTEM,
            customer=customer,
            method=None,
            rule="simple",
            r=0.0,
            binary=True,
            agreed_on=date(2026, 1, 5),
            customer_representative="Greta Gamma",
        )
        guarded = record_agreement(
            body_a,
            actor=SYSTEM,
            customer=customer,
            method=method,
            rule="guarded-acceptance",
            r=1.0,
            binary=True,
            agreed_on=date(2026, 1, 6),
            customer_representative="Greta Gamma",
        )
    return [simple, guarded]


@pytest.fixture
def result(body_a: Body, customer: Body, method: TestMethod) -> TestResult:
    """A result near the upper limit: y = 10.09 mm, u = 0.01 mm, k = 2 (entered)."""
    with unscoped():
        return record_result(
            body_a,
            actor=SYSTEM,
            method=method,
            customer=customer,
            sample="Gauge G-7",
            measured_on=date(2026, 3, 1),
            value=10.09,
            u=0.01,
            k=2.0,
        )


# --- lot-by-lot acceptance inspection ------------------------------------------------------------


@pytest.fixture
def scheme_manager(body_a: Body) -> User:
    return _member("schemes@alpha.example", "Sam Schemes", body_a, Role.SCHEME_MANAGER)


@pytest.fixture
def contact(body_a: Body) -> User:
    """A client contact who is a member of the laboratory (reads nothing of its inspections)."""
    return _member("contact@gamma.example", "Greta Gamma", body_a, Role.CLIENT_CONTACT)


@pytest.fixture
def contact_client(contact: User) -> Client:
    client = Client()
    client.force_login(contact)
    return client


@pytest.fixture
def scheme(body_a: Body) -> Any:
    """Single sampling, level II, AQL 1.0, lots of 1200 (MIL-STD-105E Table I: code letter J)."""
    from casys.laboratory.services.lot_sampling import create_scheme

    with unscoped():
        return create_scheme(
            body_a,
            actor=SYSTEM,
            code="bolts-m8",
            product="Bolts M8 x 40, class 8.8",
            characteristic="thread gauge GO/NO GO",
            supplier="Delta Fasteners",
            level="II",
            aql="1.0",
            sampling="single",
            basis="nonconforming",
            lot_size=1200,
        )
