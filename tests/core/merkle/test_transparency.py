"""Signed tree heads and the log checks of casys.core.transparency (a verifier's side, no database)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from casys.core import merkle, signing, transparency
from casys.core.signing import Keyring, private_key_from_seed
from casys.core.transparency import LeafEvent, LogError, TreeHead, check_record, facts_hash, sign_tree_head

ISSUER = "did:web:registry.example:registry:did:cb"
KEY = signing.private_key_from_seed(b"\x05" * 32, ISSUER)
RING = signing.Keyring(issuer=ISSUER, keys=(KEY.public,), active=KEY.kid)
TOKEN = "header.payload.signature"


def _log(n: int) -> tuple[list[bytes], list[LeafEvent]]:
    events = [
        LeafEvent(ISSUER, "certificate", f"C-{i}", "issue", "2025-01-01", f"{i:064x}") for i in range(n)
    ]
    events[3] = LeafEvent(
        ISSUER, "certificate", "C-3", "issue", "2025-01-01", transparency.credential_hash(TOKEN)
    )
    return [merkle.leaf_hash(e.data()) for e in events], events


def _head(leaves: list[bytes], ts: int = 1_767_225_600_000) -> tuple[TreeHead, str]:
    head = TreeHead(ISSUER, len(leaves), merkle.tree_hash(leaves), ts)
    return head, transparency.sign_tree_head(head, KEY)


def _inclusion(leaves, events, index=3):
    return {
        "leaf": events[index].data().decode(),
        "leaf_index": index,
        "tree_size": len(leaves),
        "proof": [base64.b64encode(p).decode() for p in merkle.inclusion_proof(leaves, index)],
    }


def test_a_tree_head_round_trips_and_names_its_key():
    leaves, _ = _log(5)
    head, token = _head(leaves)
    assert transparency.verify_tree_head(token, [RING]) == (head, KEY.kid)


def test_a_tree_head_whose_payload_was_changed_fails_its_signature():
    leaves, _ = _log(5)
    _head_, token = _head(leaves)
    header, _payload, sig = token.split(".")
    other = transparency.canonical({**_head_.as_dict(), "tree_size": 4})
    forged = f"{header}.{base64.urlsafe_b64encode(other).rstrip(b'=').decode()}.{sig}"
    with pytest.raises(LogError, match="^tree-head: the signature does not verify"):
        transparency.verify_tree_head(forged, [RING])


def test_a_tree_head_signed_after_its_key_was_retired_is_refused():
    leaves, _ = _log(5)
    _h, token = _head(leaves, ts=int(datetime(2026, 6, 1, tzinfo=UTC).timestamp() * 1000))
    newer = signing.private_key_from_seed(b"\x09" * 32, ISSUER)
    rotated = signing.rotate(RING, newer.public)
    retired = signing.retire(rotated, KEY.kid, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(LogError, match="^tree-head: key"):
        transparency.verify_tree_head(token, [retired])


def test_a_tree_head_with_no_key_among_those_given_is_refused():
    other = signing.private_key_from_seed(b"\x06" * 32, ISSUER)
    ring = signing.Keyring(issuer=ISSUER, keys=(other.public,), active=other.kid)
    leaves, _ = _log(4)
    with pytest.raises(LogError, match="^tree-head: no key"):
        transparency.verify_tree_head(_head(leaves)[1], [ring])


def test_a_leaf_must_be_canonical_json_of_the_known_members():
    leaf = LeafEvent(ISSUER, "certificate", "C-1", "suspend", "2025-01-05")
    assert LeafEvent.from_data(leaf.data()) == leaf
    with pytest.raises(LogError, match="^leaf: not in canonical form"):
        LeafEvent.from_data(leaf.data().replace(b",", b", "))
    with pytest.raises(LogError, match="^leaf: members"):
        LeafEvent.from_data(b'{"issuer":"x"}')


def _stdlib_canonical(doc: object) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_canonical_json_is_the_standard_librarys_for_every_code_point():
    # the log's leaves were written with json.dumps; canonical() (orjson) must give the same bytes,
    # or a verifier would call every older leaf "not in canonical form"
    differ = []
    for start in range(0, 0x110000, 1024):  # each block as text, as keys (sorted) and as values
        chars = [chr(c) for c in range(start, start + 1024) if not 0xD800 <= c <= 0xDFFF]
        doc = {"text": "x".join(chars), **{f"{ch}k": ch for ch in chars}}
        if transparency.canonical(doc) != _stdlib_canonical(doc):
            differ.append(hex(start))
    assert differ == []
    nested = {"tree_size": 2**63 - 1, "n": -5, "t": True, "z": None, "l": [{"b": 1, "a": "é"}]}
    assert transparency.canonical(nested) == _stdlib_canonical(nested)
    # what orjson refuses goes the standard library's way: the same bytes, or the same refusal
    for odd in ({"big": 2**70}, {1: "a non-text key"}):
        assert transparency.canonical(odd) == _stdlib_canonical(odd)
    with pytest.raises(UnicodeEncodeError):
        transparency.canonical({"a": "\ud800"})


def test_a_leaf_with_a_lone_surrogate_or_a_proof_hash_not_base64_is_refused_by_name():
    leaf = LeafEvent(ISSUER, "certificate", "C-1", "suspend", "2025-01-05")
    with pytest.raises(LogError, match="^leaf: not JSON"):
        LeafEvent.from_data(leaf.data().replace(b'"C-1"', b'"C-\\ud800"'))
    leaves, events = _log(13)
    _h, token = _head(leaves)
    doc = _inclusion(leaves, events)
    for bad in ("not base64!", "é" * 44, base64.b64encode(bytes(32)).decode().rstrip("=")):
        checks = transparency.check_inclusion(
            TOKEN, ISSUER, {**doc, "proof": [bad, *doc["proof"][1:]]}, token, [RING]
        )
        assert [(c.name, c.state) for c in checks][-1] == ("inclusion", "fail")
        assert checks[-1].reason.startswith("not base64"), checks[-1].reason


def test_check_inclusion_passes_and_names_each_failing_check():
    leaves, events = _log(13)
    _h, token = _head(leaves)
    ok = transparency.check_inclusion(TOKEN, ISSUER, _inclusion(leaves, events), token, [RING])
    assert [(c.name, c.state) for c in ok] == [
        ("tree-head", "pass"),
        ("log-leaf", "pass"),
        ("inclusion", "pass"),
    ]
    other_credential = transparency.check_inclusion(
        "a.b.c", ISSUER, _inclusion(leaves, events), token, [RING]
    )
    assert [c.state for c in other_credential] == ["pass", "fail", "not-checked"]
    tampered = {**_inclusion(leaves, events), "leaf_index": 4}
    assert transparency.check_inclusion(TOKEN, ISSUER, tampered, token, [RING])[2].state == "fail"
    _h9, token9 = _head(leaves[:9])  # a head of another size
    wrong_size = transparency.check_inclusion(TOKEN, ISSUER, _inclusion(leaves, events), token9, [RING])
    assert wrong_size[2].state == "fail" and "9" in wrong_size[2].reason
    forged = transparency.check_inclusion(
        TOKEN, ISSUER, _inclusion(leaves, events), token[:-4] + "AAAA", [RING]
    )
    assert [c.state for c in forged] == ["fail", "not-checked", "not-checked"]


def test_check_consistency_refuses_a_shrunk_a_back_dated_and_a_rewritten_log():
    leaves, _ = _log(13)
    early, _t = _head(leaves[:8])
    later, _t = _head(leaves, ts=early.timestamp + 1000)
    proof = merkle.consistency_proof(leaves, 8)
    assert transparency.check_consistency(early, later, proof).state == "pass"
    assert "shrank" in transparency.check_consistency(later, early, proof).reason
    older, _t = _head(leaves, ts=early.timestamp - 1)
    assert "earlier timestamp" in transparency.check_consistency(early, older, proof).reason
    rewritten = [merkle.leaf_hash(b"rewritten"), *leaves[1:]]
    other, _t = _head(rewritten, ts=later.timestamp)
    bad = transparency.check_consistency(early, other, merkle.consistency_proof(rewritten, 8))
    assert bad.name == "consistency" and bad.state == "fail"


# --- leaves of a bulk import: the facts, the credential signed later (issue 19) ----------------------


def _record(n: int) -> dict[str, str]:
    return {
        "certificate_number": f"C-{n}",
        "status": "active",
        "issue_date": "2025-01-02",
        "original_issue_date": "2025-01-02",
        "expiry_date": "2028-01-01",
        "certified_entity_name": f"Ångström {n} AB",
        "certified_entity_name_en": "",
        "address": "",
        "country": "SE",
        "scope": "Welding",
        "standards": "ISO 9001:2015",
        "iaf_codes": "17",
        "sites": "",
        "accreditation_body": "",
        "public": "yes",
    }


def test_a_facts_leaf_round_trips_and_ignores_status_and_publication():
    leaf = LeafEvent(ISSUER, "certificate", "C-1", "issue", "2025-01-02", facts=facts_hash(_record(1)))
    assert LeafEvent.from_data(leaf.data()) == leaf
    assert facts_hash({**_record(1), "status": "withdrawn", "public": "no"}) == leaf.facts
    assert facts_hash({**_record(1), "scope": "Brazing"}) != leaf.facts


def test_check_record_proves_a_record_in_a_tree_whose_size_is_not_a_power_of_two():
    key = private_key_from_seed(b"\x05" * 32, ISSUER)
    ring = Keyring(issuer=ISSUER, keys=(key.public,), active=key.kid)
    leaves = [
        LeafEvent(ISSUER, "certificate", f"C-{i}", "issue", "2025-01-02", facts=facts_hash(_record(i))).data()
        for i in range(11)
    ]
    hashes = [merkle.leaf_hash(d) for d in leaves]
    head = sign_tree_head(TreeHead(ISSUER, 11, merkle.tree_hash(hashes), 1767312000000), key)
    doc = {
        "leaf": leaves[6].decode(),
        "leaf_index": 6,
        "tree_size": 11,
        "proof": [base64.b64encode(p).decode() for p in merkle.inclusion_proof(hashes, 6)],
    }
    checks = {c.name: c.state for c in check_record(_record(6), ISSUER, doc, head, [ring])}
    assert checks == {"tree-head": "pass", "log-leaf": "pass", "inclusion": "pass"}
    tampered = {
        c.name: c.state
        for c in check_record({**_record(6), "expiry_date": "2030-01-01"}, ISSUER, doc, head, [ring])
    }
    assert tampered["log-leaf"] == "fail"
    moved = {
        c.name: c.state for c in check_record(_record(6), ISSUER, {**doc, "leaf_index": 5}, head, [ring])
    }
    assert moved["inclusion"] == "fail"


def test_a_kept_tree_head_is_verified_again_under_key_rings_that_no_longer_accept_it():
    leaves, _ = _log(5)
    head, token = _head(leaves, ts=int(datetime(2026, 6, 1, tzinfo=UTC).timestamp() * 1000))
    assert transparency.verify_tree_head(token, [RING]) == (head, KEY.kid)
    assert transparency.verify_tree_head(token, [RING]) == (head, KEY.kid)  # kept
    newer = signing.private_key_from_seed(b"\x09" * 32, ISSUER)
    retired = signing.retire(signing.rotate(RING, newer.public), KEY.kid, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(LogError, match="^tree-head: key"):
        transparency.verify_tree_head(token, [retired])
    stranger = signing.Keyring(issuer=ISSUER, keys=(newer.public,), active=newer.kid)
    with pytest.raises(LogError, match="^tree-head: no key"):
        transparency.verify_tree_head(token, [stranger])
