"""Remote-audit rules (ISO/IEC TS 17012:2024 5.2.2; IAF MD 4 limits as scheme data), the audit
plan's arithmetic and the coverage matrix — with the test vectors of the research note (§4)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from casys.core import audit_plan, coverage, remote_audit
from casys.core.engine import Activity, decide
from casys.core.findings import DecisionBlockedError
from casys.core.remote_audit import PartialRemote, RemoteAuditError, RemoteRules
from casys.core.schemes import load_scheme
from casys.core.schemes.loader import SchemeError, parse_scheme

ALL = dict.fromkeys(remote_audit.CONDITION_IDS, True)


def test_it_lists_the_eight_conditions_of_5_2_2() -> None:
    assert len(remote_audit.CONDITIONS) == 8


@pytest.mark.parametrize("missing", remote_audit.CONDITION_IDS)
def test_any_unmet_condition_blocks_remote_planning_naming_it(missing: str) -> None:
    with pytest.raises(
        RemoteAuditError, match=rf"^remote\.{missing}: condition of ISO/IEC TS 17012:2024 5\.2\.2"
    ):
        remote_audit.check_conditions({**ALL, missing: False})


def test_a_condition_never_recorded_is_not_met() -> None:
    assert remote_audit.unmet({}) == list(remote_audit.CONDITION_IDS)


def test_the_accreditation_body_notice_is_above_the_threshold_only() -> None:
    """NAH (Hungary) on IAF MD 4: ICT use exceeding 30 % -> notice.

    1.5 of 4 days is 37.5 %; 1.2 of 4 is 30 %."""
    rules = RemoteRules(notify_above_share=Fraction(3, 10))
    assert remote_audit.notice_required(Fraction("1.5") / 4, rules)
    assert not remote_audit.notice_required(Fraction("1.2") / 4, rules)


@pytest.mark.parametrize(
    ("total", "onsite", "remote_on", "onsite_on", "error"),
    [
        ("2.0", "1.0", date(2026, 3, 1), date(2026, 3, 31), None),
        ("2.0", "0.9", date(2026, 3, 1), date(2026, 3, 2), "below the 1 day"),
        ("3.0", "1.2", date(2026, 3, 1), date(2026, 3, 2), "40 % of the audit, below 50 %"),
        ("2.0", "1.0", date(2026, 3, 1), date(2026, 4, 1), "31 days apart, more than 30"),
    ],
)
def test_fssc_partial_remote_rule(
    total: str, onsite: str, remote_on: date, onsite_on: date, error: str | None
) -> None:
    """FSSC 22000 Annex 9 (NSF summary): on-site >= 1 day and >= 50 %, parts <= 30 days apart."""
    args = (Fraction(total), Fraction(onsite), remote_on, onsite_on, PartialRemote())
    if error is None:
        remote_audit.check_partial_remote(*args)
    else:
        with pytest.raises(RemoteAuditError, match=error):
            remote_audit.check_partial_remote(*args)


def test_a_scope_extension_fully_remote_is_refused_at_planning_and_at_the_decision() -> None:
    scheme = load_scheme("iso9001")
    with pytest.raises(RemoteAuditError, match="^mode: scope-extension-audit needs an on-site audit"):
        remote_audit.check_onsite_required("scope-extension-audit", Fraction(0), scheme.remote_rules)
    remote_audit.check_onsite_required("surveillance-audit", Fraction(0), scheme.remote_rules)
    acts = [Activity("scope-extension-audit", "remote", ("A1",), date(2026, 5, 1), 1, remote_days=1)]
    with pytest.raises(
        DecisionBlockedError, match="scope-extension-audit was carried out without an on-site part"
    ):
        decide(scheme, "special", acts, [], "DM", date(2026, 5, 10))


def test_the_scheme_file_carries_the_remote_limits() -> None:
    text = """
id = "fssc-demo"
standard = "ISO/IEC 17021-1:2015"
object = "management_system"
attestation = { kind = "certificate", validity_years = 3 }
phases = [{ id = "initial", activities = ["stage1", "stage2"], decision = true }]
[onsite]
min_share = 0.5
notify_above_remote_share = 0.3
onsite_required = ["stage2"]
[onsite.partial_remote]
min_onsite_days = 1
min_onsite_share = 0.5
max_days_apart = 30
source = "FSSC 22000 Annex 9"
"""
    rules = parse_scheme(text, "fssc-demo.toml").remote_rules
    assert rules.max_remote_share == Fraction(1, 2)
    assert rules.notify_above_share == Fraction(3, 10)
    assert rules.onsite_required == ("stage2",)
    assert rules.partial_remote == PartialRemote(Fraction(1), Fraction(1, 2), 30, "FSSC 22000 Annex 9")


def test_the_share_above_the_maximum_is_refused() -> None:
    with pytest.raises(
        RemoteAuditError,
        match="^remote_share: 25 % of the audit time is remote, above the scheme's maximum 20 %",
    ):
        remote_audit.check_share(Fraction(1, 4), load_scheme("iso9001").remote_rules)


@pytest.mark.parametrize("days", ["0.5", "1", "2.5", "7.125", "13"])
@pytest.mark.parametrize("n", [1, 3, 7, 14])
def test_the_plan_allocation_adds_up_exactly(days: str, n: int) -> None:
    shares = audit_plan.allocate(Fraction(days), n)
    assert sum(shares) == Fraction(days) and len(shares) == n
    assert max(shares) - min(shares) <= audit_plan.UNIT
    audit_plan.check_total(shares, Fraction(days))


def test_a_plan_line_that_is_not_eighths_is_refused_naming_the_line() -> None:
    with pytest.raises(audit_plan.PlanError, match=r"^lines\[1\]\.days"):
        audit_plan.check_total([Fraction(1), Fraction(1, 3)], Fraction(4, 3))


def test_the_coverage_matrix_names_what_was_never_audited() -> None:
    m = coverage.matrix(["x/1", "x/2"], [("stage2", {"x/1"}), ("surveillance", set())])
    assert m.uncovered == ("x/2",)
    assert coverage.blocking_reason(m.uncovered) == (
        "coverage: 1 requirement(s) in scope never audited in the cycle (ISO/IEC 17021-1:2015 9.1.3): x/2"
    )
    assert coverage.blocking_reason(()) is None


def test_the_shipped_limits_are_casys_defaults_the_body_sets() -> None:
    for scheme_id in ("iso9001", "iso14001", "iso27001", "iso45001", "iso50001", "iso21001"):
        rules = load_scheme(scheme_id).remote_rules
        assert rules.max_remote_share == Fraction(1, 5)
        assert rules.fully_remote == ("stage1",)
        assert rules.source.startswith("casys default set by the certification body")
        assert "IAF MD 4:2023 sets no maximum" in rules.source


def test_a_stage_1_may_be_fully_remote_where_the_scheme_allows_it() -> None:
    rules = load_scheme("iso9001").remote_rules
    remote_audit.check_share(Fraction(1), rules, "stage1")
    with pytest.raises(RemoteAuditError, match="^remote_share: 100 % of the audit time is remote"):
        remote_audit.check_share(Fraction(1), rules, "stage2")


@pytest.mark.parametrize(
    ("onsite", "message"),
    [
        ("max_remote_share = 0.3\nmin_share = 0.8", "give max_remote_share or min_share"),
        ('fully_remote = ["stage2"]\nonsite_required = ["stage2"]', "stage2 also needs an on-site part"),
        ("max_remote_share = 1.5", "must be a share in [0, 1]"),
    ],
)
def test_contradictory_remote_limits_are_refused(onsite: str, message: str) -> None:
    text = f"""
id = "x"
standard = "ISO/IEC 17021-1:2015"
object = "management_system"
attestation = {{ kind = "certificate", validity_years = 3 }}
phases = [{{ id = "initial", activities = ["stage1", "stage2"], decision = true }}]
[onsite]
{onsite}
"""
    with pytest.raises(SchemeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_scheme(text, "x.toml")
