"""Checklist answers: visual pass/fail, a measured value judged by the scheme's decision rule with its
uncertainty, a count against max_count or the sampling plan's Ac; a value out of its type is refused."""

import pytest

from casys.core.batch_sampling import batch_sample
from casys.core.inspection.checklist import ChecklistError, judge
from casys.core.schemes import load_scheme

LIFTING = load_scheme("lifting-equipment-periodic").inspection
PRESSURE = load_scheme("pressure-equipment-periodic").inspection
SHIPMENT = load_scheme("pre-shipment-sampling")


def test_a_visual_check_passes_or_fails_with_the_items_grade():
    assert judge(LIFTING.item("hook-latch"), True).passed
    failed = judge(LIFTING.item("hook-latch"), False)
    assert (failed.passed, failed.grade) == (False, "major")


def test_a_measured_value_inside_the_limit_fails_by_guarded_acceptance_with_its_uncertainty():
    # upper 5.0 %, U = 2 × 0.3 = 0.6 %, guarded acceptance (w = U): accepted only up to 4.4 %
    # (ILAC G8:09/2019 4.2.2); 4.6 % is inside the tolerance but fails the rule.
    r = judge(LIFTING.item("hook-throat-opening"), 4.6, u=0.3)
    assert (r.passed, r.grade, r.decision.acceptance.A_U) == (False, "dangerous", pytest.approx(4.4))
    assert judge(LIFTING.item("hook-throat-opening"), 4.3, u=0.3).passed


def test_simple_acceptance_accepts_up_to_the_limit():
    assert judge(PRESSURE.item("safety-valve-set-pressure"), 10.29, u=0.05).passed
    assert not judge(PRESSURE.item("safety-valve-set-pressure"), 10.31, u=0.05).passed


def test_a_one_sided_lower_limit():
    r = judge(PRESSURE.item("wall-thickness"), 8.1, u=0.1)  # guarded: accepted from 8.2 mm
    assert not r.passed and "from 8.2" in r.detail


def test_a_count_check_against_its_max_count():
    assert judge(LIFTING.item("rope-broken-wires"), 3).passed
    assert not judge(LIFTING.item("rope-broken-wires"), 4).passed


def test_a_count_by_plan_takes_the_acceptance_number_of_the_batch_sample():
    sample = batch_sample(SHIPMENT.lot_sampling, 1200)  # ISO 2859-1 level II, AQL 2.5: J, n 80, Ac 5
    item = SHIPMENT.inspection.item("defectives-in-sample")
    assert (sample.n, sample.Ac) == (80, 5)
    assert judge(item, 5, acceptance_number=sample.Ac).passed
    assert not judge(item, 6, acceptance_number=sample.Ac).passed
    with pytest.raises(ChecklistError, match="^defectives-in-sample.acceptance_number:"):
        judge(item, 1)


@pytest.mark.parametrize(
    ("check", "value", "kw", "message"),
    [
        ("hook-latch", "yes", {}, "hook-latch.value: a visual check takes pass or fail, got 'yes'"),
        (
            "rope-broken-wires",
            -1,
            {},
            "rope-broken-wires.value: a count check takes a whole number of 0 or more",
        ),
        ("rope-broken-wires", 2.5, {}, "rope-broken-wires.value: a count check takes a whole number"),
        ("rope-broken-wires", True, {}, "rope-broken-wires.value: a count check takes a whole number"),
        ("chain-wear", "ten", {"u": 0.1}, "chain-wear.value: a measured check takes a number in %"),
        ("chain-wear", 3.0, {}, "chain-wear.u: give the standard uncertainty"),
        ("chain-wear", 3.0, {"u": -1.0}, "chain-wear.u: give the standard uncertainty"),
    ],
)
def test_a_value_out_of_its_type_is_refused_naming_the_field(check, value, kw, message):
    with pytest.raises(ChecklistError) as exc:
        judge(LIFTING.item(check), value, **kw)
    assert str(exc.value).startswith(message)
