"""σpt from the general model and the other sources of ISO 13528:2022, clause 8."""

import math

import pytest

from casys.core.proficiency import sigma_pt


@pytest.mark.parametrize("c", [1e-2, 1e-4, 1e-6, 1e-8])
def test_it_matches_horwitz_original_form(c):
    # Horwitz, Kamps, Boyer, J. AOAC 63 (1980) 1344: RSD_R (%) = 2^(1 − 0.5·log10 c); the power
    # form 0.02·c^0.8495 is its rounding (exponent 1 − 0.5·log10 2 = 0.8495).
    rsd_percent = 2.0 ** (1.0 - 0.5 * math.log10(c))
    assert 100.0 * sigma_pt.horwitz(c).sigma / c == pytest.approx(rsd_percent, rel=1e-3)


def test_it_gives_16_percent_at_one_part_per_million():
    # Horwitz (1980): at 1 ppm (c = 10⁻⁶) the predicted reproducibility RSD is 16 %.
    assert round(100.0 * sigma_pt.horwitz(1e-6).sigma / 1e-6) == 16


def test_it_caps_the_relative_sd_at_22_percent_below_120_ppb():
    # Thompson, Analyst 125 (2000) 385: σ = 0.22·c for c < 1.2·10⁻⁷.
    assert sigma_pt.thompson_horwitz(1e-9).sigma == pytest.approx(0.22e-9)
    # Between the limits it is the Horwitz function.
    assert sigma_pt.thompson_horwitz(1e-4).sigma == sigma_pt.horwitz(1e-4).sigma
    # Above c = 0.138: σ = 0.01·c^0.5.
    assert sigma_pt.thompson_horwitz(0.25).sigma == pytest.approx(0.005)


def test_the_thompson_pieces_nearly_join_at_their_limits():
    # Thompson (2000) chose the limits where the pieces meet (to within the rounding of the constants).
    low = sigma_pt.THOMPSON_LOW_LIMIT
    high = sigma_pt.THOMPSON_HIGH_LIMIT
    assert 0.22 * low == pytest.approx(0.02 * low**0.8495, rel=0.03)
    assert 0.01 * math.sqrt(high) == pytest.approx(0.02 * high**0.8495, rel=0.03)


def test_it_derives_sigma_pt_from_a_precision_experiment():
    # ISO 13528:2022, 8.5: σpt = √(σ_R² − σ_r²(1 − 1/m)); m = 1 leaves σ_R.
    assert sigma_pt.from_precision_experiment(2.0, 1.0, m=1).sigma == 2.0
    assert sigma_pt.from_precision_experiment(2.0, 1.0, m=2).sigma == pytest.approx(math.sqrt(3.5))


def test_it_refuses_a_non_positive_sigma():
    with pytest.raises(sigma_pt.SigmaPtError, match="sigma_pt"):
        sigma_pt.prescribed(0.0)


def test_it_takes_the_median_relative_sd_of_earlier_rounds():
    result = sigma_pt.from_earlier_rounds([0.10, 0.02, 0.05], 40.0)
    assert result.sigma == pytest.approx(2.0)
    assert "8.3" in result.source
