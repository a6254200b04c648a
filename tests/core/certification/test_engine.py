"""The generic engine: both scheme kinds run through the same code (ISO/IEC 17000:2020 annex A)."""

from datetime import date

import pytest

from casys.core.engine import Activity, EngineError, decide
from casys.core.findings import DecisionBlockedError, Finding, open_majors, respond, verify
from casys.core.lifecycle import Event, apply, issue
from casys.core.programme import generate_programme
from casys.core.schemes import load_scheme


def test_the_type5_product_scheme_runs_through_the_same_engine():
    s = load_scheme("type5-electrical")  # ISO/IEC 17067:2013 scheme type 5, from its data file only
    initial = [
        Activity("type-test", "on-site", ("LAB1",), date(2026, 1, 10), 3),
        Activity("factory-inspection", "on-site", ("INS1",), date(2026, 1, 20), 1),
    ]
    d = decide(s, "initial", initial, [], "DM", date(2026, 2, 1))
    cert = issue(
        "P-1", "ACME", ("kettle K1",), d.on, date(2031, 1, 31), by=d.decided_by, why="initial decision"
    )
    p = generate_programme(s, d.on)
    assert s.attestation.licence_to_mark and len(p.activities) == 4
    first = p.activities[0]
    nc = Finding(
        "F1", "major", "IEC 60335-1 cl. 8", "market sample fails the access test", due=date(2027, 3, 1)
    )
    surv = [Activity(k, "on-site", ("INS2",), date(2027, 1, 15), 1) for k in first.activities]
    with pytest.raises(DecisionBlockedError, match="open major nonconformities: F1"):
        decide(s, first.phase, surv, [nc], "DM", date(2027, 1, 30))
    cert = apply(cert, Event("suspended", date(2027, 1, 30), "DM", "major NC F1 on market sample"))
    fixed = verify(
        respond(
            nc,
            correction="stock withdrawn",
            root_cause="guard tool worn",
            corrective_action="tool replaced, check added",
        ),
        on=date(2027, 2, 20),
        by="INS2",
    )
    assert open_majors([fixed]) == ()
    d2 = decide(s, first.phase, surv, [fixed], "DM", date(2027, 2, 25))
    cert = apply(cert, Event("restored", d2.on, d2.decided_by, "F1 closed, surveillance decision"))
    assert cert.status == "issued" and d2.phase == "surveillance"


def test_the_management_system_scheme_runs_through_the_same_engine():
    s = load_scheme("iso9001")
    acts = [
        Activity("stage1", "remote", ("A1",), date(2026, 1, 5), 1, remote_days=1),
        Activity("stage2", "on-site", ("A1", "A2"), date(2026, 2, 1), 4),
    ]
    assert decide(s, "initial", acts, [], "D1", date(2026, 3, 10)).onsite_share == 0.8
    with pytest.raises(DecisionBlockedError, match="decision maker A2 was on the team"):
        decide(s, "initial", acts, [], "A2", date(2026, 3, 10))
    with pytest.raises(DecisionBlockedError, match="activities not carried out: stage2"):
        decide(s, "initial", acts[:1], [], "D1", date(2026, 3, 10))
    with pytest.raises(DecisionBlockedError, match="more than 180 days after the last audit day"):
        decide(s, "initial", acts, [], "D1", date(2026, 9, 1))
    with pytest.raises(DecisionBlockedError, match="not followed by a decision"):
        decide(
            s,
            "surveillance",
            [Activity("surveillance-audit", "on-site", ("A1",), date(2027, 1, 5), 2)],
            [],
            "D1",
            date(2027, 2, 1),
        )


def test_it_enforces_the_maximum_remote_share_of_the_scheme():
    s = load_scheme("iso9001")  # onsite.max_remote_share = 0.2, fully_remote = ["stage1"] (casys default)
    acts = [
        Activity("stage1", "remote", ("A1",), date(2026, 1, 5), 2, remote_days=2),
        Activity("stage2", "hybrid", ("A1",), date(2026, 2, 1), 4, remote_days=1),
    ]
    with pytest.raises(DecisionBlockedError, match="remote share 25 % is above the scheme's maximum 20 %"):
        decide(s, "initial", acts, [], "D1", date(2026, 3, 1))


def test_a_fully_remote_stage_1_does_not_count_against_the_maximum_remote_share():
    s = load_scheme("iso9001")
    acts = [
        Activity("stage1", "remote", ("A1",), date(2026, 1, 5), 2, remote_days=2),  # allowed fully remote
        Activity("stage2", "on-site", ("A1",), date(2026, 2, 1), 4),
    ]
    assert decide(s, "initial", acts, [], "D1", date(2026, 3, 1)).onsite_share == pytest.approx(4 / 6)
    with pytest.raises(EngineError, match="stage1.mode: unknown mode 'video'"):
        Activity("stage1", "video", ("A1",), date(2026, 1, 5), 1)


def test_a_failed_type_test_blocks_the_product_decision_but_not_a_management_system_one():
    """type5-electrical says decision.no_failed_test = true; iso9001 does not."""
    product = load_scheme("type5-electrical")
    acts = [
        Activity("type-test", "on-site", ("L1",), date(2026, 1, 10), 2, failed=("Kettle, WK-10",)),
        Activity("factory-inspection", "on-site", ("I1",), date(2026, 1, 20), 1),
    ]
    with pytest.raises(DecisionBlockedError, match="type-test failed: Kettle, WK-10"):
        decide(product, "initial", acts, [], "DM", date(2026, 2, 1))
    ms = [
        Activity("stage1", "on-site", ("A",), date(2026, 1, 10), 1, failed=("x",)),
        Activity("stage2", "on-site", ("A",), date(2026, 1, 20), 2),
    ]
    assert decide(load_scheme("iso9001"), "initial", ms, [], "DM", date(2026, 2, 1)).phase == "initial"
