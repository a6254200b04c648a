"""The certification demo data: idempotent, with certificates in several states and a busy dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casys import clock
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.accounts.services.bodies import add_member
from casys.certification.models import (
    Address,
    Audit,
    Certificate,
    Client,
    ContactPerson,
    Finding,
    Qualification,
)
from casys.certification.services.dashboard import dashboard
from casys.core import master_data
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


def test_the_demo_clients_have_master_data_and_the_auditors_dated_qualifications() -> None:
    with unscoped():
        _base()
        load_demo()
        rows = list(Client.all_objects.select_related("organisation"))
        assert len(rows) == 9  # eight management-system clients and one product client
        for c in rows:
            assert (
                master_data.vat(c.vat_number) == c.vat_number and c.vat_number[:2] == c.organisation.country
            )
            assert master_data.nace(c.nace_code) == c.nace_code and c.registration_number
            assert ContactPerson.all_objects.filter(client=c, is_primary=True).count() == 1
            assert Address.all_objects.filter(client=c, kind="registered").count() == 1
        assert Client.all_objects.get(organisation__slug="mueller-praezision").nace_code == "C25.62"
        today = clock.today()
        expired = Qualification.all_objects.filter(valid_until__lt=today)
        assert expired.count() == 2 and all(q.evidence.count() == 2 for q in expired)
        assert not Qualification.all_objects.filter(valid_from__isnull=True).exists()
        assert Qualification.all_objects.filter(valid_until__gt=today + timedelta(days=365)).count() >= 5
