"""Ed25519 keys, kids, JWKS, did:web and rotation."""

import base64
import warnings

import pytest
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from casys.core import signing

# RFC 8037 (2017), Appendix A.1-A.4: Ed25519 private key, public key, thumbprint, JWS.
RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
RFC8037_JWS = (
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)


def _rfc_key() -> signing.PrivateKey:
    return signing.private_key_from_seed(base64.urlsafe_b64decode(RFC8037_D + "="), "did:web:x.example")


def test_it_derives_the_rfc8037_public_key_and_thumbprint_kid():
    key = _rfc_key()
    assert key.public.jwk["x"] == RFC8037_X
    assert key.kid == RFC8037_THUMBPRINT


def test_its_key_signs_the_rfc8037_example_byte_for_byte():
    key = _rfc_key()
    d = base64.urlsafe_b64encode(base64.urlsafe_b64decode(RFC8037_D + "=")).rstrip(b"=").decode()
    jwk = OKPKey.import_key({**key.public.jwk, "d": d})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)
        token = jws.serialize_compact(
            {"alg": "EdDSA"}, b"Example of Ed25519 signing", jwk, algorithms=["EdDSA"]
        )
    assert token == RFC8037_JWS


def test_the_private_key_never_shows_in_its_repr():
    key = _rfc_key()
    assert RFC8037_D not in repr(key) and "key=" not in repr(key)


def test_pem_round_trip_keeps_the_kid():
    key = signing.private_key_from_seed(bytes(range(32)), "did:web:cb.example")
    pem = signing.private_key_to_pem(key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert signing.private_key_from_pem(pem, "did:web:cb.example").kid == key.kid


def test_it_refuses_a_seed_of_the_wrong_length_and_garbage_pem():
    with pytest.raises(signing.KeyError_, match="seed"):
        signing.private_key_from_seed(b"short", "did:web:cb.example")
    with pytest.raises(signing.KeyError_, match="pem"):
        signing.private_key_from_pem(b"not a key", "did:web:cb.example")


def test_jwks_round_trip_and_refusal_of_private_members():
    key = _rfc_key()
    ring = signing.Keyring("did:web:x.example", (key.public,), key.kid)
    doc = signing.jwks(ring)
    assert doc == {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": RFC8037_X,
                "kid": RFC8037_THUMBPRINT,
                "alg": "EdDSA",
                "use": "sig",
            }
        ]
    }
    back = signing.keyring_from_jwks(doc, "did:web:x.example")
    assert back.get(key.kid) == key.public
    with pytest.raises(signing.KeyError_, match=r"jwks.keys\[0\]: jwk.d"):
        signing.keyring_from_jwks({"keys": [{**doc["keys"][0], "d": RFC8037_D}]}, "did:web:x.example")


def test_it_refuses_a_kid_that_is_not_the_thumbprint():
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X, "kid": "my-key-1"}
    with pytest.raises(signing.KeyError_, match="not the RFC 7638 thumbprint"):
        signing.public_key_from_jwk(jwk)


def test_did_document_round_trip_lists_every_key_as_assertion_method():
    a = signing.private_key_from_seed(bytes([9]) * 32, "did:web:cb.example")
    b = signing.private_key_from_seed(bytes([10]) * 32, "did:web:cb.example")
    ring = signing.rotate(signing.Keyring("did:web:cb.example", (a.public,), a.kid), b.public)
    doc = signing.did_document(ring)
    assert doc["id"] == "did:web:cb.example"
    assert doc["assertionMethod"] == [f"did:web:cb.example#{a.kid}", f"did:web:cb.example#{b.kid}"]
    back = signing.keyring_from_did_document(doc)
    assert [k.kid for k in back.keys] == [a.kid, b.kid]


def test_a_did_document_method_id_must_name_its_thumbprint():
    a = signing.private_key_from_seed(bytes([9]) * 32, "did:web:cb.example")
    doc = signing.did_document(signing.Keyring("did:web:cb.example", (a.public,)))
    doc["verificationMethod"][0]["id"] = "did:web:cb.example#other"
    doc["assertionMethod"] = ["did:web:cb.example#other"]
    with pytest.raises(signing.KeyError_, match=r"verificationMethod\[0\].id"):
        signing.keyring_from_did_document(doc)


def test_rotation_keeps_the_old_key_and_activates_the_new():
    a = signing.private_key_from_seed(bytes([9]) * 32, "did:web:cb.example")
    b = signing.private_key_from_seed(bytes([10]) * 32, "did:web:cb.example")
    ring = signing.rotate(signing.Keyring("did:web:cb.example", (a.public,), a.kid), b.public)
    assert ring.active == b.kid
    assert ring.get(a.kid) == a.public
    assert signing.rotate(ring, b.public).keys == ring.keys  # re-adding is idempotent


def test_a_keyring_refuses_an_active_kid_it_does_not_hold():
    with pytest.raises(signing.KeyError_, match="active"):
        signing.Keyring("did:web:cb.example", (), "nope")


def test_a_key_that_only_signs_cannot_be_written_as_pem():
    file_key = signing.private_key_from_seed(b"\x07" * 32, "did:web:cb.example")

    class TokenKey:
        def sign(self, data):
            return file_key.key.sign(data)

    x = file_key.public.raw_bytes()
    key = signing.private_key_from_signer(TokenKey(), x, "did:web:cb.example")
    assert key.kid == file_key.kid and key.public == file_key.public
    with pytest.raises(signing.KeyError_, match=f"kid {key.kid}: .*TokenKey.*cannot be exported"):
        signing.private_key_to_pem(key)


def test_a_signer_needs_a_32_byte_public_key_and_an_issuer():
    file_key = signing.private_key_from_seed(b"\x07" * 32, "did:web:cb.example")
    with pytest.raises(signing.KeyError_, match="32 bytes, got 31"):
        signing.private_key_from_signer(file_key.key, b"\x00" * 31, "did:web:cb.example")
    with pytest.raises(signing.KeyError_, match="issuer: empty"):
        signing.private_key_from_signer(file_key.key, file_key.public.raw_bytes(), "")


# RFC 8032 (2017), §7.1, TEST 1: the key of RFC 8037's examples, the empty message.
RFC8032_TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
RFC8032_TEST1_SIGNATURE = (
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)


def test_a_public_key_verifies_the_rfcs_signatures_and_nothing_else():
    public = _rfc_key().public
    assert public.raw_bytes().hex() == RFC8032_TEST1_PUBLIC
    assert public.verifies(bytes.fromhex(RFC8032_TEST1_SIGNATURE), b"")
    signing_input, _, sig = RFC8037_JWS.rpartition(".")
    signature = base64.urlsafe_b64decode(sig + "==")
    assert public.verifies(signature, signing_input.encode())
    assert not public.verifies(signature, signing_input.encode() + b" ")
    assert not public.verifies(bytes([signature[0] ^ 1]) + signature[1:], signing_input.encode())
    assert not public.verifies(signature[:63], signing_input.encode())
    # one byte moved from the signature to the message: the same 64 + n bytes in a row
    assert not public.verifies(signature[:63], signature[63:] + signing_input.encode())
    other = signing.private_key_from_seed(bytes(32), "did:web:x.example").public
    assert not other.verifies(signature, signing_input.encode())


def test_a_small_order_public_key_is_refused_and_verifies_nothing():
    # The identity point (y = 1) as a public key: with R = B and S = 1, [S]B = R + [k]A holds for
    # every message, so RFC 8032's equation alone accepts this "signature" of anything (OpenSSL's
    # verifier does). libsodium refuses small-order keys, and so does casys.
    identity = bytes([1]) + bytes(31)
    base_point = bytes.fromhex("58" + "66" * 31)
    forged = base_point + bytes([1]) + bytes(31)
    with pytest.raises(signing.KeyError_, match="public key: not a point of the Ed25519 prime-order group"):
        signing.public_key_from_raw(identity)
    x = base64.urlsafe_b64encode(identity).rstrip(b"=").decode()
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": x}
    with pytest.raises(signing.KeyError_, match="jwk.x: not a point"):
        signing.public_key_from_jwk(jwk)
    # a key that came in some other way still verifies nothing
    public = signing.PublicKey(kid=signing.jwk_thumbprint(jwk), jwk=jwk)
    for message in (b"", b"any certificate at all"):
        assert not public.verifies(forged, message)
