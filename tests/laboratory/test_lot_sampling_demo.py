"""The inspection demo: LCEM's bolts, 15 lots walking normal → tightened → normal, loaded once."""

from __future__ import annotations

import pytest

from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.demo import USERS, load
from casys.laboratory.models import SampledLot, SamplingScheme
from casys.laboratory.services.lot_sampling import history

pytestmark = pytest.mark.django_db


def test_the_demo_walks_normal_tightened_normal_and_loading_twice_changes_nothing() -> None:
    for email, name, _body, _role in USERS:  # without passwords: hashing them would take seconds
        User.objects.create_user(email, None, full_name=name)
    load()
    load()
    with unscoped():
        scheme = SamplingScheme.objects.get(body__slug="lcem", code="bolts-m10")
        assert SampledLot.objects.filter(scheme=scheme).count() == 15
        steps = history(scheme).steps
    assert [s.lot.severity for s in steps] == ["normal"] * 6 + ["tightened"] * 7 + ["normal"] * 2
    assert [s.lot.lot for s in steps if not s.lot.accepted] == ["VR-2026-004", "VR-2026-006", "VR-2026-008"]
    assert [s.lot.lot for s in steps if s.event] == ["VR-2026-006", "VR-2026-013"]
