"""The certification demo data: idempotent, with certificates in several states and a busy dashboard."""

from __future__ import annotations

import pytest

from casys import clock
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.accounts.services.bodies import add_member
from casys.certification.models import Audit, Certificate, Client, Finding
from casys.certification.services.dashboard import dashboard
from casys.demo import BODIES, CLIENTS, USERS, _body
from casys.demo.certification import load_demo

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Client.all_objects.count(),
        Audit.all_objects.count(),
        Finding.all_objects.count(),
        Certificate.all_objects.count(),
    )


def _base() -> None:
    """The demo's bodies and users, without password hashing (the area loader needs only them)."""
    for spec in BODIES + CLIENTS:
        _body(spec)
    for email, name, slug, role in USERS:
        user = User.objects.create_user(email, None, full_name=name)
        add_member(Body.all_objects.get(slug=slug), user, role)


def test_loading_twice_changes_nothing_and_the_states_are_there() -> None:
    with unscoped():
        _base()
        load_demo()
        first = _counts()
        load_demo()
        assert _counts() == first
        certs = {c.client.organisation.slug: c for c in Certificate.all_objects.all()}
        assert certs["mueller-praezision"].standards == ["ISO 9001:2015"]
        assert certs["volzhsky-pishchekombinat"].standards == ["ISO 14001:2015", "ISO 45001:2018"]
        assert certs["volzhsky-pishchekombinat"].client.language == "ru"
        assert certs["nordfisk"].status == "suspended"
        product = certs["kauno-elektra"]  # ISO/IEC 17065, type 5: two kettle types, one factory
        assert product.schemes == ["type5-electrical"] and product.status == "issued"
        assert [s["name"] for s in product.sites] == ["Gamykla Kaunas"]
        assert product.licence.number == f"{product.number}-L" and len(product.licence.products) == 2
        baltcert = dashboard(Body.all_objects.get(slug="baltcert"), clock.today())
    assert baltcert.overdue and baltcert.due and baltcert.open_ncs and baltcert.expiring
    assert baltcert.suspensions[0]["near"] is True
