"""Closing, evaluating and publishing a PT round need a confirmation (issue 13): the step does not happen
without the "I confirm" box, and the page states the consequence."""

from __future__ import annotations

import pytest

from casys.accounts.scoping import unscoped
from casys.proficiency.models import Evaluation, Item, Measurand, Round, RoundStatus

pytestmark = pytest.mark.django_db


def _status(pt_round: Round) -> str:
    with unscoped():
        return Round.all_objects.get(pk=pt_round.pk).status


def test_a_round_is_not_closed_without_confirmation(open_round, owner_client) -> None:
    base = f"/proficiency/alpha-pt/rounds/{open_round.id}/"
    page = owner_client.get(base).content.decode()
    assert "Closing the round ends the submission of results" in page and 'name="confirm"' in page
    response = owner_client.post(base + "status/close/", follow=True)
    assert "confirm: tick the box" in response.content.decode()
    assert _status(open_round) == RoundStatus.OPEN
    owner_client.post(base + "status/close/", {"confirm": "yes"})
    assert _status(open_round) == RoundStatus.CLOSED


def test_a_round_is_not_evaluated_without_confirmation(closed_round, owner_client) -> None:
    url = f"/proficiency/alpha-pt/rounds/{closed_round.id}/evaluate/"
    choice = {"assigned": "median", "sigma_pt": "prescribed", "score": "z", "exclusions": ""}
    response = owner_client.post(url, choice)
    html = response.content.decode()
    assert response.status_code == 200 and "confirm: tick the box to confirm the evaluation" in html
    with unscoped():
        assert not Evaluation.all_objects.exists()
    assert _status(closed_round) == RoundStatus.CLOSED
    owner_client.post(url, {**choice, "confirm": "yes"})
    assert _status(closed_round) == RoundStatus.EVALUATED


def test_a_round_is_not_published_without_confirmation(evaluated_round, owner_client) -> None:
    base = f"/proficiency/alpha-pt/rounds/{evaluated_round.id}/"
    assert "Publishing releases every participant" in owner_client.get(base).content.decode()
    owner_client.post(base + "status/publish/", {"confirm": "no"})
    assert _status(evaluated_round) == RoundStatus.EVALUATED
    owner_client.post(base + "status/publish/", {"confirm": "yes"})
    assert _status(evaluated_round) == RoundStatus.PUBLISHED


def test_a_refused_measurand_keeps_what_was_typed(designed_round, owner_client) -> None:
    base = f"/proficiency/alpha-pt/rounds/{designed_round.id}/"
    response = owner_client.post(
        base + "measurands/", {"name": "Cadmium", "unit": "µg/L", "sigma_pt": "abc"}, follow=True
    )
    html = response.content.decode()
    assert 'value="Cadmium"' in html and 'value="µg/L"' in html and 'value="abc"' in html
    assert 'id="m_sigma-error">sigma_pt:' in html


def test_a_refused_homogeneity_check_keeps_the_item_measurand_and_sigma_typed(
    designed_round, owner_client
) -> None:
    with unscoped():
        item = Item.all_objects.filter(round=designed_round).last()
        measurand = Measurand.all_objects.filter(round=designed_round).last()
    response = owner_client.post(
        f"/proficiency/alpha-pt/rounds/{designed_round.id}/homogeneity/",
        {"item": item.id, "measurand": measurand.id, "sigma_pt": "0,x"},
        follow=True,
    )
    html = response.content.decode()
    assert (
        f'<option value="{item.id}" selected>' in html and f'<option value="{measurand.id}" selected>' in html
    )
    assert 'value="0,x"' in html and 'id="h_sigma-error">sigma_pt:' in html
