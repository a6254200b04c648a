"""Audit-time methods chosen by the scheme file (casys.core.audit_time_methods).

No worked example of ISO/TS 22003-1:2022 or ISO/IEC 27006-1:2024 with their real tables could be
found in a public source (their tables are not public; docs/audits.md, "Sector schemes and
audit-time methods"). These tests therefore check the *arithmetic* of each method on casys's
EXAMPLE tables (made-up numbers, casys/core/data/audit_time_examples) and on small tables written
here, and that each scheme file picks its method by name.
"""

from fractions import Fraction

import pytest

from casys.core.audit_time import (
    BODY_TABLES,
    KEYED_TABLES,
    Adjustment,
    AuditTimeError,
    TableNotLoadedError,
    default_tables,
    example_table,
    load_body_table,
    parse_keyed_table,
)
from casys.core.audit_time_methods import METHODS, Inputs, determine
from casys.core.schemes import available_schemes, load_scheme, parse_scheme
from casys.core.schemes.reader import SchemeError

FOOD = "section,key,days\ntd,C,2\nth,C,0.5\ntms,all,0.5\ntfte,1-19,0\ntfte,20-99,1\ntfte,100-,2\n"


def _food(text: str = FOOD):
    return default_tables().with_table(load_body_table("iso22003-1", text, "test table"))


def test_the_food_formula_adds_td_th_tms_and_tfte():
    """Arithmetic only (test table): Ts = TD 2 + TH 2 x 0.5 + TMS 0.5 + TFTE 1 = 4.5 days."""
    r = determine("iso22003-1", "iso22003-1", _food(), Inputs(n=50, category="C", haccp_studies=3))
    assert r.T == 4.5
    assert r.initial == 4.5
    assert (
        r.lines[4] == "Ts = TD + TH + TMS + TFTE = 4.5 auditor-days (ISO/TS 22003-1:2022; values: test table)"
    )


def test_a_relevant_certified_management_system_removes_tms():
    """Arithmetic only: with a relevant certified MS, TMS is 0 (Ts = 2 + 0 + 0 + 0 = 2)."""
    r = determine("iso22003-1", "iso22003-1", _food(), Inputs(n=10, category="c", relevant_ms=True))
    assert r.T == 2.0
    assert "TMS, relevant certified management system in place: 0" in r.lines


def test_the_largest_employee_band_is_open_ended():
    r = determine("iso22003-1", "iso22003-1", _food(), Inputs(n=25_000, category="C"))
    assert r.T == 2 + 0.5 + 2


def test_additional_sites_add_their_share_of_ts_on_the_example_table():
    """Arithmetic only, EXAMPLE table: category E, TD 1 + TMS 0.25 + TFTE(250) 1.5 = 2.75;
    two additional sites x 0.5 x 2.75 = 2.75; total 5.5."""
    tables = default_tables().with_table(example_table("iso22003-1"))
    r = determine("iso22003-1", "iso22003-1", tables, Inputs(n=250, category="E", additional_sites=2))
    assert r.T == 5.5
    assert r.initial == 5.5
    assert r.stage1 + r.stage2 == r.initial


def test_the_example_table_says_it_is_an_example():
    t = example_table("iso22003-1")
    assert t.source.startswith("EXAMPLE table shaped like ISO/TS 22003-1")
    r = determine("iso22003-1", "iso22003-1", default_tables().with_table(t), Inputs(n=5, category="A"))
    assert any("EXAMPLE table" in line for line in r.lines)


def test_the_example_tables_minimum_raises_a_small_audit():
    """EXAMPLE table, category A, 5 employees, relevant MS: Ts = 1 + 0 + 0 + 0 = 1 = the minimum."""
    tables = default_tables().with_table(example_table("iso22003-1"))
    r = determine("iso22003-1", "iso22003-1", tables, Inputs(n=5, category="A", relevant_ms=True))
    assert r.initial == 1.0


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        (Inputs(n=10, category="Z"), "category"),
        (Inputs(n=10), "category"),
        (Inputs(n=0, category="C"), "employees"),
        (Inputs(n=10, category="C", haccp_studies=0), "haccp_studies"),
        (Inputs(n=10, category="C", additional_sites=-1), "additional_sites"),
    ],
)
def test_bad_food_input_is_refused_naming_the_field(inputs, field):
    with pytest.raises(AuditTimeError) as e:
        determine("iso22003-1", "iso22003-1", _food(), inputs)
    assert str(e.value).startswith(f"{field}:")


def test_a_category_missing_from_the_bodys_table_is_named():
    with pytest.raises(AuditTimeError, match=r"^category: unknown td key 'A' in test table"):
        determine("iso22003-1", "iso22003-1", _food(), Inputs(n=10, category="A"))


def test_the_food_table_must_be_loaded():
    with pytest.raises(TableNotLoadedError, match="ISO/TS 22003-1"):
        determine("iso22003-1", "iso22003-1", default_tables(), Inputs(n=10, category="C"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("personnel_min,personnel_max,all\n1,10,2", "header must be section,key,days"),
        ("section,key,days\ntd,C,two", "line 2, column 'days': 'two' is not a number"),
        ("section,key,days\ntd,C,-1", "line 2, column 'days': must not be negative"),
        ("section,key,days\ntfte,1-19,0\ntfte,25-,1", "line 3: band 25- of 'tfte' does not continue from 20"),
        ("section,key,days\ntd,C,1\ntd,C,2", "line 3: td,C given twice"),
    ],
)
def test_a_bad_keyed_table_is_refused_with_its_line(text, message):
    with pytest.raises(AuditTimeError, match=message):
        parse_keyed_table("iso22003-1", "t", text, "iso22003-1 table")


def test_the_isms_method_reads_persons_and_applies_named_factors():
    """Arithmetic only, EXAMPLE table: 80 persons -> 10 days; IT environment +20 %, business
    complexity -10 % -> 11 days."""
    tables = default_tables().with_table(example_table("iso27006-1"))
    factors = [Adjustment(20, "IT environment: many platforms"), Adjustment(-10, "business complexity: low")]
    r = determine("iso27006-1", "iso27006-1", tables, Inputs(n=80, factors=factors))
    assert (r.T, r.adjustment_percent, r.initial) == (10.0, 10.0, 11.0)
    assert "adjustment +20 %: IT environment: many platforms" in r.lines


def test_an_isms_factor_must_be_named():
    tables = default_tables().with_table(example_table("iso27006-1"))
    with pytest.raises(AuditTimeError, match=r"^factors\[0\]: name the factor"):
        determine("iso27006-1", "iso27006-1", tables, Inputs(n=80, factors=[Adjustment(10, "because")]))


def test_isms_reductions_are_capped_at_30_percent():
    tables = default_tables().with_table(example_table("iso27006-1"))
    factors = [Adjustment(-20, "IT environment: one laptop"), Adjustment(-20, "business complexity: low")]
    with pytest.raises(AuditTimeError, match="exceeds the 30 %"):
        determine("iso27006-1", "iso27006-1", tables, Inputs(n=80, factors=factors))


def test_the_md5_method_is_unchanged():
    r = determine("iaf-md5", "qms", default_tables(), Inputs(n=120))
    assert (r.T, r.initial) == (7.0, 7.0)


def test_an_unknown_method_is_refused():
    with pytest.raises(AuditTimeError, match="^method: unknown audit-time method 'guess'"):
        determine("guess", "qms", default_tables(), Inputs(n=1))


def test_every_shipped_scheme_names_a_known_method_and_table():
    for sid in available_schemes():
        at = load_scheme(sid).audit_time
        if at.method == "none":
            continue
        assert at.method in METHODS, sid
        assert at.table in ("qms", "ems", "ohs") or at.table in BODY_TABLES, sid


@pytest.mark.parametrize(
    ("scheme", "method", "table"),
    [
        ("iso22000", "iso22003-1", "iso22003-1"),
        ("iso27001", "iso27006-1", "iso27006-1"),
        ("iso42001", "body-table", "iso42006"),
        ("iso21001", "body-table", "iso21030"),
        ("iso7101", "iaf-md5", "qms"),
        ("iso19443", "iaf-md5", "qms"),
    ],
)
def test_each_sector_scheme_picks_its_method_in_its_file(scheme, method, table):
    s = load_scheme(scheme)
    assert (s.audit_time.method, s.audit_time.table) == (method, table)
    assert s.documents and s.documents[0].role == "requirements"
    assert any(d.role in ("cb-requirements", "competence") for d in s.documents)


def test_the_sector_schemes_ship_public_clause_titles_only():
    s = load_scheme("iso22000")
    assert dict(s.documents[0].clauses)["8"] == "Operation"
    assert s.documents[1].id == "ISO/TS 22003-1:2022"


def test_the_food_method_cannot_read_a_band_table():
    text = """
id = "x"
standard = "ISO/IEC 17021-1:2015"
object = "management_system"
audit_time = { method = "iso22003-1", table = "qms" }
attestation = { kind = "certificate", validity_years = 3 }
phases = [{ id = "initial", activities = ["stage1"], decision = true }]
"""
    with pytest.raises(SchemeError, match=r"audit_time.table: method 'iso22003-1' cannot read table 'qms'"):
        parse_scheme(text, "x.toml")


def test_keyed_tables_are_the_formula_tables():
    assert KEYED_TABLES <= set(BODY_TABLES)
    assert example_table("iso22003-1").value("tms", "all", "relevant_ms") == Fraction(1, 4)
