"""A result measured after today is refused at recording time, with the reason by the field (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from casys import clock
from casys.accounts.scoping import unscoped
from casys.laboratory.models import TestResult

pytestmark = pytest.mark.django_db


def test_a_result_measured_after_today_is_refused_and_the_form_keeps_what_was_typed(
    analyst_client, method, customer
) -> None:
    form = {"method": method.pk, "customer": customer.pk, "sample": "G-9", "value": "10.02"}
    with clock.travel_to(date(2026, 3, 1)):
        response = analyst_client.post(
            "/laboratory/alpha-lab/results/new/", {**form, "measured_on": "2026-03-02"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "2026-03-02 is after today (2026-03-01); record a result once it has been measured" in html
        assert 'value="G-9"' in html and 'value="10.02"' in html
        with unscoped():
            assert not TestResult.objects.exists()
        analyst_client.post("/laboratory/alpha-lab/results/new/", {**form, "measured_on": "2026-03-01"})
    with unscoped():
        assert TestResult.objects.get().measured_on == date(2026, 3, 1)
