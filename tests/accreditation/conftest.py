"""Fixtures: body_a is an accreditation body that accredited a third CB (gamma-cert)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys.accounts.models import Body, BodyKind
from casys.accounts.scoping import unscoped
from casys.accreditation.models import Accreditation
from casys.accreditation.services import accreditations as svc
from tests.conftest import make_body


@pytest.fixture
def ab_a(body_a: Body) -> Body:
    Body.all_objects.filter(pk=body_a.pk).update(kind=BodyKind.ACCREDITATION_BODY)
    body_a.refresh_from_db()
    return body_a


@pytest.fixture
def gamma(db: Any) -> Body:
    return make_body("gamma-cert", name="Gamma Certification")


@pytest.fixture
def accreditation(ab_a: Body, gamma: Body) -> Accreditation:
    with unscoped():
        return svc.grant(
            ab_a,
            svc.GrantInput(
                cab=gamma,
                number="AB-17",
                standard="ISO/IEC 17021-1",
                valid_from=date(2020, 1, 1),
                valid_until=date(2030, 1, 1),
                scope=(
                    svc.ScopeInput("ISO 9001:2015", ("17", "28")),
                    svc.ScopeInput("ISO 14001:2015", ("17",)),
                ),
            ),
        )
