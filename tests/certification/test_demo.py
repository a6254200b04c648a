"""The certification demo data: idempotent, with certificates in several states and a busy dashboard."""

from __future__ import annotations

import pytest

from casys import clock
from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.certification.models import Audit, Certificate, Client, Finding
from casys.certification.services.dashboard import dashboard
from casys.demo import load

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Client.all_objects.count(),
        Audit.all_objects.count(),
        Finding.all_objects.count(),
        Certificate.all_objects.count(),
    )


def test_loading_twice_changes_nothing_and_the_states_are_there() -> None:
    load()
    first = _counts()
    load()
    assert _counts() == first
    with unscoped():
        certs = {c.client.organisation.slug: c for c in Certificate.all_objects.all()}
        assert certs["mueller-praezision"].standards == ["ISO 9001:2015"]
        assert certs["volzhsky-pishchekombinat"].standards == ["ISO 14001:2015", "ISO 45001:2018"]
        assert certs["volzhsky-pishchekombinat"].client.language == "ru"
        assert certs["nordfisk"].status == "suspended"
        baltcert = dashboard(Body.all_objects.get(slug="baltcert"), clock.today())
    assert baltcert.overdue and baltcert.due and baltcert.open_ncs and baltcert.expiring
    assert baltcert.suspensions[0]["near"] is True
