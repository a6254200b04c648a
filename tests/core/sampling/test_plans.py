"""Sample size code letters and single/double sampling plans (MIL-STD-105E Tables I, II, III)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casys.core.sampling import (
    SamplingTableError,
    SamplingTables,
    TableNotLoadedError,
    code_letter,
    double_plan,
    parse_double_table,
    parse_single_table,
    shipped_tables,
    single_plan,
)
from casys.core.sampling.code_letters import LEVELS
from casys.core.sampling.plans import follow_arrows
from casys.core.sampling.tables import AQLS, aql_key

# Sample size per code letter, MIL-STD-105E Table II-A (sample size column).
SAMPLE_SIZE = dict(
    zip(
        "ABCDEFGHJKLMNPQR", [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000], strict=True
    )
)


@pytest.mark.parametrize(
    ("lot_size", "level", "letter"),
    [
        # MIL-STD-105E Table I, sample size code letters.
        (2, "S-1", "A"),
        (8, "III", "B"),
        (9, "II", "B"),
        (50, "S-2", "B"),
        (150, "S-4", "D"),
        (280, "I", "E"),
        (1200, "II", "J"),
        (3200, "III", "L"),
        (5000, "II", "L"),
        (10000, "S-3", "F"),
        (35001, "S-4", "J"),
        (500000, "I", "M"),
        (500001, "III", "R"),
        (10**9, "S-1", "D"),
    ],
)
def test_it_reads_the_code_letter_of_table_i(lot_size, level, letter):
    assert code_letter(lot_size, level).letter == letter


@given(level=st.sampled_from(LEVELS), a=st.integers(2, 10**7), b=st.integers(2, 10**7))
def test_sample_size_never_falls_when_the_lot_grows(level, a, b):
    small, large = sorted((a, b))
    assert SAMPLE_SIZE[code_letter(small, level).letter] <= SAMPLE_SIZE[code_letter(large, level).letter]


@pytest.mark.parametrize(
    ("aql", "letter", "n", "ac", "re"),
    [
        # MIL-STD-105E Table II-A (normal inspection): cells holding a plan.
        (6.5, "A", 2, 0, 1),
        (1.0, "J", 80, 2, 3),
        (0.65, "K", 125, 2, 3),
        (1.0, "L", 200, 5, 6),
        (0.40, "M", 315, 3, 4),
        (6.5, "F", 20, 3, 4),
        (10, "G", 32, 7, 8),
        (1000, "A", 2, 30, 31),
        (650, "C", 5, 44, 45),
        (0.010, "Q", 1250, 0, 1),
    ],
)
def test_it_reads_plans_of_table_ii_a(aql, letter, n, ac, re):
    table = shipped_tables().single["normal"]
    cell = table.cell(letter, aql_key(aql))
    assert (table.sample_sizes[table.letters.index(letter)], cell.ac[0], cell.re[0]) == (n, ac, re)


@pytest.mark.parametrize(
    ("lot_size", "level", "aql", "inspection", "expected"),
    [
        # Lot 5000, level II → code letter L (Table I). Arrows followed per MIL-STD-105E 4.9.3,
        # with the sample size of the row where the arrows end:
        (5000, "II", 1.0, "normal", ("L", 200, 5, 6)),  # Table II-A, own plan
        (5000, "II", 0.010, "normal", ("Q", 1250, 0, 1)),  # Table II-A, down arrows to Q
        (5000, "II", 15, "normal", ("J", 80, 21, 22)),  # Table II-A, up arrows to J
        (5, "II", 10, "normal", ("C", 5, 1, 2)),  # Table II-A cell A/10 (see data README)
        (5000, "II", 1.0, "tightened", ("L", 200, 3, 4)),  # Table II-B, own plan
        (5000, "II", 0.010, "tightened", ("R", 2000, 0, 1)),  # Table II-B, down arrows to R
        (200000, "III", 0.025, "tightened", ("S", 3150, 1, 2)),  # Table II-B, Q → row S (n = 3150)
    ],
)
def test_it_follows_the_arrows_to_the_plan_and_its_sample_size(lot_size, level, aql, inspection, expected):
    plan = single_plan(lot_size, level, aql, inspection)
    assert (plan.plan_letter, plan.n, plan.Ac, plan.Re) == expected


def test_the_plan_says_which_letter_and_table_were_used():
    plan = single_plan(5000, "II", 0.010)
    assert (plan.code_letter, plan.plan_letter, plan.table) == ("L", "Q", "Table II-A")
    assert plan.source.startswith("MIL-STD-105E (10 May 1989), Table II-A")


def test_a_sample_as_large_as_the_lot_means_full_inspection():
    # Notes to MIL-STD-105E Table II: if sample size equals or exceeds lot size, do 100 % inspection.
    assert single_plan(10, "II", 0.10).full_inspection
    assert not single_plan(5000, "II", 1.0).full_inspection


@pytest.mark.parametrize("inspection", ["normal", "tightened"])
def test_every_cell_of_the_shipped_tables_leads_to_a_plan(inspection):
    table = shipped_tables().single[inspection]
    for letter in "ABCDEFGHJKLMNPQR":
        for aql in AQLS:
            row, _ = follow_arrows(table, letter, aql)
            assert table.cell(row, aql).entry == "plan", (letter, aql)


def test_a_table_nobody_loaded_is_refused_naming_it():
    with pytest.raises(TableNotLoadedError, match="Table II-C"):
        single_plan(5000, "II", 1.0, "reduced", SamplingTables())
    with pytest.raises(TableNotLoadedError, match="Table III-A"):
        double_plan(5000, "II", 1.0, "normal", SamplingTables(single=shipped_tables().single))


# A made-up two-letter table in the loadable format. These numbers are test data, not MIL-STD-105E.
FAKE_REDUCED = "# test fixture, not a standard\ncode_letter,sample_size,aql,entry,ac,re,note\n" + "".join(
    f"{letter},{n},{aql},{'plan' if letter == 'K' else 'down'},{'1' if letter == 'K' else ''},"
    f"{'4' if letter == 'K' else ''},\n"
    for letter, n in (("J", 32), ("K", 50))
    for aql in AQLS
)

FAKE_DOUBLE = (
    "# test fixture, not a standard\ncode_letter,sample_size,aql,entry,ac1,re1,ac2,re2,note\n"
    + "".join(
        f"{letter},{n},{aql},{entry},{nums}\n"
        for letter, n, entry, nums in (("J", 50, "down", ",,,,"), ("K", 80, "plan", "2,5,6,7,"))
        for aql in AQLS
    )
)


def test_a_body_can_load_a_reduced_table_with_a_gap_between_ac_and_re():
    tables = shipped_tables().with_single("reduced", parse_single_table(FAKE_REDUCED, "fixture"))
    plan = single_plan(1000, "II", 1.0, "reduced", tables)  # lot 1000 → J; arrow down → K
    assert (plan.plan_letter, plan.n, plan.Ac, plan.Re) == ("K", 50, 1, 4)


def test_a_body_can_load_a_double_table():
    tables = shipped_tables().with_double("normal", parse_double_table(FAKE_DOUBLE, "fixture"))
    plan = double_plan(1000, "II", 1.0, "normal", tables)
    assert (plan.n1, plan.n2, plan.Ac1, plan.Re1, plan.Ac2, plan.Re2) == (80, 80, 2, 5, 6, 7)


def test_an_asterisk_in_a_double_table_gives_the_single_plan():
    text = FAKE_DOUBLE.replace(",plan,2,5,6,7,", ",single,,,,,")
    tables = shipped_tables().with_double("normal", parse_double_table(text, "fixture"))
    plan = double_plan(1000, "II", 1.0, "normal", tables)
    assert plan.single == single_plan(1000, "II", 1.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code_letter,sample_size\n", "line 1 must be '# <source>'"),
        ("# s\ncode_letter,sample_size,aql,entry,ac\n", "header lacks re"),
        ("# s\ncode_letter,sample_size,aql,entry,ac,re\nA,2,0.010,sideways,,\n", "row 3, field entry"),
        ("# s\ncode_letter,sample_size,aql,entry,ac,re\nA,2,0.010,plan,1,1\n", "row 3: Re must exceed Ac"),
        ("# s\ncode_letter,sample_size,aql,entry,ac,re\nA,2,0.010,plan,x,1\n", "row 3, field ac"),
        ("# s\ncode_letter,sample_size,aql,entry,ac,re\nA,2,0.010,plan,0,1\n", "cell A/0.015 is missing"),
    ],
)
def test_a_malformed_table_is_refused_naming_the_row_or_field(text, message):
    with pytest.raises(SamplingTableError, match=re.escape(message)):
        parse_single_table(text, "upload.csv")


@pytest.mark.parametrize(
    ("args", "field"),
    [((1, "II", 1.0), "lot-size"), ((100, "IV", 1.0), "level"), ((100, "II", 0.3), "aql")],
)
def test_bad_lookup_input_is_refused_naming_the_field(args, field):
    with pytest.raises(SamplingTableError, match=field):
        single_plan(*args)
