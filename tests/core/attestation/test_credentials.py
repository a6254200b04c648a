"""Signed attestations: round trips, tampering, validity, status and key rotation."""

import base64
import json
import warnings
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from casys.core import credentials as vc
from casys.core import signing
from tests.core.attestation import builders as b

RINGS = [b.CB_RING, b.AB_RING]


def _cert_token(**changes):
    return vc.sign(vc.certificate_credential(b.certificate_facts(**changes)), b.CB_KEY)


def _lists(suspended=(), revoked=()):
    return [
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY, suspended),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY, revoked),
    ]


def _states(result):
    return {c.name: c.state for c in result.checks}


def _header(token):
    seg = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def test_it_secures_a_credential_with_the_vc_jose_cose_header():
    token = _cert_token()
    # VC-JOSE-COSE (W3C Recommendation 2025-05-15), §3.1.1: typ vc+jwt, cty vc.
    assert _header(token) == {"alg": "EdDSA", "kid": b.CB_KEY.kid, "typ": "vc+jwt", "cty": "vc"}


@pytest.mark.parametrize("kind", ["certificate", "accreditation", "status-list"])
def test_every_signed_format_round_trips(kind):
    if kind == "certificate":
        cred, key = vc.certificate_credential(b.certificate_facts()), b.CB_KEY
    elif kind == "accreditation":
        cred, key = vc.accreditation_credential(b.accreditation_facts()), b.AB_KEY
    else:
        token = b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY, (1,))
        cred, key = vc.verify(token, RINGS, b.ON).credential, b.CB_KEY
    result = vc.verify(vc.sign(cred, key), RINGS, b.ON, _lists())
    assert result.credential == cred
    assert [_states(result)[n] for n in ("format", "key", "signature", "validity")] == ["pass"] * 4
    assert result.ok


def test_a_valid_certificate_passes_status_against_both_lists():
    result = vc.verify(_cert_token(), RINGS, b.ON, _lists())
    assert _states(result)["status"] == "pass"
    assert result.ok and result.failed == ()


def test_the_certificate_credential_follows_the_untp_dcc_shape():
    cred = vc.certificate_credential(b.certificate_facts())
    subject = cred["credentialSubject"]
    assert cred["@context"] == [vc.VC_V2, vc.UNTP_DCC]
    assert cred["type"] == ["VerifiableCredential", "DigitalConformityCredential"]
    assert cred["@context"][1] == "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/"
    assert subject["type"] == ["ConformityAttestation", "Attestation"]
    assert subject["assessmentLevel"] == "Accredited"
    assert subject["issuedToParty"]["name"] == "ПАО «Газпром»"
    assert subject["authorisation"][0]["id"] == b.ACC_ID
    assert subject["authorisation"][0]["endorsementEvidence"]["linkURL"] == b.ACC_ID
    assert subject["assessment"][0]["referenceStandard"]["name"] == "ISO 9001:2015"
    assert subject["assessment"][0]["id"] == "https://cb.example/certificates/Q-0001#assessment-1"


def _flip(token: str, position: int) -> str:
    char = token[position]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    other = alphabet[(alphabet.index(char) + 1) % 64] if char in alphabet else "A"
    return token[:position] + other + token[position + 1 :]


def test_one_byte_changed_in_the_payload_fails_the_signature():
    token = _cert_token()
    head, body, sig = token.split(".")
    payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    changed = payload.replace(b"Q-0001", b"Q-0002", 1)  # one byte of the certificate number
    assert sum(x != y for x, y in zip(payload, changed, strict=True)) == 1
    forged = ".".join([head, base64.urlsafe_b64encode(changed).rstrip(b"=").decode(), sig])
    result = vc.verify(forged, RINGS, b.ON)
    assert result.failed == ("signature",)
    assert result.credential is None  # the forged contents are not handed back as verified


def test_one_byte_changed_in_the_signature_fails_the_signature_check():
    token = _cert_token()
    result = vc.verify(_flip(token, len(token) - 10), RINGS, b.ON)
    assert result.failed == ("signature",)
    assert _states(result)["validity"] == "not-checked"


def test_a_change_in_the_unused_bits_of_the_last_character_is_refused():
    token = _cert_token()
    # 64 signature bytes take 86 base64url characters; the last one carries 4 unused bits.
    last = token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 1]
    assert base64.urlsafe_b64decode(token.split(".")[2][:-1] + twin + "==") == base64.urlsafe_b64decode(
        token.split(".")[2] + "=="
    )
    result = vc.verify(token[:-1] + twin, RINGS, b.ON)
    assert result.failed == ("format",)
    assert "non-canonical" in result.check("format").reason


def _with_kid(token: str, kid: str) -> str:
    header = _header(token)
    header["kid"] = kid
    seg = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return ".".join([seg, *token.split(".")[1:]])


def test_an_unknown_kid_fails_the_key_check():
    result = vc.verify(_with_kid(_cert_token(), "unknown-kid"), RINGS, b.ON)
    assert result.failed == ("key",)
    assert "unknown-kid is in none of the key rings" in result.check("key").reason


def test_a_kid_of_another_issuer_fails_the_key_check():
    result = vc.verify(_with_kid(_cert_token(), b.AB_KEY.kid), RINGS, b.ON)
    assert result.failed == ("key",)
    assert "belongs to did:web:ab.example" in result.check("key").reason


def test_another_kid_of_the_same_issuer_fails_the_signature():
    ring = signing.rotate(b.CB_RING, b.CB_KEY_2.public)
    result = vc.verify(_with_kid(_cert_token(), b.CB_KEY_2.kid), [ring], b.ON)
    assert result.failed == ("signature",)


def test_without_keys_the_key_check_fails():
    assert vc.verify(_cert_token(), [], b.ON).failed == ("key",)


def test_an_expired_certificate_fails_validity():
    result = vc.verify(_cert_token(), RINGS, datetime(2027, 3, 1, tzinfo=UTC), _lists())
    assert result.failed == ("validity",)
    assert "expired: validUntil 2027-02-28T23:59:59Z" in result.check("validity").reason


def test_the_last_day_of_validity_still_passes():
    result = vc.verify(_cert_token(), RINGS, datetime(2027, 2, 28, 23, 0, tzinfo=UTC), _lists())
    assert _states(result)["validity"] == "pass"


def test_a_suspension_is_detected_through_the_status_list_only():
    token = _cert_token()  # the credential itself is unchanged and still signed
    result = vc.verify(token, RINGS, b.ON, _lists(suspended=(7,)))
    assert result.failed == ("status",)
    assert (
        result.check("status").reason == "suspended: bit 7 is set in https://cb.example/status/suspension/1"
    )


def test_a_withdrawal_is_detected_through_the_revocation_list():
    result = vc.verify(_cert_token(), RINGS, b.ON, _lists(revoked=(7,)))
    assert "withdrawn (revoked): bit 7" in result.check("status").reason


def test_another_bit_set_leaves_the_certificate_active():
    assert vc.verify(_cert_token(), RINGS, b.ON, _lists(suspended=(8,))).ok


def test_a_forged_status_list_fails_the_status_check():
    forged_key = signing.private_key_from_seed(bytes([77]) * 32, b.CB)
    lists = [b.signed_list(b.SUSPENSION_URL, "suspension", forged_key), _lists()[1]]
    result = vc.verify(_cert_token(), RINGS, b.ON, lists)
    assert result.failed == ("status",)
    assert "does not verify (key:" in result.check("status").reason


def test_a_missing_status_list_is_reported_not_checked():
    result = vc.verify(_cert_token(), RINGS, b.ON, _lists()[:1])
    assert result.ok and not result.complete
    assert (
        "no status list supplied for https://cb.example/status/revocation/1" in result.check("status").reason
    )


def test_key_rotation_keeps_old_attestations_valid_and_new_ones_use_the_new_key():
    old = _cert_token()
    ring = signing.rotate(b.CB_RING, b.CB_KEY_2.public)
    new = vc.sign(vc.certificate_credential(b.certificate_facts(number="Q-0002")), b.CB_KEY_2)
    assert ring.active == b.CB_KEY_2.kid
    assert _header(new)["kid"] == b.CB_KEY_2.kid != _header(old)["kid"]
    assert vc.verify(old, [ring], b.ON).ok
    assert vc.verify(new, [ring], b.ON).ok
    # the old ring alone does not know the new key
    assert vc.verify(new, [b.CB_RING], b.ON).failed == ("key",)


def test_it_refuses_to_sign_with_another_issuers_key():
    with pytest.raises(vc.CredentialError, match="issuer"):
        vc.sign(vc.certificate_credential(b.certificate_facts()), b.AB_KEY)


def test_enveloped_credential_round_trip():
    token = _cert_token()
    doc = vc.enveloped(token)
    assert doc["type"] == "EnvelopedVerifiableCredential"
    assert vc.unenvelope(doc) == token
    with pytest.raises(vc.CredentialError, match="id"):
        vc.unenvelope({"type": "EnvelopedVerifiableCredential", "id": "data:text/plain,x"})


def test_a_header_with_an_alg_other_than_eddsa_is_refused():
    token = _cert_token()
    header = {**_header(token), "alg": "none"}
    seg = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    result = vc.verify(".".join([seg, token.split(".")[1], ""]), RINGS, b.ON)
    assert result.failed == ("format",)


def test_naive_datetimes_are_refused():
    with pytest.raises(vc.CredentialError, match="at"):
        vc.verify(_cert_token(), RINGS, datetime(2025, 1, 1))


TOKEN = _cert_token(iaf_codes=("28",), sites=())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=0, max_value=len(TOKEN) - 1), value=st.integers(0, 255))
def test_any_single_byte_change_in_a_compact_jws_fails_verification(position, value):
    data = bytearray(TOKEN.encode("ascii"))
    if data[position] == value:
        value = (value + 1) % 256
    data[position] = value
    result = vc.verify(bytes(data), RINGS, b.ON)
    assert not result.ok
    assert result.failed[0] in ("format", "key", "signature")


def test_the_certificate_view_for_the_chain_reads_dates_and_codes():
    cred = vc.certificate_credential(b.certificate_facts())
    cert = vc.certificate_from_credential(cred)
    assert (cert.issue_date, cert.expiry_date, cert.iaf_codes) == (
        date(2024, 3, 1),
        date(2027, 2, 28),
        ("28",),
    )
    acc = vc.accreditation_from_credential(vc.accreditation_credential(b.accreditation_facts()))
    assert acc.cab == b.CB and acc.body == b.AB and len(acc.scopes) == 2


def test_a_signed_but_malformed_certificate_fails_the_chain_with_the_field_named():
    from casys.core import recognition

    cred = vc.certificate_credential(b.certificate_facts())
    del cred["credentialSubject"]["assessment"][0]["referenceStandard"]["name"]
    result = vc.verify(vc.sign(cred, b.CB_KEY), RINGS, b.ON, [], [], recognition.RecognitionData())
    assert result.failed == ("chain",)
    assert "assessment[0].referenceStandard.name: missing" in result.check("chain").reason
    del cred["credentialSubject"]["assessment"]
    result = vc.verify(vc.sign(cred, b.CB_KEY), RINGS, b.ON, [], [], recognition.RecognitionData())
    assert "credentialSubject.assessment: missing, empty or not a list" in result.check("chain").reason


def test_a_status_list_of_another_issuer_fails_the_status_check():
    other = b.signed_list(b.SUSPENSION_URL, "suspension", b.AB_KEY)
    result = vc.verify(_cert_token(), RINGS, b.ON, [other, _lists()[1]])
    assert "is issued by did:web:ab.example, not by the issuer" in result.check("status").reason


def test_an_unreadable_status_list_fails_the_status_check():
    result = vc.verify(_cert_token(), RINGS, b.ON, ["not a jws", *_lists()])
    assert result.failed == ("status",)
    assert "status list #0 supplied is unreadable (format:" in result.check("status").reason


def _joserfc_compact(credential, key):
    """What ``sign`` produced before it built the JWS itself: joserfc with the private JWK imported."""
    d = key.key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    jwk = OKPKey.import_key({**key.public.jwk, "d": base64.urlsafe_b64encode(d).rstrip(b"=").decode()})
    header = {"alg": "EdDSA", "kid": key.kid, "typ": "vc+jwt", "cty": "vc"}
    payload = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    registry = jws.JWSRegistry(algorithms=["EdDSA"])
    registry.max_payload_length = 4_000_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)
        return jws.serialize_compact(header, payload, jwk, registry=registry)


@pytest.mark.parametrize("kind", ["certificate", "accreditation"])
def test_a_file_key_signs_byte_for_byte_what_joserfc_signed(kind):
    # Ed25519 is deterministic (RFC 8032, §5.1.6): the same bytes in, the same token out.
    if kind == "certificate":  # the holder is "ПАО «Газпром»": a payload that is not ASCII
        cred, key = vc.certificate_credential(b.certificate_facts()), b.CB_KEY
    else:
        cred, key = vc.accreditation_credential(b.accreditation_facts()), b.AB_KEY
    assert vc.sign(cred, key) == _joserfc_compact(cred, key)


class _Signer:
    """A key that only signs, as a token-held key does: no private bytes to be had."""

    def __init__(self, inner, signature_length=64):
        self._inner, self._length = inner, signature_length

    def sign(self, data):
        return self._inner.sign(data)[: self._length]


def test_a_key_that_only_signs_gives_the_same_verifiable_token():
    x = b.CB_KEY.public.raw_bytes()
    key = signing.private_key_from_signer(_Signer(b.CB_KEY.key), x, b.CB_KEY.issuer)
    cred = vc.certificate_credential(b.certificate_facts())
    token = vc.sign(cred, key)
    assert token == vc.sign(cred, b.CB_KEY)
    assert vc.verify(token, RINGS, b.ON, _lists()).ok


def test_a_signer_that_returns_a_short_signature_is_refused():
    x = b.CB_KEY.public.raw_bytes()
    key = signing.private_key_from_signer(_Signer(b.CB_KEY.key, 63), x, b.CB_KEY.issuer)
    with pytest.raises(vc.CredentialError, match="63-byte signature"):
        vc.sign(vc.certificate_credential(b.certificate_facts()), key)
