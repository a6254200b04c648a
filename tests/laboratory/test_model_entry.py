"""The measurement entered row by row (one row per input quantity) gives the result the TOML
model gives; rows are added and removed without JavaScript; a refused row names the row and
the field and keeps everything typed."""

from __future__ import annotations

import math
import statistics

import pytest
from django.test import Client

from casys.accounts.scoping import unscoped
from casys.laboratory.models import TestResult

pytestmark = pytest.mark.django_db

URL = "/laboratory/alpha-lab/results/new/inputs/"
READINGS = (10.012, 10.009, 10.011, 10.013, 10.010)


def _toml() -> str:
    """The model the rows below make, typed in the expert view (the readings as their t-distribution,
    JCGM 101:2008 6.4.9: mean x̄, scale s/√n, ν = n − 1)."""
    mean = statistics.fmean(READINGS)
    scale = statistics.stdev(READINGS) / math.sqrt(len(READINGS))
    return f"""[model]
expression = "L + dL - L * alpha * dT"

[inputs.L]
distribution = "t"
mean = {mean!r}
scale = {scale!r}
dof = 4.0

[inputs.dL]
distribution = "rectangular"
low = -0.002
high = 0.002

[inputs.alpha]
distribution = "normal"
mean = 1.15e-05
std = 1e-06
dof = 50.0

[inputs.dT]
distribution = "triangular"
low = -0.5
high = 0.5
"""


def _common(method, customer, sample: str) -> dict[str, str]:
    return {
        "method": str(method.pk),
        "customer": str(customer.pk),
        "sample": sample,
        "measured_on": "2026-03-02",
        "mcm_seed": "11",
        "trials": "10000",
    }


ROWS = [
    {
        "name": "L",
        "readings": " ".join(map(str, READINGS)),
        "distribution": "normal",
        "unit": "mm",
        "source": "five readings on the gauge",
    },
    {
        "name": "dL",
        "value": "0",
        "distribution": "rectangular",
        "half_width": "0.002",
        "unit": "mm",
        "source": "calibration certificate C-12",
    },
    {
        "name": "alpha",
        "value": "1.15e-05",
        "distribution": "normal",
        "u": "1e-06",
        "dof": "50",
        "unit": "1/K",
    },
    {"name": "dT", "value": "0", "distribution": "triangular", "half_width": "0.5", "unit": "K"},
]


def _rows(rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        "row-TOTAL_FORMS": str(len(rows)),
        "row-INITIAL_FORMS": "0",
        "row-MIN_NUM_FORMS": "1",
        "row-MAX_NUM_FORMS": "50",
    }
    for i, row in enumerate(rows):
        data.update({f"row-{i}-{k}": v for k, v in row.items()})
    return data


def _form(method, customer, sample: str, rows=ROWS, **extra: str) -> dict[str, str]:
    return {
        **_common(method, customer, sample),
        "expression": "L + dL - L * alpha * dT",
        **_rows(rows),
        **extra,
    }


def test_the_rows_and_the_toml_model_record_the_same_result(analyst_client, method, customer) -> None:
    by_toml = analyst_client.post(
        "/laboratory/alpha-lab/results/new/", {**_common(method, customer, "T-1"), "model_toml": _toml()}
    )
    by_rows = analyst_client.post(URL, _form(method, customer, "R-1"))
    assert by_toml.status_code == 302 and by_rows.status_code == 302, by_rows.content.decode()[-3000:]
    with unscoped():
        a, b = TestResult.objects.get(sample="T-1"), TestResult.objects.get(sample="R-1")
    for field in ("y", "u", "k", "U", "df", "evaluation", "computation"):
        assert getattr(a, field) == getattr(b, field), field
    assert "mcm" in b.computation  # the Monte Carlo run too, with the same seed, draw for draw
    # the stored model says where the numbers came from
    assert "# unit: mm" in b.model_toml and "# source: calibration certificate C-12" in b.model_toml
    assert "# readings (Type A): 10.012, 10.009" in b.model_toml


def test_a_row_is_added_without_javascript_and_keeps_what_was_typed(analyst_client, method, customer) -> None:
    page = analyst_client.post(URL, _form(method, customer, "R-2", add_row="1")).content.decode()
    assert 'name="row-TOTAL_FORMS" value="5"' in page
    assert 'name="row-4-name"' in page and "Input quantity 5" in page
    assert 'value="calibration certificate C-12"' in page and 'value="R-2"' in page
    assert 'class="error"' not in page  # a redraw is not a refusal
    with unscoped():
        assert not TestResult.objects.exists()


def test_a_row_is_removed_and_the_others_move_up(analyst_client, method, customer) -> None:
    page = analyst_client.post(URL, _form(method, customer, "R-3", remove_row="0")).content.decode()
    assert 'name="row-TOTAL_FORMS" value="3"' in page
    assert 'name="row-0-name" value="dL"' in page and 'value="L"' not in page


def test_a_refused_row_names_the_row_and_the_field_and_keeps_everything_typed(
    analyst_client, method, customer
) -> None:
    rows = [dict(r) for r in ROWS]
    del rows[1]["half_width"]
    response = analyst_client.post(URL, _form(method, customer, "R-4", rows=rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Input quantity 2, Half-width a: the half-width a is required for this distribution" in page
    row_2 = page[page.index('id="row-2"') : page.index('id="row-3"')]
    assert "has-error" in row_2 and "the half-width a is required for this distribution" in row_2
    for typed in (
        'value="R-4"',
        'value="five readings on the gauge"',
        'value="1e-06"',
        'value="L + dL - L * alpha * dT"',
    ):
        assert typed in page, typed
    with unscoped():
        assert not TestResult.objects.exists()


def test_readings_that_are_not_numbers_are_refused_on_their_row(analyst_client, method, customer) -> None:
    rows = [dict(r) for r in ROWS]
    rows[0]["readings"] = "10.012 ten 10.011"
    page = analyst_client.post(URL, _form(method, customer, "R-5", rows=rows)).content.decode()
    assert "&#x27;ten&#x27; is not a number" in page and 'value="10.012 ten 10.011"' in page


def test_a_function_using_a_quantity_without_a_row_is_refused_on_the_function(
    analyst_client, method, customer
) -> None:
    page = analyst_client.post(
        URL, _form(method, customer, "R-6", expression="L + dL - L * alpha * dT + dX")
    ).content.decode()
    assert "uses dX: add a row for it" in page


def test_show_as_toml_opens_the_expert_view_with_the_model_of_the_rows(
    analyst_client, method, customer
) -> None:
    page = analyst_client.post(URL, _form(method, customer, "R-7", as_toml="1")).content.decode()
    assert (
        'name="model_toml"' in page
        and "[inputs.dT]" in page
        and "distribution = &quot;triangular&quot;" in page
    )
    with unscoped():
        assert not TestResult.objects.exists()


def test_the_form_starts_from_the_methods_model(analyst_client, method) -> None:
    page = analyst_client.get(URL + "?method=length").content.decode()
    assert 'name="row-0-name" value="L"' in page and 'name="row-1-name" value="dL"' in page
    assert 'value="L + dL"' in page


def test_who_may_enter_a_measurement(
    client, owner_client, analyst_client, reviewer_client, team_client, outsider_client, method, customer
) -> None:
    assert owner_client.get(URL).status_code == 200
    assert analyst_client.get(URL).status_code == 200
    assert reviewer_client.get(URL).status_code == 403
    assert team_client.get(URL).status_code == 403
    assert outsider_client.get(URL).status_code == 404
    assert outsider_client.post(URL, _form(method, customer, "X-1")).status_code == 404
    assert reviewer_client.post(URL, _form(method, customer, "X-2")).status_code == 403
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    with unscoped():
        assert not TestResult.objects.exists()


def test_a_client_of_the_laboratory_gets_no_entry_form(contact_client: Client) -> None:
    assert contact_client.get(URL).status_code in (403, 404)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ("Grandeur d’entrée 1", "Ajouter une ligne", "Loi de probabilité")),
        ("ru", ("Входная величина 1", "Добавить строку", "Распределение")),
    ],
)
def test_the_entry_form_speaks_french_and_russian(analyst_client, method, language, words) -> None:
    page = analyst_client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for word in words:
        assert word in page, word
