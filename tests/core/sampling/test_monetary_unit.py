"""Monetary-unit sampling against published tables and worked examples.

Sources:
- AICPA Audit Guide *Audit Sampling* (2017), Appendix C, Table C-1 "Monetary unit sample size
  determination tables" (risk of incorrect acceptance × ratio of expected to tolerable misstatement ×
  tolerable misstatement as a fraction of the population), as transcribed in the jfa R package
  (koenderks/jfa, tests/testthat/test-aicpa-appendix-c.R). The table's "expected taintings" column
  is not checked here.
- Touw, P. & Hoogduin, L. (2011), *Statistiek voor audit en controle*, p. 138 example 1 and p. 144
  example 1 (binomial Stringer bound; population 13 500 000, n = 145), as transcribed in the same
  package (tests/testthat/test-touwhoogduin.R). The book works with rounded table factors, so its
  figures agree with the exact bound to about 1e-5 relative; compared at that precision.
"""

from __future__ import annotations

import pytest

from casys.core.sampling.monetary_unit import (
    SampleItem,
    mus_evaluate,
    mus_sample_size,
    poisson_factor,
)

TOLERABLE = (0.5, 0.3, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01, 0.005)

# (risk of incorrect acceptance, expected / tolerable) → sample sizes for each TOLERABLE column.
TABLE_C1: dict[tuple[float, float], tuple[int, ...]] = {
    (0.05, 0.0): (6, 10, 30, 38, 50, 60, 75, 100, 150, 300, 600),
    (0.05, 0.1): (8, 13, 37, 46, 62, 74, 92, 123, 184, 368, 736),
    (0.05, 0.2): (10, 16, 47, 58, 78, 93, 116, 155, 232, 463, 925),
    (0.05, 0.3): (12, 20, 60, 75, 100, 120, 150, 200, 300, 600, 1199),
    (0.05, 0.4): (17, 27, 81, 102, 135, 162, 203, 270, 405, 809, 1618),
    (0.05, 0.5): (24, 39, 116, 145, 193, 231, 289, 385, 577, 1154, 2308),
    (0.10, 0.0): (5, 8, 24, 29, 39, 47, 58, 77, 116, 231, 461),
    (0.10, 0.2): (7, 12, 35, 43, 57, 69, 86, 114, 171, 341, 682),
    (0.10, 0.3): (9, 15, 44, 55, 73, 87, 109, 145, 217, 433, 866),
    (0.10, 0.4): (12, 20, 58, 72, 96, 115, 143, 191, 286, 572, 1144),
    (0.10, 0.5): (16, 27, 80, 100, 134, 160, 200, 267, 400, 799, 1597),
    (0.15, 0.0): (4, 7, 19, 24, 32, 38, 48, 64, 95, 190, 380),
    (0.15, 0.2): (6, 10, 28, 35, 46, 55, 69, 91, 137, 273, 545),
    (0.15, 0.3): (7, 12, 35, 43, 57, 69, 86, 114, 171, 341, 681),
    (0.15, 0.4): (9, 15, 45, 56, 74, 89, 111, 148, 221, 442, 883),
    (0.15, 0.5): (13, 21, 61, 76, 101, 121, 151, 202, 302, 604, 1208),
    (0.20, 0.0): (4, 6, 17, 21, 27, 33, 41, 54, 81, 161, 322),
    (0.20, 0.2): (5, 8, 23, 29, 38, 46, 57, 76, 113, 226, 451),
    (0.20, 0.3): (6, 10, 28, 35, 47, 56, 70, 93, 139, 277, 554),
    (0.20, 0.4): (8, 12, 36, 45, 59, 71, 89, 118, 177, 354, 707),
    (0.20, 0.5): (10, 16, 48, 60, 80, 95, 119, 159, 238, 475, 949),
    (0.25, 0.0): (3, 5, 14, 18, 24, 28, 35, 47, 70, 139, 278),
    (0.25, 0.2): (4, 7, 19, 24, 32, 38, 48, 64, 95, 190, 380),
    (0.25, 0.3): (5, 8, 23, 29, 39, 46, 58, 77, 115, 230, 460),
    (0.25, 0.4): (6, 10, 29, 37, 49, 58, 73, 97, 145, 289, 578),
    (0.25, 0.5): (8, 13, 38, 48, 64, 76, 95, 127, 190, 380, 760),
    (0.30, 0.0): (3, 5, 13, 16, 21, 25, 31, 41, 61, 121, 241),
    (0.30, 0.2): (4, 6, 17, 21, 27, 33, 41, 54, 81, 162, 323),
    (0.30, 0.4): (5, 8, 24, 30, 40, 48, 60, 80, 120, 239, 477),
    (0.30, 0.6): (9, 15, 43, 54, 71, 85, 107, 142, 213, 425, 850),
    (0.35, 0.0): (3, 4, 11, 14, 18, 21, 27, 35, 53, 105, 210),
    (0.35, 0.2): (3, 5, 14, 18, 23, 28, 35, 46, 69, 138, 276),
    (0.35, 0.4): (4, 7, 20, 25, 34, 40, 50, 67, 100, 199, 397),
    (0.35, 0.6): (7, 12, 34, 43, 57, 68, 85, 113, 169, 338, 676),
    (0.50, 0.0): (2, 3, 7, 9, 12, 14, 18, 24, 35, 70, 139),
    (0.50, 0.2): (2, 3, 9, 11, 15, 18, 22, 29, 44, 87, 173),
    (0.50, 0.4): (3, 4, 12, 15, 19, 23, 29, 38, 57, 114, 228),
    (0.50, 0.6): (4, 6, 17, 22, 29, 34, 43, 57, 85, 170, 340),
}


@pytest.mark.parametrize(("risk", "ratio"), list(TABLE_C1))
def test_it_reproduces_the_aicpa_monetary_unit_sample_size_table(risk: float, ratio: float) -> None:
    population = 1_000_000.0
    sizes = tuple(
        mus_sample_size(population, tm * population, 1 - risk, expected=ratio * tm * population).sample_size
        for tm in TOLERABLE
    )
    assert sizes == TABLE_C1[(risk, ratio)]


def test_the_interval_is_the_population_over_the_sample_size() -> None:
    plan = mus_sample_size(population=1_000_000, tolerable=50_000, confidence=0.90)
    # research note §3 vector 3.5: R(0, 90 %) = 2.3026 → n = 47, J = 21 277 (1 000 000 / 47)
    assert plan.sample_size == 47
    assert plan.sampling_interval == pytest.approx(1_000_000 / 47)
    assert plan.reliability_factor == pytest.approx(2.302585, abs=1e-6)


def test_it_refuses_an_expected_misstatement_not_below_the_tolerable_one() -> None:
    with pytest.raises(ValueError, match="expected misstatement"):
        mus_sample_size(population=1000, tolerable=50, confidence=0.95, expected=50)


def _items(taints: list[float], n: int = 145, book: float = 1000.0) -> list[SampleItem]:
    items = [SampleItem(f"i{k}", book, book - book * t) for k, t in enumerate(taints)]
    return items + [SampleItem(f"c{k}", book, book) for k in range(n - len(taints))]


def test_it_matches_touw_and_hoogduin_stringer_example_page_138() -> None:
    ev = mus_evaluate(_items([1.0, 0.2, 0.04]), 13_500_000, 0.95, likelihood="binomial")
    assert ev.projected_misstatement == pytest.approx(115_448.3, abs=0.1)
    assert ev.upper_misstatement_limit == pytest.approx(469_616.5, rel=1e-5)


def test_it_matches_touw_and_hoogduin_stringer_example_page_144() -> None:
    ev = mus_evaluate(_items([0.5, 0.4, 0.19887]), 13_500_000, 0.95, likelihood="binomial")
    assert ev.upper_misstatement_limit == pytest.approx(439_009.3, rel=1e-5)


def test_without_misstatement_the_limit_is_the_basic_precision() -> None:
    ev = mus_evaluate(_items([], n=60), 1_000_000, 0.95)
    assert ev.projected_misstatement == 0
    assert ev.basic_precision == pytest.approx(poisson_factor(0, 0.95) * 1_000_000 / 60)
    assert ev.upper_misstatement_limit == ev.basic_precision


def test_one_full_tainting_gives_the_one_error_factor_times_the_interval() -> None:
    ev = mus_evaluate(_items([1.0], n=60), 1_000_000, 0.95)
    interval = 1_000_000 / 60
    assert ev.upper_misstatement_limit == pytest.approx(poisson_factor(1, 0.95) * interval)
    assert ev.projected_misstatement == pytest.approx(interval)
    # basic precision + projected + incremental allowance = the Stringer bound
    assert ev.basic_precision + ev.projected_misstatement + ev.incremental_allowance == pytest.approx(
        ev.upper_misstatement_limit
    )


def test_items_at_or_above_the_interval_are_evaluated_in_full() -> None:
    items = [SampleItem("big", 30_000, 25_000)] + _items([], n=59)
    ev = mus_evaluate(items, 1_000_000, 0.95)
    assert ev.sampling_interval == pytest.approx(1_000_000 / 60)
    assert ev.top_stratum_misstatement == 5_000
    assert ev.projected_misstatement == 5_000
    assert ev.upper_misstatement_limit == pytest.approx(ev.basic_precision + 5_000)
    assert ev.taintings == (0.0,) * 59
