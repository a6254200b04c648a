"""Lot acceptance sampling pages: members read, inspectors record, a contact gets 403, an outsider 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.clock import today
from casys.core.sampling import single_plan
from casys.laboratory.models import SampledLot, SamplingScheme
from casys.laboratory.services.lot_sampling import create_scheme, record_lot

pytestmark = pytest.mark.django_db

LIST = "/laboratory/alpha-lab/lot-sampling/"
NEW = "/laboratory/alpha-lab/lot-sampling/new/"
DETAIL = "/laboratory/alpha-lab/lot-sampling/bolts-m8/"
LOTS = DETAIL + "lots/"
RESUME = DETAIL + "resume/"
SCHEME = {
    "product": "Nuts M8", "characteristic": "thread", "supplier": "Delta Fasteners", "level": "II",
    "aql": "1.0", "sampling": "single", "basis": "nonconforming", "lot_size": 1200,
}  # fmt: skip


def _lot(name: str, **change) -> dict:
    return {"lot": name, "lot_size": 1200, "inspected_on": today().isoformat(), "d1": 0, **change}


def _record(scheme, counts: list[int]) -> None:
    with unscoped():
        for index, found in enumerate(counts):
            record_lot(
                scheme, actor=SYSTEM, lot=f"P{index:03d}", lot_size=1200,
                inspected_on=date(2026, 1, 1) + timedelta(days=index), d1=found,
            )  # fmt: skip


@pytest.mark.parametrize("path", [LIST, DETAIL])
def test_members_read_the_inspection_pages(owner_client, team_client, analyst_client, scheme, path) -> None:
    for client in (owner_client, team_client, analyst_client):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [LIST, NEW, DETAIL])
def test_an_outsider_gets_404(outsider_client, scheme, path) -> None:
    assert outsider_client.get(path).status_code == 404
    assert outsider_client.post(LOTS, _lot("X1")).status_code == 404


@pytest.mark.parametrize("path", [LIST, NEW, DETAIL])
def test_a_client_contact_gets_403(contact_client, scheme, path) -> None:
    assert contact_client.get(path).status_code == 403


def test_a_team_member_without_an_inspection_role_cannot_record(team_client, scheme) -> None:
    assert team_client.get(NEW).status_code == 403
    assert team_client.post(LOTS, _lot("T1")).status_code == 403
    assert team_client.post(RESUME, {"resumed_on": today().isoformat(), "reason": "x"}).status_code == 403
    page = team_client.get(DETAIL).content.decode()
    assert 'id="lot-form"' not in page


def test_a_scheme_manager_defines_a_scheme(scheme_manager, client, body_a) -> None:
    client.force_login(scheme_manager)
    response = client.post(
        NEW,
        {
            "code": "valves", "product": "Ball valves DN25", "characteristic": "leak test",
            "supplier": "Zeta Valves", "level": "II", "aql": "0.65", "sampling": "single",
            "basis": "nonconforming", "lot_size": 500,
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/laboratory/alpha-lab/lot-sampling/valves/"
    with unscoped():
        assert SamplingScheme.objects.get(code="valves").aql == "0.65"


def test_the_scheme_form_names_the_basis_for_a_large_aql(owner_client) -> None:
    response = owner_client.post(
        NEW,
        {
            "code": "paint", "product": "Painted panels", "characteristic": "surface defects",
            "supplier": "Eta Coatings", "level": "I", "aql": "40", "sampling": "single",
            "basis": "nonconforming", "lot_size": 500,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "nonconformities per 100 units only" in response.context["form"].errors["basis"][0]


def test_the_detail_shows_the_plan_for_the_next_lot(owner_client, scheme) -> None:
    page = owner_client.get(DETAIL)
    plan = single_plan(1200, "II", "1.0", "normal")
    assert page.context["plan"].n1 == plan.n
    text = page.content.decode()
    assert f"n = {plan.n}, Ac = {plan.Ac}, Re = {plan.Re}" in text
    assert 'id="severity">normal<' in text
    assert "Table VIII" in text  # says why reduced inspection is not used


def test_an_analyst_records_a_lot_through_the_form(analyst_client, scheme) -> None:
    response = analyst_client.post(LOTS, _lot("A1", d1=1))
    assert response.status_code == 302
    with unscoped():
        lot = SampledLot.objects.get(lot="A1")
    assert lot.accepted and lot.severity == "normal"
    page = analyst_client.get(DETAIL).content.decode()
    assert "A1" in page and 'class="lot accepted"' in page


def test_a_count_above_the_sample_is_shown_on_its_field(analyst_client, scheme) -> None:
    response = analyst_client.post(LOTS, _lot("A1", d1=81))
    assert response.status_code == 200
    assert "81 nonconforming items in a sample of 80" in response.context["lot_form"].errors["d1"][0]
    with unscoped():
        assert not SampledLot.objects.exists()


def test_the_history_shows_the_switch_to_tightened_and_is_paginated(owner_client, scheme) -> None:
    re = single_plan(1200, "II", "1.0", "normal").Re
    _record(scheme, [re, re] + [0] * 28)
    page = owner_client.get(DETAIL)
    text = page.content.decode()
    assert page.context["page"].paginator.num_pages == 2
    assert "P029" in text and "P000" not in text.split('id="lots"')[1]  # newest first
    assert "5 consecutive lots accepted on tightened (MIL-STD-105E 4.7.2)" in text  # after lot P006
    older = owner_client.get(DETAIL + "?page=2").content.decode().split('id="lots"')[1]
    assert "P000" in older and "2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)" in older


def test_a_discontinued_scheme_offers_to_resume_and_refuses_lots(owner_client, scheme) -> None:
    re, re_t = (single_plan(1200, "II", "1.0", s).Re for s in ("normal", "tightened"))
    _record(scheme, [re, re] + [re_t] * 5)
    page = owner_client.get(DETAIL).content.decode()
    assert 'id="resume-form"' in page and 'id="lot-form"' not in page
    assert 'class="badge bad" id="severity"' in page
    refused = owner_client.post(LOTS, _lot("Z1"))
    assert refused.status_code == 200
    assert "discontinued" in refused.context["refused"]
    resumed = owner_client.post(RESUME, {"resumed_on": today().isoformat(), "reason": "Supplier 8D report"})
    assert resumed.status_code == 302
    assert 'id="severity">tightened<' in owner_client.get(DETAIL).content.decode()


def test_the_list_shows_each_scheme_with_its_severity(owner_client, scheme) -> None:
    text = owner_client.get(LIST).content.decode()
    assert "bolts-m8" in text and "Delta Fasteners" in text and ">normal<" in text


def test_the_list_reads_all_schemes_in_a_fixed_number_of_queries(owner_client, scheme, body_a) -> None:
    _record(scheme, [0, 0, 0])
    with CaptureQueriesContext(connection) as one:
        owner_client.get(LIST)
    with unscoped():
        for code in ("s2", "s3"):
            other = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "code": code})
            _record(other, [0, 0])
    with CaptureQueriesContext(connection) as three:
        assert owner_client.get(LIST).content.decode().count("/lot-sampling/s") == 2
    assert len(three) == len(one)


def test_the_pages_are_translated(owner_client, scheme) -> None:
    try:
        text = owner_client.get(DETAIL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        ru = owner_client.get(DETAIL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the middleware left the thread in Russian
    assert "Enregistrer le lot" in text and "début en contrôle normal (MIL-STD-105E 4.6.1)" in text
    assert "Зарегистрировать партию" in ru and "нормальный" in ru


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/laboratory/alpha-lab/inspection/", LIST),
        ("/laboratory/alpha-lab/inspection/new/", NEW),
        ("/laboratory/alpha-lab/inspection/bolts-m8/?page=2", DETAIL + "?page=2"),
    ],
)
def test_an_old_inspection_bookmark_is_moved_permanently_to_lot_sampling(
    owner_client, scheme, old, new
) -> None:
    response = owner_client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_the_moved_address_still_gives_an_outsider_404_where_it_lands(outsider_client, scheme) -> None:
    response = outsider_client.get("/laboratory/alpha-lab/inspection/bolts-m8/", follow=True)
    assert response.redirect_chain == [(DETAIL, 301)] and response.status_code == 404
