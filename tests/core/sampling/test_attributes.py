"""Attribute (control-test) sample sizes against the AICPA table.

Source: AICPA Audit Guide *Audit Sampling* (2017), Appendix A, Table A-1 "Statistical sample sizes
for tests of controls — 5 percent risk of overreliance", as transcribed in the jfa R package
(koenderks/jfa, tests/testthat/test-aicpa-appendix-a.R). Research note §3 vector 3.4 gives the
zero-deviation sizes of n = ⌈ln β / ln(1 − p)⌉.
"""

from __future__ import annotations

import pytest

from casys.core.sampling.attributes import attribute_sample_size, controls_relied_on, upper_deviation_rate

EXPECTED = [x / 100 for x in (0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5,
                              3.75, 4, 5, 6, 7, 8, 9, 10, 12.5, 15, 17.5)]  # fmt: skip

# Table A-1, one tuple per tolerable deviation rate (column), in the order of EXPECTED (rows);
# the table leaves the cells past the last one blank (sample too large to be cost-effective).
TABLE_A1: dict[float, tuple[int, ...]] = {
    0.02: (149, 236, 313, 386, 590, 1030),
    0.03: (99, 157, 157, 208, 257, 303, 392, 562, 846, 1466),
    0.04: (74, 117, 117, 117, 156, 156, 192, 227, 294, 390, 513, 722, 1098, 1936),
    0.05: (59, 93, 93, 93, 93, 124, 124, 153, 181, 208, 234, 286, 361, 458, 624, 877, 1348),
    0.06: (49, 78, 78, 78, 78, 78, 103, 103, 127, 127, 150, 173, 195, 238, 280, 341, 421, 1580),
    0.07: (42, 66, 66, 66, 66, 66, 66, 88, 88, 88, 109, 109, 129, 148, 167, 185, 221, 478, 1832),
    0.08: (36, 58, 58, 58, 58, 58, 58, 77, 77, 77, 77, 95, 95, 112, 112, 129, 146, 240, 532),
    0.09: (32, 51, 51, 51, 51, 51, 51, 51, 68, 68, 68, 68, 84, 84, 84, 100, 100, 158, 266, 585),
    0.10: (29, 46, 46, 46, 46, 46, 46, 46, 46, 61, 61, 61, 61, 61, 76, 76, 89, 116, 179, 298, 649),
    0.15: (19, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 40, 40, 40, 40, 50, 68, 85, 110, 150,
           576),
    0.20: (14, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 22, 30, 30, 37, 37, 44, 50, 88,
           193, 720),
}  # fmt: skip


@pytest.mark.parametrize("tolerable", list(TABLE_A1))
def test_it_reproduces_the_aicpa_attribute_sample_size_table(tolerable: float) -> None:
    sizes = tuple(
        attribute_sample_size(0.05, tolerable, expected) for expected in EXPECTED[: len(TABLE_A1[tolerable])]
    )
    assert sizes == TABLE_A1[tolerable]


@pytest.mark.parametrize(
    ("risk", "rate", "n"), [(0.05, 0.05, 59), (0.05, 0.10, 29), (0.10, 0.05, 45), (0.10, 0.10, 22)]
)
def test_zero_expected_deviations_use_the_closed_formula(risk: float, rate: float, n: int) -> None:
    assert attribute_sample_size(risk, rate) == n


def test_it_refuses_an_expected_rate_not_below_the_tolerable_rate() -> None:
    with pytest.raises(ValueError, match="expected deviation rate"):
        attribute_sample_size(0.05, 0.05, 0.05)


def test_a_control_with_no_deviation_in_the_zero_expected_sample_is_relied_on() -> None:
    n = attribute_sample_size(risk=0.05, tolerable_rate=0.05)
    assert upper_deviation_rate(n, 0, 0.05) < 0.05 <= upper_deviation_rate(n - 1, 0, 0.05)
    assert controls_relied_on(n, 0, 0.05, 0.05)
    assert not controls_relied_on(n, 1, 0.05, 0.05)


def test_the_general_case_allows_the_expected_deviations() -> None:
    # Table A-1: 5 % tolerable, 1 % expected → 93 items, one deviation allowed (Table A-3's bound < 5 %).
    assert controls_relied_on(93, 1, 0.05, 0.05)
    assert not controls_relied_on(93, 2, 0.05, 0.05)
