"""Offline verification's lean path says of every credential what the full path says.

``credentials.verify`` first tries the lean path (one parse, status bits from bitsets kept per list
set, checks worded when asked); whatever it does not recognise as passing goes through the full
path. Each case here is verified both ways and the two reports compared field by field.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from casys.core import credentials as vc
from casys.core import signing, status_list
from tests.core.attestation import builders as b

AT = datetime(2025, 6, 1, tzinfo=UTC)


def _lists(suspended: tuple[int, ...] = (), revoked: tuple[int, ...] = ()) -> list[str]:
    return [
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY, suspended),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY, revoked),
    ]


def _token(key: signing.PrivateKey = b.CB_KEY, **changes: object) -> str:
    return vc.sign(vc.certificate_credential(b.certificate_facts(**changes)), key)


def _full(
    token: str | bytes, rings: list[signing.Keyring], at: datetime, lists: list[str]
) -> vc.Verification:
    """What the full path alone says (the lean path skipped)."""
    return vc._verify(token, rings, at, vc._lists(lists, rings, at).by_url, (), None)


def _same(
    token: str | bytes, rings: list[signing.Keyring], at: datetime, lists: list[str]
) -> vc.Verification:
    result, full = vc.verify(token, rings, at, lists), _full(token, rings, at, lists)
    assert result.checks == full.checks
    assert (result.ok, result.complete, result.failed) == (full.ok, full.complete, full.failed)
    assert (result.header, result.credential, result.chain) == (full.header, full.credential, full.chain)
    assert (result.related, result.flagged) == (full.related, full.flagged)
    return result


def _payload(token: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))


def _resigned(payload_bytes: bytes, key: signing.PrivateKey = b.CB_KEY) -> str:
    """A token whose payload is exactly these bytes, validly signed (the issuer wrote odd JSON)."""
    header = vc._b64url(json.dumps({"alg": "EdDSA", "kid": key.kid, "typ": "vc+jwt", "cty": "vc"}).encode())
    signing_input = f"{header}.{vc._b64url(payload_bytes)}"
    return f"{signing_input}.{vc._b64url(key.key.sign(signing_input.encode('ascii')))}"


def test_a_passing_certificate_gets_the_lean_report_the_full_path_gives() -> None:
    result = _same(_token(), [b.CB_RING], AT, _lists(suspended=(3,), revoked=(8,)))
    assert result.ok and type(result) is not vc.Verification  # it came the lean way
    assert result.check("status").reason == "suspension bit 7 clear; revocation bit 7 clear"
    assert [r[0] for r in result.related] == [b.SUSPENSION_URL, b.REVOCATION_URL]


def test_the_lean_report_words_its_checks_only_when_asked() -> None:
    result = vc.verify(_token(), [b.CB_RING], AT, _lists())
    assert "checks" not in vars(result) and result.ok and result.failed == ()
    assert result.check("signature").reason.startswith("Ed25519 signature verifies with kid ")
    assert "checks" in vars(result)


def _with_entry(**changes: object) -> str:
    payload = _payload(_token())
    entry = {**payload["credentialStatus"][0], **changes}
    return _resigned(json.dumps({**payload, "credentialStatus": [entry]}).encode())


def _with(**changes: object) -> str:
    return _resigned(json.dumps({**_payload(_token()), **changes}).encode())


def _changed(token: str, part: int, at: int) -> str:
    parts = token.split(".")
    parts[part] = parts[part][:at] + ("A" if parts[part][at] != "A" else "B") + parts[part][at + 1 :]
    return ".".join(parts)


RINGS = [b.CB_RING]
#: case: token, key rings, moment, status lists
CASES: dict[str, Any] = {
    "no-lists": lambda: (_token(), RINGS, AT, []),
    "no-status-entry": lambda: (_token(status=()), RINGS, AT, _lists()),
    "one-entry-as-object": lambda: (
        _with(credentialStatus=_payload(_token())["credentialStatus"][0]),
        RINGS,
        AT,
        _lists(),
    ),
    "issuer-as-object": lambda: (_with(issuer={"id": b.CB, "name": "CB Example"}), RINGS, AT, _lists()),
    "suspended": lambda: (_token(), RINGS, AT, _lists(suspended=(7,))),
    "withdrawn": lambda: (_token(), RINGS, AT, _lists(revoked=(7,))),
    "expired": lambda: (_token(), RINGS, datetime(2027, 3, 1, tzinfo=UTC), _lists()),
    "not-yet-valid": lambda: (_token(), RINGS, datetime(2024, 2, 1, tzinfo=UTC), _lists()),
    "wrong-key": lambda: (_token(key=b.CB_KEY_2), RINGS, AT, _lists()),
    "unknown-kid": lambda: (_token(), [b.AB_RING], AT, _lists()),
    "tampered-payload": lambda: (_changed(_token(), 1, -8), RINGS, AT, _lists()),
    "tampered-signature": lambda: (_changed(_token(), 2, 0), RINGS, AT, _lists()),
    "white-space-around": lambda: (f"  {_token()}\n", RINGS, AT, _lists()),
    "bytes-token": lambda: (_token().encode("ascii"), RINGS, AT, _lists()),
    "list-of-another-issuer": lambda: (
        _token(),
        [b.CB_RING, b.AB_RING],
        AT,
        [b.signed_list(b.SUSPENSION_URL, "suspension", b.AB_KEY), _lists()[1]],
    ),
    "unreadable-list": lambda: (_token(), RINGS, AT, [*_lists(), "not a token"]),
    # the certificate is valid on 2024-12-01, its lists (signed 2025-01-01) not yet
    "list-not-yet-valid": lambda: (_token(), RINGS, datetime(2024, 12, 1, tzinfo=UTC), _lists()),
    "index-beyond-the-list": lambda: (
        _with_entry(statusListIndex=str(status_list.MIN_BITS)),
        RINGS,
        AT,
        _lists(),
    ),
    "index-not-digits": lambda: (_with_entry(statusListIndex=7), RINGS, AT, _lists()),
    "status-size-2": lambda: (_with_entry(statusSize=2), RINGS, AT, _lists()),
    "nan-in-payload": lambda: (_with(extra=float("nan")), RINGS, AT, _lists()),
    "byte-order-mark": lambda: (
        _resigned(b"\xef\xbb\xbf" + json.dumps(_payload(_token())).encode()),
        RINGS,
        AT,
        _lists(),
    ),
    "lone-surrogate": lambda: (_with(extra="\ud800"), RINGS, AT, _lists()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_gets_the_report_of_the_full_path(case: str) -> None:
    _same(*CASES[case]())


def test_a_credential_signed_before_its_key_retired_passes_both_ways_and_one_after_fails() -> None:
    rotated = signing.rotate(b.CB_RING, b.CB_KEY_2.public)
    retired = signing.retire(rotated, b.CB_KEY.kid, datetime(2025, 1, 1, tzinfo=UTC))
    before = _same(_token(), [retired], AT, _lists())  # validFrom 2024-03-01
    assert before.ok
    late = _token(issue_date=(datetime(2025, 2, 1, tzinfo=UTC)).date())
    after = _same(late, [retired], AT, _lists())
    assert after.failed == ("key",)


def test_a_new_list_set_and_a_new_moment_are_verified_afresh() -> None:
    token = _token()
    assert _same(token, [b.CB_RING], AT, _lists()).ok
    assert _same(token, [b.CB_RING], AT, _lists(suspended=(7,))).failed == ("status",)
    later = AT + timedelta(days=1000)  # the certificate expired meanwhile
    assert _same(token, [b.CB_RING], later, _lists()).failed == ("validity",)


def test_a_key_ring_built_again_with_other_keys_is_not_taken_for_the_kept_one() -> None:
    lists = _lists()
    assert vc.verify(_token(), [b.CB_RING], AT, lists).ok
    other = signing.Keyring(b.CB, (b.CB_KEY_2.public,), b.CB_KEY_2.kid)
    assert _same(_token(), [other], AT, lists).failed == ("key",)


@pytest.mark.parametrize("case", ["suspended", "withdrawn", "expired", "no-status-entry"])
def test_the_common_outcomes_of_a_registry_take_the_lean_path(case: str) -> None:
    result = _same(*CASES[case]())
    assert type(result) is not vc.Verification
    assert result.failed == {"suspended": ("status",), "withdrawn": ("status",), "no-status-entry": ()}.get(
        case, ("validity",)
    )


def test_an_expired_and_suspended_certificate_names_both_failures_the_lean_way() -> None:
    result = _same(_token(), RINGS, datetime(2027, 3, 1, tzinfo=UTC), _lists(suspended=(7,), revoked=(7,)))
    assert type(result) is not vc.Verification and result.failed == ("validity", "status")
    assert [(f.purpose, f.index) for f in result.flagged] == [("suspension", 7), ("revocation", 7)]
