"""MIL-STD-105E Tables II-C, III-A, III-B, III-C as shipped: cells, structure, the public transcription.

Every number cited below was read from the only complete public transcription found, the R package
AQLSchemes 1.7-2 (republished in fjgonzalezmgt/AQLSchemesCust, R/AAZ14Single.R and R/AAZ14Double.R);
its arrow-followed cells are in data/aqlschemes_1_7_2_followed.csv. The structural tests check the
shipped tables against Tables II-A and II-B, which were checked against two transcriptions.
"""

import csv
from pathlib import Path

import numpy as np
import pytest

from casys.core.sampling import (
    CellWithheldError,
    DoublePlan,
    LotResult,
    Severity,
    SinglePlan,
    SwitchingState,
    double_plan,
    lot_result,
    next_state,
    parse_double_table,
    probability_of_acceptance,
    shipped_tables,
    single_plan,
)
from casys.core.sampling.plans import follow_arrows
from casys.core.sampling.tables import AQLS, SamplingTableError, aql_key

LETTERS = "ABCDEFGHJKLMNPQR"
SINGLE_OF = {"normal": "Table II-A", "tightened": "Table II-B", "reduced": "Table II-C"}
DOUBLE_OF = {"normal": "Table III-A", "tightened": "Table III-B", "reduced": "Table III-C"}
REFERENCE = Path(__file__).parent / "data" / "aqlschemes_1_7_2_followed.csv"

# Cells where casys departs from AQLSchemes 1.7-2, each with its reason in the CSV note and the README.
DEPARTURES = {
    # AQLSchemes gives no double plan for row A here; casys keeps the down arrow of Table II-A.
    ("III-A", "A", "10"),
    ("III-A", "A", "15"),
    # AQLSchemes gives Ac2 26 / Re2 26 (impossible); casys follows the arrows to code letter E, 26/27.
    ("III-A", "L", "100"),
    ("III-A", "M", "100"),
    ("III-A", "N", "100"),
    ("III-A", "P", "100"),
}
# Table II-C cells casys does not ship (entry withheld): AQLSchemes' plan there does not follow the
# structure of Table II-A that all its other cells follow, and no second transcription was found.
WITHHELD = {("A", a) for a in ("25", "40", "65", "100", "150", "250", "400", "650", "1000")} | {
    ("B", a) for a in ("40", "65", "100", "150", "250", "400", "650", "1000")
}


def _reference():
    with REFERENCE.open(encoding="utf-8") as handle:
        next(handle)
        return list(csv.DictReader(handle))


def _table(name):
    tables = shipped_tables()
    for inspection, number in SINGLE_OF.items():
        if number == f"Table {name}":
            return tables.single[inspection]
    return next(t for i, t in tables.double.items() if DOUBLE_OF[i] == f"Table {name}")


@pytest.mark.parametrize(
    ("lot_size", "aql", "inspection", "expected"),
    [
        # (n, Ac1, Re1, Ac2, Re2) of the double plan reached; lot 5000 at level II is code letter L.
        (5000, 1.0, "normal", (125, 2, 5, 6, 7)),  # MIL-STD-105E Table III-A, L/1.0 (AQLSchemes 1.7-2)
        (5000, 0.65, "normal", (125, 1, 4, 4, 5)),  # Table III-A, L/0.65
        (5000, 15, "normal", (50, 11, 16, 26, 27)),  # Table III-A, L/15: up arrows to J (AQLSchemes)
        (5000, 1.0, "tightened", (125, 1, 4, 4, 5)),  # MIL-STD-105E Table III-B, L/1.0 (AQLSchemes)
        (5000, 4.0, "tightened", (125, 6, 10, 15, 16)),  # Table III-B, L/4.0
        (5000, 1.0, "reduced", (50, 0, 4, 3, 6)),  # MIL-STD-105E Table III-C, L/1.0 (AQLSchemes)
        (5000, 0.40, "reduced", (50, 0, 3, 0, 4)),  # Table III-C, L/0.40
        (5000, 4.0, "reduced", (50, 3, 8, 8, 12)),  # Table III-C, L/4.0
    ],
)
def test_it_reads_double_plans_of_tables_iii(lot_size, aql, inspection, expected):
    plan = double_plan(lot_size, "II", aql, inspection)
    assert (plan.n1, plan.Ac1, plan.Re1, plan.Ac2, plan.Re2) == expected
    assert plan.n2 == plan.n1 and plan.single is None


@pytest.mark.parametrize(
    ("lot_size", "aql", "expected"),
    [
        # MIL-STD-105E Table II-C (reduced single), read from AQLSchemes 1.7-2: (n, Ac, Re).
        (5000, 1.0, (80, 2, 5)),  # L/1.0
        (5000, 0.65, (80, 1, 4)),  # L/0.65
        (5000, 0.25, (80, 0, 2)),  # L/0.25
        (5000, 0.15, (125, 0, 2)),  # L/0.15: down arrow to M
        (5000, 6.5, (80, 10, 13)),  # L/6.5
        (1000, 10, (32, 7, 10)),  # J/10
        (100000, 0.10, (200, 0, 2)),  # N/0.10
    ],
)
def test_it_reads_reduced_single_plans_of_table_ii_c(lot_size, aql, expected):
    plan = single_plan(lot_size, "II", aql, "reduced")
    assert (plan.n, plan.Ac, plan.Re) == expected


def test_an_asterisk_of_table_iii_gives_the_single_plan_of_the_same_severity():
    # MIL-STD-105E Table III-A, L/0.10 leads up to K, where Table II-A holds Ac 0 / Re 1: asterisk.
    plan = double_plan(5000, "II", 0.10)
    assert plan.single == single_plan(5000, "II", 0.10)
    assert (plan.n1, plan.n2, plan.Ac1, plan.Re1) == (125, 0, 0, 1)


def test_following_our_arrows_reproduces_every_cell_of_the_public_transcription():
    checked = 0
    for row in _reference():
        name, letter, aql = row["table"], row["code_letter"], row["aql"]
        if (name, letter, aql) in DEPARTURES or (name == "II-C" and _reaches_withheld(letter, aql)):
            continue
        table = _table(name)
        reached, index = follow_arrows(table, letter, aql)
        cell = table.cell(reached, aql)
        if name == "II-C":
            got = [table.sample_sizes[index], cell.ac[0], cell.re[0]]
            assert got == [int(row[k]) for k in ("n", "ac1", "re1")], (name, letter, aql)
        elif row["n"] == "none":
            assert cell.entry == "single", (name, letter, aql)
        else:
            got = [table.sample_sizes[index], cell.ac[0], cell.re[0], cell.ac[1], cell.re[1]]
            assert got == [int(row[k]) for k in ("n", "ac1", "re1", "ac2", "re2")], (name, letter, aql)
        checked += 1
    assert checked == 4 * 416 - len(DEPARTURES) - 31  # 31 Table II-C cells reach a withheld cell


def _reaches_withheld(letter, aql):
    try:
        follow_arrows(shipped_tables().single["reduced"], letter, aql)
    except CellWithheldError:
        return True
    return False


def test_each_listed_departure_really_differs_from_the_transcription():
    for row in _reference():
        key = (row["table"], row["code_letter"], row["aql"])
        if key not in DEPARTURES:
            continue
        table = _table(key[0])
        reached, index = follow_arrows(table, key[1], key[2])
        cell = table.cell(reached, key[2])
        assert cell.entry == "plan"
        assert row["n"] == "none" or [int(row["re2"])] != [cell.re[1]]


def test_the_withheld_cells_are_exactly_those_listed_and_name_the_transcription():
    table = shipped_tables().single["reduced"]
    withheld = {key for key, cell in table.cells.items() if cell.entry == "withheld"}
    assert withheld == WITHHELD
    with pytest.raises(
        CellWithheldError, match=r"Table II-C: .*cell A/25.*AQLSchemes 1\.7-2 gives Ac 1 Re 2"
    ):
        single_plan(5, "II", 25, "reduced")  # lot 5 → code letter A


@pytest.mark.parametrize("inspection", ["normal", "tightened", "reduced"])
def test_a_double_table_has_the_arrow_layout_of_its_single_table(inspection):
    single, double = shipped_tables().single[inspection], shipped_tables().double[inspection]
    assert double.letters == single.letters
    for (letter, aql), cell in double.cells.items():
        mirror = single.cell(letter, aql)
        if mirror.entry in ("down", "up", "none"):
            assert cell.entry == mirror.entry, (letter, aql)
        else:  # a plan (or withheld plan) in the single table: a double plan or the asterisk
            assert cell.entry in ("plan", "single"), (letter, aql)


@pytest.mark.parametrize("inspection", ["normal", "tightened", "reduced"])
def test_the_asterisk_stands_where_the_single_plan_is_ac_0_re_1_or_the_row_has_no_double_size(inspection):
    single, double = shipped_tables().single[inspection], shipped_tables().double[inspection]
    for (letter, aql), cell in double.cells.items():
        mirror = single.cell(letter, aql)
        if mirror.entry not in ("plan", "withheld"):
            continue
        no_size = double.sample_sizes[double.letters.index(letter)] == 0
        is_01 = mirror.entry == "plan" and (mirror.ac, mirror.re) == ((0,), (1,))
        assert (cell.entry == "single") == (is_01 or no_size), (letter, aql)


@pytest.mark.parametrize("inspection", ["normal", "tightened", "reduced"])
def test_each_double_sample_is_the_single_sample_size_of_the_code_letter_above(inspection):
    single, double = shipped_tables().single[inspection], shipped_tables().double[inspection]
    sizes = [n for n in double.sample_sizes if n]
    first = double.sample_sizes.index(sizes[0])
    assert list(sizes) == list(single.sample_sizes[first - 1 : len(single.letters) - 1])


@pytest.mark.parametrize("inspection", ["normal", "tightened", "reduced"])
def test_one_single_plan_always_has_the_same_double_plan(inspection):
    single, double = shipped_tables().single[inspection], shipped_tables().double[inspection]
    pairs = {}
    for (letter, aql), cell in double.cells.items():
        if cell.entry == "plan":
            mirror = single.cell(letter, aql)
            pairs.setdefault((mirror.ac, mirror.re), set()).add((cell.ac, cell.re))
    assert all(len(v) == 1 for v in pairs.values())
    # and a larger single plan has a larger double plan (final rejection number Re2)
    ordered = sorted(pairs.items())
    finals = [next(iter(v))[1][1] for _, v in ordered]
    assert finals == sorted(finals) and len(set(finals)) == len(finals)


@pytest.mark.parametrize("inspection", ["normal", "tightened", "reduced"])
def test_every_double_plan_needs_a_second_sample_and_decides_after_it(inspection):
    for (letter, aql), cell in shipped_tables().double[inspection].cells.items():
        if cell.entry != "plan":
            continue
        (ac1, ac2), (re1, re2) = cell.ac, cell.re
        assert re1 - ac1 >= 2 and ac1 <= ac2 < re2 and re1 <= re2, (letter, aql)
        if inspection != "reduced":  # no gap after the second sample on normal and tightened
            assert re2 == ac2 + 1, (letter, aql)


def test_reduced_plans_of_table_ii_c_have_a_gap_between_ac_and_re():
    # MIL-STD-105E 4.9.4: on reduced inspection a lot may be accepted with a count between Ac and Re.
    table = shipped_tables().single["reduced"]
    plans = {(c.ac[0], c.re[0]) for c in table.cells.values() if c.entry == "plan"}
    assert (0, 1) in plans
    assert all(re >= ac + 2 for ac, re in plans - {(0, 1)})


def test_a_reduced_plan_has_the_arrow_layout_of_table_ii_a_and_a_smaller_sample():
    normal, reduced = shipped_tables().single["normal"], shipped_tables().single["reduced"]
    for (letter, aql), cell in reduced.cells.items():
        mirror = normal.cell(letter, aql)
        assert (cell.entry in ("plan", "withheld")) == (mirror.entry == "plan"), (letter, aql)
        if cell.entry == "plan":
            i = reduced.letters.index(letter)
            assert reduced.sample_sizes[i] <= normal.sample_sizes[i]
            assert cell.ac[0] <= mirror.ac[0] and cell.re[0] <= mirror.re[0]


@pytest.mark.parametrize(
    ("inspection", "tolerance"), [("normal", 0.15), ("tightened", 0.15), ("reduced", 0.18)]
)
def test_a_double_plan_has_nearly_the_oc_curve_of_its_single_plan(inspection, tolerance):
    # The double plans are alternatives to the single plan of the same cell (MIL-STD-105E 4.10).
    # Tolerance: the largest difference of P_a (Poisson, p up to 3 (Re + 1) / n) found in these tables is
    # 0.144 (III-A), 0.143 (III-B), 0.172 (III-C); not a published figure. Swapping two plans exceeds it.
    single, double = shipped_tables().single[inspection], shipped_tables().double[inspection]
    for i, letter in enumerate(double.letters):
        for aql in AQLS:
            cell = double.cell(letter, aql)
            if cell.entry != "plan":
                continue
            s, n = single.cell(letter, aql), single.sample_sizes[i]
            one = SinglePlan(10**6, "II", aql, inspection, letter, letter, n, s.ac[0], s.re[0], False, "", "")
            m = double.sample_sizes[i]
            two = DoublePlan(10**6, "II", aql, inspection, letter, letter, m, m, *_flat(cell), False, "", "")
            p = np.linspace(0.0, 3 * (s.re[0] + 1) / n, 200)
            gap = np.abs(
                probability_of_acceptance(one, p, "poisson") - probability_of_acceptance(two, p, "poisson")
            )
            assert gap.max() < tolerance, (letter, aql, gap.max())


def _flat(cell):
    return cell.ac[0], cell.re[0], cell.ac[1], cell.re[1]


def test_a_count_between_ac_and_re_on_reduced_accepts_the_lot_and_reinstates_normal():
    # MIL-STD-105E 4.9.4 with 4.7.4 b; Table II-C, L/1.0: n 80, Ac 2, Re 5 (AQLSchemes 1.7-2).
    plan = single_plan(5000, "II", 1.0, "reduced")
    state = SwitchingState(severity=Severity.REDUCED)
    kept = next_state(state, lot_result(plan, 2))
    assert kept.severity is Severity.REDUCED
    between = lot_result(plan, 4)
    assert (between.accepted, between.reinstate_normal) == (True, True)
    assert next_state(state, between).severity is Severity.NORMAL
    rejected = lot_result(plan, 5)
    assert not rejected.accepted and next_state(state, rejected).severity is Severity.NORMAL


def test_a_double_reduced_plan_judges_the_second_sample_with_its_gap():
    # Table III-C, L/1.0: n 50 + 50, Ac 0/3, Re 4/6 (AQLSchemes 1.7-2).
    plan = double_plan(5000, "II", 1.0, "reduced")
    assert lot_result(plan, 0) == LotResult(True, 0, 50, False, Ac=0)
    assert lot_result(plan, 4).accepted is False
    assert lot_result(plan, 2, 2) == LotResult(True, 4, 100, True, Ac=3)
    assert lot_result(plan, 2, 4).accepted is False
    with pytest.raises(SamplingTableError, match="second"):
        lot_result(plan, 1)


def test_on_normal_inspection_the_plan_has_no_gap_so_nothing_reinstates():
    plan = double_plan(5000, "II", 1.0)  # Table III-A, L/1.0: Ac 2/6, Re 5/7
    assert lot_result(plan, 3, 3) == LotResult(True, 6, 250, False, Ac=6)
    assert lot_result(plan, 3, 4).accepted is False


def test_a_double_table_refuses_a_plan_in_a_row_without_sample_size():
    text = "# s\ncode_letter,sample_size,aql,entry,ac1,re1,ac2,re2,note\n" + "".join(
        f"A,0,{aql},{'plan,0,2,1,2' if aql == '10' else 'single,,,,'},\n" for aql in AQLS
    )
    with pytest.raises(SamplingTableError, match="sample_size 0"):
        parse_double_table(text, "upload.csv")


def test_every_cell_of_the_shipped_double_tables_leads_to_a_plan_or_an_asterisk():
    for inspection, table in shipped_tables().double.items():
        for letter in LETTERS:
            for aql in AQLS:
                row, _ = follow_arrows(table, letter, aql_key(aql))
                assert table.cell(row, aql).entry in ("plan", "single"), (inspection, letter, aql)


def test_every_departure_and_withheld_cell_carries_its_reason_in_the_note():
    tables = shipped_tables()
    for name, letter, aql in DEPARTURES:
        assert "AQLSchemes 1.7-2 gives" in _table(name).cell(letter, aql).note, (name, letter, aql)
    for letter, aql in WITHHELD:
        note = tables.single["reduced"].cell(letter, aql).note
        assert note.startswith("withheld: AQLSchemes 1.7-2 gives Ac"), (letter, aql)
