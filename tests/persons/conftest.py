# ruff: noqa: E501
"""Persons fixtures: body A is a certification body for persons with its staff and a candidate; the
outsider (admin of B, another persons body) comes from here too. ``bank`` builds a small item bank
for the NDT example scheme, approved, and ``ready_session`` a session with one eligible candidate."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from casys.accounts.models import Body, BodyKind, Membership, Role, User
from casys.auditlog.services import Actor
from casys.persons.models import Application, ExamSession, Form, Item
from casys.persons.services import persons_part
from casys.persons.services.candidates import apply, check_eligibility, register_candidate, upload_evidence
from casys.persons.services.forms import assemble_form
from casys.persons.services.items import create_item, review_item
from casys.persons.services.sessions import add_sitting, create_session
from tests.conftest import make_body, make_user

ON = date(2026, 3, 2)
SCHEME = "ndt-iso9712"
ROLES = ("admin", "scheme_manager", "examiner", "decision_maker", "candidate", "auditor")


@pytest.fixture
def body_a(db: Any) -> Body:
    return make_body("alpha-persons", kind=BodyKind.PERSONS_CERTIFICATION_BODY, name="Alpha Persons")


@pytest.fixture
def body_b(db: Any) -> Body:
    return make_body("beta-persons", kind=BodyKind.PERSONS_CERTIFICATION_BODY, name="Beta Persons")


def member(body: Body, role: str, email: str | None = None) -> User:
    user = make_user(email or f"{role}@{body.slug}.example", role.replace("_", " ").title())
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


@pytest.fixture
def users(body_a: Body, body_b: Body) -> dict[str, User]:
    out = {role: member(body_a, role) for role in ROLES}
    out["examiner2"] = member(body_a, Role.EXAMINER, "examiner2@alpha.example")
    #: the item bank's second person: items are written by one and reviewed by another (author ≠ reviewer)
    out["item_writer"] = member(body_a, Role.SCHEME_MANAGER, "writer@alpha.example")
    out["outsider"] = member(body_b, Role.ADMIN)
    return out


def client_of(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def actor(user: User) -> Actor:
    return Actor(user=user)


def build_bank(body: Body, author: User, reviewer: User, per_element: int = 6) -> list[Item]:
    p = persons_part(SCHEME)
    items = []
    for e in p.elements:
        for i in range(per_element):
            code = f"{e.id}-{i + 1}"
            if e.part == "practical":
                item = create_item(
                    body, actor=actor(author), scheme_id=SCHEME, code=code, element=e.id, kind="practical",
                    stem=f"Test specimen {i + 1}", rubric=[{"criterion": "detection", "points": 6},
                                                           {"criterion": "report", "points": 4}],
                )  # fmt: skip
            elif i % 3 == 0:
                item = create_item(
                    body, actor=actor(author), scheme_id=SCHEME, code=code, element=e.id, kind="numeric",
                    stem=f"Value {i}?", key="2.5", tolerance=0.1,
                )  # fmt: skip
            else:
                item = create_item(
                    body, actor=actor(author), scheme_id=SCHEME, code=code, element=e.id, kind="single",
                    stem=f"{e.title} question {i}?", options=["one", "two", "three", "four"], key="B",
                )  # fmt: skip
            items.append(review_item(item, actor=actor(reviewer), approve=True))
    return items


@pytest.fixture
def bank(body_a: Body, users: dict[str, User]) -> list[Item]:
    return build_bank(body_a, users["item_writer"], users["scheme_manager"])


@pytest.fixture
def form(body_a: Body, users: dict[str, User], bank: list[Item]) -> Form:
    return assemble_form(
        body_a, actor=actor(users["scheme_manager"]), scheme_id=SCHEME, code="F-1", seed=7, on=ON
    )


def eligible_application(body: Body, user: User | None, name: str = "Cara Candidate") -> Application:
    c = register_candidate(
        body, actor=Actor(user=None), full_name=name, email=f"{name.split()[0].lower()}@x.example", user=user
    )
    a = apply(c, actor=Actor(user=None), scheme_id=SCHEME, scope="UT-2", on=ON)
    for req, value in (
        ("education", "school"),
        ("training_hours", "80"),
        ("experience_months", "9"),
        ("vision", "yes"),
    ):
        upload_evidence(
            a,
            actor=Actor(user=None),
            requirement=req,
            value=value,
            filename=f"{req}.pdf",
            content=b"%PDF " + req.encode(),
            on=ON,
        )
    return check_eligibility(a, actor=Actor(user=None))


@pytest.fixture
def session(body_a: Body, users: dict[str, User], form: Form) -> ExamSession:
    s = create_session(
        body_a, actor=actor(users["admin"]), form=form, held_on=ON, place="Riga test centre",
        invigilator=users["scheme_manager"], examiner=users["examiner"], second_examiner=users["examiner2"],
    )  # fmt: skip
    add_sitting(s, actor=actor(users["admin"]), application=eligible_application(body_a, users["candidate"]))
    return s
