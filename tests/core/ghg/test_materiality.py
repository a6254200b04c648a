"""Materiality rules as data.

EU ETS cases: research note §3 vector 3.1, from Implementing Regulation (EU) 2018/2067 Art. 23(1)–(2)
(5 % for category A and B installations, 2 % for C) and Regulation (EU) 2018/2066 Art. 19(2)
(A ≤ 50 000 t, B ≤ 500 000 t, C above, on the previous period's average); the percentage applies to
this year's reported total. CDM: Decision 9/CMP.7 thresholds (vector 3.6). Several bases: AVR
Art. 23(4) (vector 3.7).
"""

from __future__ import annotations

import pytest

from casys.core.ghg.materiality import (
    Basis,
    ProgrammeError,
    materiality,
    materiality_levels,
    parse_programme,
    shipped_programme,
    shipped_programmes,
)


@pytest.mark.parametrize(
    ("previous", "total", "category", "level"),
    [
        (45_000, 48_000, "A", 2_400),
        (50_000, 50_000, "A", 2_500),
        (50_001, 60_000, "B", 3_000),
        (300_000, 310_000, "B", 15_500),
        (500_000, 500_000, "B", 25_000),
        (500_001, 520_000, "C", 10_400),
        (600_000, 450_000, "C", 9_000),
        (1_200_000, 1_200_000, "C", 24_000),
    ],
)
def test_eu_ets_category_comes_from_the_previous_average(
    previous: float, total: float, category: str, level: float
) -> None:
    m = materiality(shipped_programme("eu-ets"), total=total, previous_average=previous)
    assert (m.category, m.level) == (category, pytest.approx(level))
    assert "2018/2067 Art. 23" in m.rule


def test_without_a_previous_average_the_total_chooses_the_category() -> None:
    m = materiality(shipped_programme("eu-ets"), total=600_000)
    assert (m.category, m.percent, m.level) == ("C", 2.0, 12_000)


@pytest.mark.parametrize(
    ("programme", "total", "level"),
    [("cdm", 600_000, 3_000), ("cdm", 400_000, 4_000), ("cdm", 250_000, 5_000), ("cdm", 300_000, 6_000),
     ("cdm-small-scale", 50_000, 2_500), ("cdm-micro-scale", 10_000, 1_000)],
)  # fmt: skip
def test_cdm_thresholds(programme: str, total: float, level: float) -> None:
    assert materiality(shipped_programme(programme), total=total).level == pytest.approx(level)


def test_several_bases_in_one_engagement() -> None:
    levels = materiality_levels(
        shipped_programme("eu-ets-baseline"),
        [Basis("total", 200_000, "t CO2e"), Basis("sub 1", 80_000, "t product"), Basis("sub 2", 15_000, "t")],
    )
    assert [m.level for m in levels] == [10_000, 4_000, 750]


def test_a_bodys_own_programme_is_data() -> None:
    own = parse_programme(
        'id = "own"\nname = "Our voluntary programme"\ndecides = "net"\n'
        '[[bands]]\ncategory = "all"\npercent = 3\nrule = "Body policy P-7: 3 %"\n'
    )
    m = materiality(own, total=10_000)
    assert (m.level, m.rule, m.decides) == (300, "Body policy P-7: 3 %", "net")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('id = "x"\nname = "x"\nbands = []', "at least one band"),
        ('id = "x"\nname = "x"\ndecides = "max"\n[[bands]]\ncategory="a"\npercent=5\nrule="r"', "decides"),
        ('id = "x"\nname = "x"\n[[bands]]\ncategory="a"\npercent=500\nrule="r"', "percent"),
        ('id = "x"\n[[bands]]\ncategory="a"\npercent=5\nrule="r"', "missing 'name'"),
    ],
)
def test_it_refuses_a_malformed_programme(text: str, message: str) -> None:
    with pytest.raises(ProgrammeError, match=message):
        parse_programme(text)


def test_it_refuses_an_unknown_programme() -> None:
    with pytest.raises(ProgrammeError, match="unknown programme 'corsia'"):
        shipped_programme("corsia")
    assert "eu-ets" in shipped_programmes()
