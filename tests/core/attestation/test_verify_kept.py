"""Offline verification keeps what it verified of the status lists, never more than is safe."""

from datetime import UTC, datetime

from casys.core import credentials as vc
from casys.core import signing
from tests.core.attestation import builders as b

AT = datetime(2025, 6, 1, tzinfo=UTC)


def _token(number: str = "Q-7") -> str:
    return vc.sign(vc.certificate_credential(b.certificate_facts(number=number)), b.CB_KEY)


def _lists(suspended: tuple[int, ...] = ()) -> list[str]:
    return [
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY, suspended),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY),
    ]


def test_a_list_verified_once_gives_the_same_report_the_second_time() -> None:
    vc._KEPT.clear()
    lists = _lists()
    first = vc.verify(_token(), [b.CB_RING], AT, lists)
    assert len(vc._KEPT) == 2
    second = vc.verify(_token(), [b.CB_RING], AT, lists)
    assert first.checks == second.checks
    assert second.check("status").state == "pass"


def test_a_kept_list_is_checked_again_for_the_moment_asked() -> None:
    vc._KEPT.clear()
    lists = _lists()
    vc.verify(_token(), [b.CB_RING], AT, lists)
    # the lists were signed on 2025-01-01: asked about 2024, they are not yet valid
    early = vc.verify(_token(), [b.CB_RING], datetime(2024, 6, 1, tzinfo=UTC), lists)
    assert early.check("status").state == "fail"
    assert "does not verify (validity:" in early.check("status").reason


def test_a_tampered_list_is_not_taken_from_the_kept_one_of_the_same_url() -> None:
    vc._KEPT.clear()
    good = _lists()
    vc.verify(_token(), [b.CB_RING], AT, good)
    forged_by_other_key = b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY_2, (7,))
    result = vc.verify(_token(), [b.CB_RING], AT, [forged_by_other_key, good[1]])
    assert result.failed == ("status",)
    assert "does not verify (key:" in result.check("status").reason


def test_a_list_kept_under_one_key_is_verified_again_under_other_keys() -> None:
    vc._KEPT.clear()
    lists = _lists()
    assert vc.verify(_token(), [b.CB_RING], AT, lists).ok
    other_ring = signing.Keyring(b.CB, (b.CB_KEY_2.public,), b.CB_KEY_2.kid)
    result = vc.verify(_token(), [other_ring], AT, lists)
    assert result.check("key").state == "fail"
    assert result.check("status").state == "not-checked"  # nothing verified: the lists are unusable
    assert not result.ok


def test_a_suspension_set_in_a_new_list_shows_although_the_old_list_was_kept() -> None:
    vc._KEPT.clear()
    assert vc.verify(_token(), [b.CB_RING], AT, _lists()).ok
    flagged = vc.verify(_token(), [b.CB_RING], AT, _lists(suspended=(7,)))
    assert flagged.failed == ("status",)
    assert "suspended: bit 7" in flagged.check("status").reason
