"""Certificate lifecycle (ISO/IEC 17021-1:2015 9.6.5, 9.6.3.2.5; IAF MD 2:2017)."""

from datetime import date

import pytest

from casys.core.lifecycle import Event, LifecycleError, apply, issue, status_on, withdrawal_due_on


def _cert():
    return issue(
        "C-1",
        "ACME",
        ("design", "production"),
        date(2026, 3, 10),
        date(2029, 3, 9),
        by="DM",
        why="decision D-1",
    )


def test_each_change_is_an_event_and_the_certificate_is_never_edited():
    c0 = _cert()
    c1 = apply(c0, Event("suspended", date(2026, 9, 1), "DM", "surveillance refused"))
    c2 = apply(c1, Event("restored", date(2026, 11, 1), "DM", "surveillance done"))
    c3 = apply(c2, Event("scope-reduced", date(2027, 1, 5), "DM", "design dropped", scope=("production",)))
    assert c0.status == "issued" and c1.status == "suspended" and c2.status == "issued"
    assert c3.scope == ("production",) and [e.kind for e in c3.events] == [
        "issued",
        "suspended",
        "restored",
        "scope-reduced",
    ]
    assert status_on(c3, date(2026, 10, 1)) == "suspended" and status_on(c3, date(2029, 4, 1)) == "expired"


def test_a_suspension_is_due_for_withdrawal_after_six_months():
    c = apply(_cert(), Event("suspended", date(2026, 9, 1), "DM", "x"))
    assert withdrawal_due_on(c) == date(2027, 3, 1)
    assert withdrawal_due_on(c, max_months=3) == date(2026, 12, 1)
    assert withdrawal_due_on(_cert()) is None


def test_invalid_transitions_raise_a_clear_error():
    w = apply(_cert(), Event("withdrawn", date(2026, 5, 1), "DM", "fraud"))
    with pytest.raises(
        LifecycleError, match="event 'restored': not allowed while the certificate is withdrawn"
    ):
        apply(w, Event("restored", date(2026, 6, 1), "DM", "x"))
    with pytest.raises(LifecycleError, match="who .'by'. and why are required"):
        apply(_cert(), Event("suspended", date(2026, 6, 1), "", "x"))
    with pytest.raises(LifecycleError, match="receiving certification body"):
        apply(_cert(), Event("transferred", date(2026, 6, 1), "DM", "client moved"))
    s = apply(_cert(), Event("suspended", date(2026, 6, 1), "DM", "x"))
    with pytest.raises(LifecycleError, match="'transferred': not allowed while the certificate is suspended"):
        apply(s, Event("transferred", date(2026, 7, 1), "DM", "x", to_body="CB2"))  # IAF MD 2:2017


def test_an_expired_certificate_is_restored_within_six_months_only():
    e = apply(_cert(), Event("expired", date(2029, 3, 10), "system", "cycle ended"))
    ok = apply(e, Event("restored", date(2029, 9, 1), "DM", "recertification done", expiry=date(2032, 3, 9)))
    assert ok.status == "issued" and ok.expiry == date(2032, 3, 9)
    with pytest.raises(LifecycleError, match="9.6.3.2.5"):
        apply(e, Event("restored", date(2029, 9, 10), "DM", "late"))
