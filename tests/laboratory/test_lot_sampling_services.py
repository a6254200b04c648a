"""Lot-by-lot acceptance inspection services: plans per severity, validation, switching, resumption.

Plans are compared with casys core's lookups of MIL-STD-105E (10 May 1989) Table I with Tables II-A
(normal) and II-B (tightened); the switching rules are those of MIL-STD-105E 4.7.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import translation

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.core.sampling import SamplingTables, double_plan, shipped_tables, single_plan
from casys.laboratory.models import SampledLot, SamplingResumption, SamplingScheme
from casys.laboratory.services import LabInputError
from casys.laboratory.services import lot_sampling as service
from casys.laboratory.services.lot_sampling import (
    LotPlan,
    LotSamplingError,
    create_scheme,
    decide,
    history,
    record_lot,
    resume_sampling,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
SCHEME = {
    "code": "caps",
    "product": "Bottle caps 28 mm",
    "characteristic": "seal integrity",
    "supplier": "Epsilon Closures",
    "level": "II",
    "aql": "1.0",
    "sampling": "single",
    "basis": "nonconforming",
    "lot_size": 1200,
}


@pytest.fixture(autouse=True)
def _system() -> Any:
    with unscoped(), translation.override("en"):  # messages compared in English
        yield


def _counts() -> tuple[int, int, int, int]:
    return (
        SamplingScheme.objects.count(),
        SampledLot.objects.count(),
        SamplingResumption.objects.count(),
        AuditEntry.objects.count(),
    )


def _plan(severity: str) -> Any:
    return single_plan(1200, "II", "1.0", severity)


def _lots(scheme: SamplingScheme, counts: list[int], start: int = 0) -> Any:
    """Record one lot of 1200 per count found, a day apart; return the last history."""
    after = None
    for offset, found in enumerate(counts, start=start):
        _lot, after = record_lot(
            scheme,
            actor=SYSTEM,
            lot=f"L{offset + 1:03d}",
            lot_size=1200,
            inspected_on=DAY + timedelta(days=offset),
            d1=found,
        )
    return after


# --- schemes ---------------------------------------------------------------------------------------


def test_a_scheme_is_defined_with_the_printed_aql_column_and_logged(body_a) -> None:
    scheme = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "aql": "1", "level": "2"})
    assert (scheme.aql, scheme.level) == ("1.0", "II")
    entry = AuditEntry.objects.get(action="laboratory.sampling_scheme.create")
    assert entry.data["code"] == "caps"


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("code", {"code": " "}),
        ("product", {"product": ""}),
        ("supplier", {"supplier": ""}),
        ("level", {"level": "IV"}),
        ("aql", {"aql": "1.2"}),
        ("sampling", {"sampling": "triple"}),
        ("basis", {"basis": "weight"}),
        # MIL-STD-105E 4.2: AQLs above 10 are in nonconformities per hundred units only.
        ("basis", {"aql": "15"}),
        ("lot_size", {"lot_size": 1}),
    ],
)
def test_a_bad_scheme_is_refused_naming_the_field_and_nothing_is_written(body_a, field, change) -> None:
    before = _counts()
    with pytest.raises(LabInputError) as caught:
        create_scheme(body_a, actor=SYSTEM, **{**SCHEME, **change})
    assert caught.value.field == field
    assert _counts() == before


def test_a_scheme_code_is_unique_in_the_laboratory(body_a, scheme) -> None:
    with pytest.raises(LabInputError) as caught:
        create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "code": scheme.code})
    assert caught.value.field == "code"


# --- recording lots --------------------------------------------------------------------------------


def test_the_first_lot_is_inspected_on_normal_with_the_table_ii_a_plan(scheme) -> None:
    lot, after = record_lot(scheme, actor=SYSTEM, lot="L001", lot_size=1200, inspected_on=DAY, d1=2)
    plan = _plan("normal")
    assert (lot.severity, lot.code_letter, lot.n1, lot.Ac1, lot.Re1, lot.table) == (
        "normal", plan.code_letter, plan.n, plan.Ac, plan.Re, "Table II-A",
    )  # fmt: skip
    # MIL-STD-105E Table I: lots of 501 to 1200 at level II have code letter J (n = 80 in Table II-A).
    assert (lot.code_letter, lot.n1) == ("J", 80)
    assert lot.accepted is (2 <= plan.Ac)
    assert (lot.n2, lot.d2) == (None, None)
    assert after.state.severity.value == "normal"
    entry = AuditEntry.objects.get(action="laboratory.lot.record")
    assert entry.data["lot"] == "L001" and entry.data["next_severity"] == "normal"


def test_a_count_at_the_rejection_number_rejects_the_lot(scheme) -> None:
    lot, _after = record_lot(
        scheme, actor=SYSTEM, lot="L001", lot_size=1200, inspected_on=DAY, d1=_plan("normal").Re
    )
    assert lot.accepted is False


def test_two_rejections_in_five_lots_switch_to_tightened_and_the_next_plan_is_table_ii_b(scheme) -> None:
    re = _plan("normal").Re
    after = _lots(scheme, [0, re, 0, 0])
    assert after.state.severity.value == "normal"
    after = _lots(scheme, [re], start=4)  # lots 2 and 5 rejected: 2 out of 4 consecutive (4.7.1)
    assert after.state.severity.value == "tightened"
    assert after.steps[-1].event == "2 of 5 or fewer consecutive lots rejected (MIL-STD-105E 4.7.1)"
    lot, _ = record_lot(
        scheme, actor=SYSTEM, lot="L006", lot_size=1200, inspected_on=DAY + timedelta(9), d1=0
    )  # noqa: E501
    tightened = _plan("tightened")
    assert (lot.severity, lot.table, lot.n1, lot.Ac1, lot.Re1) == (
        "tightened", "Table II-B", tightened.n, tightened.Ac, tightened.Re,
    )  # fmt: skip


def test_two_rejections_six_lots_apart_keep_normal_inspection(scheme) -> None:
    re = _plan("normal").Re
    after = _lots(scheme, [re, 0, 0, 0, 0, re])
    assert after.state.severity.value == "normal"


def test_five_consecutive_lots_accepted_on_tightened_return_to_normal(scheme) -> None:
    re = _plan("normal").Re
    after = _lots(scheme, [re, re, 0, 0, 0, 0])
    assert after.state.severity.value == "tightened"  # 4 accepted on tightened so far
    after = _lots(scheme, [0], start=6)
    assert after.state.severity.value == "normal"
    assert after.steps[-1].event == "5 consecutive lots accepted on tightened (MIL-STD-105E 4.7.2)"
    assert [s.lot.severity for s in history(scheme).steps] == ["normal"] * 2 + ["tightened"] * 5


def test_a_rejection_on_tightened_restarts_the_count_of_accepted_lots(scheme) -> None:
    re, re_t = _plan("normal").Re, _plan("tightened").Re
    after = _lots(scheme, [re, re, 0, 0, re_t, 0, 0, 0, 0])
    assert after.state.severity.value == "tightened"
    assert _lots(scheme, [0], start=9).state.severity.value == "normal"


def test_inspection_is_discontinued_then_refused_until_resumed(scheme) -> None:
    re, re_t = _plan("normal").Re, _plan("tightened").Re
    after = _lots(scheme, [re, re] + [re_t] * 5)
    assert after.state.severity.value == "discontinued"
    before = _counts()
    with pytest.raises(LotSamplingError) as caught:
        record_lot(scheme, actor=SYSTEM, lot="L099", lot_size=1200, inspected_on=DAY + timedelta(30), d1=0)
    assert "discontinued" in str(caught.value)
    assert _counts() == before

    resume_sampling(scheme, actor=SYSTEM, resumed_on=DAY + timedelta(40), reason="New moulding tool")
    assert history(scheme).state.severity.value == "tightened"
    assert AuditEntry.objects.filter(action="laboratory.lot_sampling.resume").count() == 1
    lot, after = record_lot(
        scheme, actor=SYSTEM, lot="L008", lot_size=1200, inspected_on=DAY + timedelta(41), d1=0
    )
    assert lot.severity == "tightened"
    assert after.steps[-1].resumed is None
    assert history(scheme).steps[-1].resumed.reason == "New moulding tool"


def test_resuming_an_inspection_that_is_not_discontinued_is_refused(scheme) -> None:
    with pytest.raises(LotSamplingError):
        resume_sampling(scheme, actor=SYSTEM, resumed_on=DAY, reason="nothing to resume")
    assert SamplingResumption.objects.count() == 0


def test_a_resumption_needs_the_supplier_action(scheme) -> None:
    re, re_t = _plan("normal").Re, _plan("tightened").Re
    _lots(scheme, [re, re] + [re_t] * 5)
    with pytest.raises(LabInputError) as caught:
        resume_sampling(scheme, actor=SYSTEM, resumed_on=DAY + timedelta(40), reason=" ")
    assert caught.value.field == "reason"


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("lot", {"lot": " "}),
        ("lot", {"lot": "L001"}),  # recorded already
        ("lot_size", {"lot_size": 1}),
        ("inspected_on", {"inspected_on": DAY - timedelta(days=1)}),  # before the last lot
        ("inspected_on", {"inspected_on": date(2999, 1, 1)}),
        ("d1", {"d1": None}),
        ("d1", {"d1": -1}),
        ("d1", {"d1": 81}),  # above the sample size n = 80 (code letter J)
        ("d2", {"d2": 0}),  # a single plan has no second sample
    ],
)
def test_a_bad_lot_is_refused_naming_the_field_and_nothing_is_written(scheme, field, change) -> None:
    _lots(scheme, [0])
    before = _counts()
    lot: dict[str, Any] = {"lot": "L002", "lot_size": 1200, "inspected_on": DAY, "d1": 0}
    with pytest.raises(LabInputError) as caught:
        record_lot(scheme, actor=SYSTEM, **{**lot, **change})
    assert caught.value.field == field
    assert _counts() == before


def test_nonconformities_per_100_units_may_exceed_the_sample_size(body_a) -> None:
    scheme = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "basis": "per100", "aql": "25"})
    lot, _ = record_lot(scheme, actor=SYSTEM, lot="L001", lot_size=1200, inspected_on=DAY, d1=95)
    assert lot.d1 == 95 and lot.n1 < 95


def test_a_lot_smaller_than_the_sample_caps_the_count_at_the_lot_size(body_a) -> None:
    scheme = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "aql": "0.010"})
    plan = single_plan(10, "II", "0.010")  # the arrows lead to a sample larger than the lot
    assert plan.full_inspection
    with pytest.raises(LabInputError) as caught:
        record_lot(scheme, actor=SYSTEM, lot="L1", lot_size=10, inspected_on=DAY, d1=11)
    assert caught.value.field == "d1"


def test_a_missing_table_is_named_and_nothing_is_written(body_a, monkeypatch) -> None:
    # Without a loaded Table III-A, core raises TableNotLoadedError (whatever casys ships later).
    only_single = SamplingTables(single=shipped_tables().single)
    monkeypatch.setattr(service, "double_plan", lambda *a: double_plan(*a, tables=only_single))
    scheme = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "code": "double", "sampling": "double"})
    before = _counts()
    with pytest.raises(LotSamplingError) as caught:
        record_lot(scheme, actor=SYSTEM, lot="L1", lot_size=1200, inspected_on=DAY, d1=0)
    assert "Table III-A" in str(caught.value) and "not shipped" in str(caught.value)
    assert "Nothing was recorded" in str(caught.value)
    assert _counts() == before


# --- double sampling decisions ---------------------------------------------------------------------

# An illustrative double plan (not a table cell): n1 = n2 = 50, Ac1 1, Re1 4, Ac2 4, Re2 5.
DOUBLE = LotPlan("normal", "K", "K", "test", "test", 50, 1, 4, 50, 4, 5)
# An illustrative reduced double plan with a gap after the second sample (MIL-STD-105E 4.9.4).
REDUCED = LotPlan("reduced", "K", "K", "test", "test", 20, 0, 4, 20, 3, 6)


@pytest.mark.parametrize(
    ("plan", "d1", "d2", "expected"),
    [
        (DOUBLE, 1, None, (True, False)),  # d1 <= Ac1
        (DOUBLE, 4, None, (False, False)),  # d1 >= Re1
        (DOUBLE, 2, 2, (True, False)),  # d1 + d2 <= Ac2
        (DOUBLE, 2, 3, (False, False)),  # d1 + d2 >= Re2
        (REDUCED, 2, 2, (True, True)),  # Ac2 < 4 < Re2 on reduced: accept, reinstate normal
        (REDUCED, 2, 4, (False, False)),
    ],
)
def test_double_sampling_decides_on_the_first_or_the_combined_samples(plan, d1, d2, expected) -> None:
    assert decide(plan, 1200, d1, d2, per_100=False) == expected


@pytest.mark.parametrize(
    ("d1", "d2", "words"),
    [
        (0, 1, "first sample decided"),
        (5, 0, "first sample decided"),
        (2, None, "second sample of 50"),
        (2, 51, "sample of 50"),
    ],
)
def test_double_sampling_errors_name_the_second_count(d1, d2, words) -> None:
    with pytest.raises(LabInputError) as caught:
        decide(DOUBLE, 1200, d1, d2, per_100=False)
    assert caught.value.field == "d2"
    assert words in caught.value.message


def test_a_double_plan_lot_stores_both_samples(body_a, monkeypatch) -> None:
    scheme = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "code": "double", "sampling": "double"})
    monkeypatch.setattr(service, "plan_for", lambda *a: DOUBLE)
    lot, _ = record_lot(scheme, actor=SYSTEM, lot="L1", lot_size=1200, inspected_on=DAY, d1=2, d2=1)
    assert (lot.n2, lot.Ac2, lot.Re2, lot.d2, lot.found, lot.sample_units, lot.accepted) == (
        50, 4, 5, 1, 3, 100, True,
    )  # fmt: skip


def test_a_double_sampling_scheme_inspects_lots_with_the_shipped_table_iii_a(body_a) -> None:
    # Lot of 1200 at level II → code letter J (MIL-STD-105E Table I). Table III-A, J / AQL 1.0 (as
    # transcribed in AQLSchemes 1.7-2, see casys/core/data/iso2859/README.md): the double plan of
    # code letter J is that of the cell, looked up here through core rather than typed in.
    scheme = create_scheme(body_a, actor=SYSTEM, **{**SCHEME, "code": "double-j", "sampling": "double"})
    plan = double_plan(1200, "II", "1.0", "normal")
    assert plan.single is None and plan.n1 == plan.n2 and plan.Ac1 < plan.Re1 - 1
    between = plan.Ac1 + 1  # undecided after the first sample: the second is needed
    with pytest.raises(LabInputError) as caught:
        record_lot(scheme, actor=SYSTEM, lot="D1", lot_size=1200, inspected_on=DAY, d1=between)
    assert caught.value.field == "d2"
    lot, _after = record_lot(
        scheme, actor=SYSTEM, lot="D1", lot_size=1200, inspected_on=DAY, d1=between, d2=plan.Ac2 - between
    )
    assert lot.accepted
    lot, _after = record_lot(
        scheme,
        actor=SYSTEM,
        lot="D2",
        lot_size=1200,
        inspected_on=DAY + timedelta(days=1),
        d1=between,
        d2=plan.Re2 - between,
    )
    assert not lot.accepted
