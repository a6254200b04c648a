"""Demo data: EuroPT's scheme with two published rounds and an open one; loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.demo import load
from casys.proficiency.models import Evaluation, Participation, PTScheme, Result, Round, Score

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.all_objects.count() for m in (PTScheme, Round, Participation, Result, Evaluation, Score))


def test_the_demo_runs_a_scheme_with_published_and_open_rounds_and_loads_once() -> None:
    load()
    with unscoped():
        first = _counts()
        scheme = PTScheme.all_objects.get(provider__slug="europt")
        assert scheme.name == "Trace metals in drinking water"
        statuses = list(
            Round.all_objects.filter(scheme=scheme).order_by("opens_on").values_list("status", flat=True)
        )
        assert statuses == ["published", "published", "open"]
        labs = Participation.all_objects.filter(round__scheme=scheme).values_list(
            "participant__country", flat=True
        )
        assert len(set(labs)) >= 6
        assert Participation.all_objects.filter(participant__slug="lcem").count() == 3
        unsatisfactory = Score.all_objects.filter(classification="unsatisfactory")
        assert set(unsatisfactory.values_list("participation__participant__slug", flat=True)) == {
            "wasserlabor-hamburg"
        }
        assert Evaluation.all_objects.exclude(exclusions={}).count() == 1
    load()
    with unscoped():
        assert _counts() == first


def test_the_demo_lcem_analyst_reaches_the_open_round_and_a_published_report() -> None:
    load()
    client = Client()
    client.force_login(User.objects.get(email="analyst@lcem.example"))
    with unscoped():
        mine = list(
            Participation.all_objects.filter(participant__slug="lcem")
            .order_by("round__opens_on")
            .values_list("id", flat=True)
        )
    assert client.get(f"/proficiency/lcem/participations/{mine[-1]}/").status_code == 200
    report = client.get(f"/proficiency/lcem/participations/{mine[0]}/report/")
    assert report.status_code == 200 and "Wasserlabor" not in report.content.decode()
