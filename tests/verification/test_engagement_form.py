"""The page that opens an engagement with its team and independent reviewer."""

from __future__ import annotations

import pytest

from casys.verification.models import Engagement
from tests.verification.conftest import client_for

pytestmark = pytest.mark.django_db
PATH = "/verification/vera-vv/engagements/new/"


def _data(team, reviewer) -> dict:
    return {
        "client_name": "Acme Cement", "title": "2025 emissions report", "engagement_type": "verification",
        "assurance": "limited", "programme": "eu-ets",
        "period_start": "2025-01-01", "period_end": "2025-12-31",
        "gwp": "AR6", "previous_average_tco2e": "45000", "reported_total_tco2e": "", "cooling_off_years": "2",
        "team": [str(u.pk) for u in team], "reviewer": str(reviewer.pk),
    }  # fmt: skip


def test_a_verifier_opens_an_engagement_with_team_and_reviewer(vv, verifier, reviewer) -> None:
    response = client_for(verifier).post(PATH, _data([verifier], reviewer))
    assert response.status_code == 302
    e = Engagement.all_objects.get(body=vv)
    assert (e.client_name, e.assurance, e.reviewer_id) == ("Acme Cement", "limited", reviewer.pk)
    assert list(e.team.values_list("pk", flat=True)) == [verifier.pk]


def test_the_reviewer_on_the_team_is_refused_and_nothing_is_saved(vv, verifier, reviewer) -> None:
    response = client_for(verifier).post(PATH, _data([verifier, reviewer], reviewer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "is the independent reviewer" in html or "on the team" in html
    assert 'value="Acme Cement"' in html
    assert not Engagement.all_objects.filter(body=vv).exists()


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(vv, verifier, reviewer) -> None:
    data = _data([verifier], reviewer) | {"period_end": "2024-12-31"}
    html = client_for(verifier).post(PATH, data).content.decode()
    assert "ends before the period starts" in html
    assert not Engagement.all_objects.filter(body=vv).exists()


def test_roles_on_the_form(vv, vv_admin, verifier, vv_auditor, outsider, client) -> None:
    assert client_for(vv_admin).get(PATH).status_code == 200
    assert client_for(verifier).get(PATH).status_code == 200
    assert client_for(vv_auditor).get(PATH).status_code == 403
    assert client_for(outsider).get(PATH).status_code == 404
    assert client_for(outsider).post(PATH, {}).status_code == 404
    response = client.get(PATH)
    assert response.status_code == 302 and "/login" in response["Location"]
