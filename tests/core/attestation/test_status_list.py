"""W3C Bitstring Status List v1.0 encoding."""

import base64
import gzip

import pytest

from casys.core import status_list as sl

# W3C Bitstring Status List v1.0 (Recommendation, 15 May 2025), §2.2 example
# BitstringStatusListCredential: the encodedList of an all-zero list.
W3C_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_it_decodes_the_w3c_example_to_131072_clear_bits():
    lst = sl.decode(W3C_EXAMPLE, "revocation")
    assert lst.size == 131_072  # §2.2: at least 16 KB uncompressed
    assert lst.bits == bytes(16_384)


def test_it_encodes_an_empty_minimum_list_exactly_as_the_w3c_example():
    assert sl.encode(sl.empty("revocation")) == W3C_EXAMPLE


def test_index_zero_is_the_most_significant_bit_of_the_first_byte():
    # §4.1: the first index is the left-most bit of the bitstring.
    lst = sl.set_bit(sl.empty("suspension"), 0)
    assert lst.bits[0] == 0x80
    lst = sl.set_bit(lst, 9)
    assert lst.bits[1] == 0x40


def test_set_clear_and_read_survive_encoding():
    lst = sl.set_bit(sl.set_bit(sl.empty("suspension"), 5), 131_071)
    back = sl.decode(sl.encode(lst), "suspension")
    assert [sl.read_bit(back, i) for i in (4, 5, 6, 131_071)] == [False, True, False, True]
    assert not sl.read_bit(sl.clear_bit(back, 5), 5)


def test_encoded_list_is_multibase_base64url_of_gzip():
    text = sl.encode(sl.set_bit(sl.empty("revocation"), 3))
    assert text[0] == "u" and "=" not in text and "+" not in text and "/" not in text
    raw = gzip.decompress(base64.urlsafe_b64decode(text[1:] + "=" * (-len(text[1:]) % 4)))
    assert raw[0] == 0b0001_0000


def test_it_refuses_a_list_shorter_than_the_minimum():
    short = gzip.compress(bytes(1024))
    text = "u" + base64.urlsafe_b64encode(short).rstrip(b"=").decode()
    with pytest.raises(sl.StatusListError, match="fewer than the minimum 131072"):
        sl.decode(text, "revocation")
    with pytest.raises(sl.StatusListError, match="size"):
        sl.empty("revocation", size=1024)


@pytest.mark.parametrize(
    ("text", "message"),
    [("z" + W3C_EXAMPLE[1:], "prefix 'u'"), (W3C_EXAMPLE + "=", "padding"), ("uAAAA", "GZIP")],
)
def test_it_refuses_malformed_encodings(text, message):
    with pytest.raises(sl.StatusListError, match=message):
        sl.decode(text, "revocation")


def test_it_refuses_an_index_outside_the_list():
    with pytest.raises(sl.StatusListError, match="statusListIndex: 131072"):
        sl.read_bit(sl.empty("revocation"), 131_072)


def test_entry_and_list_credential_have_the_spec_shape():
    entry = sl.status_list_entry("https://cb.example/sl/1", 94567, "revocation")
    assert entry == {
        "id": "https://cb.example/sl/1#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://cb.example/sl/1",
    }
    cred = sl.status_list_credential(
        "https://cb.example/sl/1",
        "did:web:cb.example",
        sl.set_bit(sl.empty("revocation"), 94567),
        "2025-01-01T00:00:00Z",
    )
    assert cred["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert cred["credentialSubject"]["type"] == "BitstringStatusList"
    assert sl.read_entry(entry, cred).flagged


def test_read_entry_refuses_a_purpose_mismatch():
    entry = sl.status_list_entry("https://cb.example/sl/1", 1, "suspension")
    cred = sl.status_list_credential(
        "https://cb.example/sl/1", "did:web:cb.example", sl.empty("revocation"), "2025-01-01T00:00:00Z"
    )
    with pytest.raises(sl.StatusListError, match="statusPurpose"):
        sl.read_entry(entry, cred)
