"""Number formatting: U to two significant digits, y to the same decimal place (JCGM 100:2008 7.2.6)."""

from casys.laboratory.templatetags.lab import g, like_u, sig


def test_the_expanded_uncertainty_is_shown_with_two_significant_digits() -> None:
    assert sig(0.022627) == "0.023"
    assert sig(32.443) == "32"
    assert sig(5.902) == "5.9"
    assert sig(None) == ""


def test_the_value_is_rounded_to_the_last_digit_of_the_uncertainty() -> None:
    # JCGM 100:2008 7.2.6: the estimate is not given with more decimals than its uncertainty
    assert like_u(100.02147, 0.00035) == "100.02147"
    assert like_u(10.09, 0.0226) == "10.090"
    assert like_u(2478.0, 32.4) == "2478"


def test_limits_use_the_shortest_form() -> None:
    assert g(2500.0) == "2500" and g(9.9) == "9.9" and g(None) == ""


def test_pct_rounds_rather_than_truncates_and_follows_the_language() -> None:
    from django.utils import translation

    from casys.laboratory.templatetags.lab import pct

    assert pct(0.98366, 1) == "98.4\u00a0%"
    assert pct(0.045849, 2) == "4.58\u00a0%"
    assert pct(None) == "—"
    with translation.override("fr"):
        assert pct(0.0459, 2) == "4,59\u00a0%"
