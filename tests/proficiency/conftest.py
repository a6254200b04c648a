"""Fixtures of the proficiency tests: body A is a PT provider; laboratories X and Y take part, Z does not.

owner = admin of the provider, team = auditor of the provider (reads, may not manage),
outsider = admin of another body; lab_x_user / lab_y_user are analysts of the participating
laboratories, lab_z_user of a laboratory that is not invited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from casys.proficiency.models import Round
from casys.proficiency.services import evaluation, results, rounds
from tests.conftest import make_body, make_user

# Results of item A (Pb, µg/L) for five laboratories; L05 is the outlier.
RESULTS_A = {"L01": 10.1, "L02": 9.8, "L03": 10.3, "L04": 9.9, "L05": 14.0}
RESULTS_B = {"L01": 20.4, "L02": 19.6, "L03": 20.5, "L04": 19.9, "L05": 26.0}


@pytest.fixture
def body_a(db: Any) -> Body:
    return make_body("alpha-pt", BodyKind.PT_PROVIDER, name="Alpha PT")


def _lab(slug: str, name: str, email: str, country: str, role: str = Role.ANALYST) -> tuple[Body, User]:
    lab = make_body(slug, BodyKind.LABORATORY, name=name, country=country)
    user = make_user(email)
    Membership.all_objects.create(user=user, body=lab, role=role)
    return lab, user


@pytest.fixture
def lab_x(db: Any) -> Body:
    return _lab("lab-x", "Laboratory X", "x@lab-x.example", "FR")[0]


@pytest.fixture
def lab_y(db: Any) -> Body:
    return _lab("lab-y", "Laboratory Y", "y@lab-y.example", "DE")[0]


@pytest.fixture
def lab_z(db: Any) -> Body:
    return _lab("lab-z", "Laboratory Z", "z@lab-z.example", "IT")[0]


def login(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def lab_x_client(lab_x: Body) -> Client:
    return login("x@lab-x.example")


@pytest.fixture
def lab_y_client(lab_y: Body) -> Client:
    return login("y@lab-y.example")


@pytest.fixture
def lab_z_client(lab_z: Body) -> Client:
    return login("z@lab-z.example")


def token_for(email: str, slug: str) -> str:
    with unscoped():
        return create_token(
            user=User.objects.get(email=email), body=Body.all_objects.get(slug=slug), name="t", actor=SYSTEM
        )[1]


@pytest.fixture
def designed_round(
    body_a: Body, owner: User, team: User, outsider: User, lab_x: Body, lab_y: Body, lab_z: Body
) -> Round:
    """A draft round: Pb on items A and B, σpt 0.5 µg/L and 1.0 µg/L by item; X is L01, Y is L02."""
    with unscoped():
        scheme = rounds.create_scheme(body_a, name="Trace metals in water")
        pt_round = rounds.create_round(
            scheme, code="TM-2026-1", opens_on=date(2026, 3, 2), deadline=date(2026, 4, 10)
        )
        rounds.add_measurand(pt_round, name="Pb", unit="µg/L", sigma_pt=0.5, mass_fraction_per_unit=1e-9)
        rounds.add_item(pt_round, code="A")
        rounds.add_item(pt_round, code="B")
        rounds.invite(pt_round, lab_x, code="L01")
        rounds.invite(pt_round, lab_y, code="L02", language="fr")
        for n in (3, 4, 5):
            extra, _user = _lab(f"lab-{n}", f"Laboratory {n}", f"u{n}@lab-{n}.example", "ES")
            rounds.invite(pt_round, extra, code=f"L0{n}")
        return pt_round


@pytest.fixture
def open_round(designed_round: Round) -> Round:
    with unscoped():
        rounds.open_round(designed_round)
    return designed_round


def _submit_all(pt_round: Round) -> None:
    from casys.proficiency.models import Participation

    for participation in Participation.all_objects.filter(round=pt_round):
        results.submit(
            participation,
            [
                results.Entry("A", "Pb", RESULTS_A[participation.code], 0.8),
                results.Entry("B", "Pb", RESULTS_B[participation.code], 1.6),
            ],
        )


@pytest.fixture
def closed_round(open_round: Round) -> Round:
    from casys.clock import travel_to

    with unscoped(), travel_to(date(2026, 4, 1)):
        _submit_all(open_round)
        rounds.close_round(open_round)
    return open_round


@pytest.fixture
def evaluated_round(closed_round: Round) -> Round:
    with unscoped():
        evaluation.evaluate(closed_round, assigned="algorithm-a", sigma_source="prescribed", exclusions={})
    return closed_round


@pytest.fixture
def published_round(evaluated_round: Round) -> Round:
    with unscoped():
        rounds.publish_round(evaluated_round)
    return evaluated_round
