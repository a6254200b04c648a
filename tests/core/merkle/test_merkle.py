"""RFC 9162 Merkle trees: hashing (§2.1.1), inclusion proofs (§2.1.3) and consistency proofs (§2.1.4).

Three kinds of checks: hand-checked small trees written out node by node from the RFC's
definitions; every proof of every tree up to 40 leaves generated and verified, and each one
tampered with; and the published probes of transparency-dev/merkle (Google's Go library behind
Trillian and Tessera), copied unchanged into ``transparency_dev_vectors.json`` with their commit.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from casys.core.merkle import (
    EMPTY_ROOT,
    Frontier,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

VECTORS = json.loads((Path(__file__).parent / "transparency_dev_vectors.json").read_text())


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaves_of(n: int) -> list[bytes]:
    return [leaf_hash(f"leaf {i}".encode()) for i in range(n)]


def mth_recursive(d: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1 written as the RFC writes it (k = largest power of two < n)."""
    if not d:
        return h(b"")
    if len(d) == 1:
        return d[0]
    k = 1
    while k * 2 < len(d):
        k *= 2
    return h(b"\x01" + mth_recursive(d[:k]) + mth_recursive(d[k:]))


# --- §2.1.1 hashing ------------------------------------------------------------------------------


def test_the_leaf_and_node_hashes_carry_the_rfc_prefixes():
    assert leaf_hash(b"abc") == h(b"\x00abc")
    assert node_hash(b"L" * 32, b"R" * 32) == h(b"\x01" + b"L" * 32 + b"R" * 32)
    assert EMPTY_ROOT == tree_hash([]) == h(b"")


def test_the_hashes_match_the_rfc6962_hasher_vectors_of_transparency_dev():
    # transparency-dev/merkle rfc6962/rfc6962_test.go, TestRFC6962Hasher
    assert tree_hash([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    node = node_hash(b"N123", b"N456")
    assert node.hex() == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"


#: the eight leaf inputs of the Certificate Transparency reference tests (RFC 6962 era), and the
#: roots of their first 1..8 leaves as transparency-dev/merkle cmd/proofgen/main.go lists them
CT_LEAVES = [
    *("", "00", "10", "2021", "3031", "40414243"),
    *("5051525354555657", "606162636465666768696a6b6c6d6e6f"),
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


@pytest.mark.parametrize("n", range(1, 9))
def test_the_roots_of_the_reference_trees_of_1_to_8_leaves_match(n):
    leaves = [leaf_hash(bytes.fromhex(x)) for x in CT_LEAVES[:n]]
    assert tree_hash(leaves).hex() == CT_ROOTS[n - 1]
    assert Frontier.of(leaves).root().hex() == CT_ROOTS[n - 1]


def test_a_tree_of_seven_leaves_is_hashed_as_the_rfc_draws_it():
    # RFC 9162 §2.1.5 draws the tree of 7 leaves d0..d6: k = 4 splits it into (d0..d3) and
    # (d4..d6); the right part splits at 2 into (d4 d5) and the lone d6, lifted unchanged.
    a, b, c, d, e, f, g = leaves_of(7)
    left = node_hash(node_hash(a, b), node_hash(c, d))
    right = node_hash(node_hash(e, f), g)
    assert tree_hash([a, b, c, d, e, f, g]) == node_hash(left, right)


def test_a_tree_of_thirteen_leaves_splits_at_eight_then_four():
    d = leaves_of(13)
    top8 = tree_hash(d[:8])
    rest = node_hash(tree_hash(d[8:12]), d[12])  # 5 leaves: k = 4, then the lone d12
    assert tree_hash(d) == node_hash(top8, rest)


@pytest.mark.parametrize("n", range(0, 41))
def test_the_level_by_level_root_is_the_recursive_definition(n):
    d = leaves_of(n)
    assert tree_hash(d) == mth_recursive(d) == Frontier.of(d).root()


def test_a_frontier_grown_in_steps_equals_one_grown_at_once():
    d = leaves_of(37)
    f = Frontier()
    for i in range(0, 37, 5):
        f = f.extend(d[i : i + 5])
        assert f.root() == tree_hash(d[: f.size])
    assert f == Frontier.of(d)
    assert len(f.hashes) == bin(37).count("1")


def test_a_frontier_with_the_wrong_number_of_hashes_is_refused():
    with pytest.raises(ProofError, match="^size"):
        Frontier(3, (EMPTY_ROOT,))


# --- §2.1.3 inclusion proofs ---------------------------------------------------------------------


def test_the_inclusion_proofs_of_the_seven_leaf_tree_are_the_rfc_examples():
    # RFC 9162 §2.1.5: "The inclusion proof for d0 is [b, h, l]", for d3 "[c, g, l]", for d4
    # "[f, j, k]", for d6 "[i, k]" (letters are the nodes of the figure: b = d1's leaf, c = d2's,
    # f = d5's, g = hash(a, b), h = hash(c, d), i = hash(e, f), j = d6, k = hash(g, h), l = hash(i, j)).
    a, b, c, d, e, f, j = leaves_of(7)
    g, hh, i = node_hash(a, b), node_hash(c, d), node_hash(e, f)
    k, ll = node_hash(g, hh), node_hash(i, j)
    leaves = [a, b, c, d, e, f, j]
    assert inclusion_proof(leaves, 0) == [b, hh, ll]
    assert inclusion_proof(leaves, 3) == [c, g, ll]
    assert inclusion_proof(leaves, 4) == [f, j, k]
    assert inclusion_proof(leaves, 6) == [i, k]


def test_the_consistency_proofs_of_the_seven_leaf_tree_are_the_rfc_examples():
    # RFC 9162 §2.1.5: from the tree of the first 3 leaves to all 7, the proof is [c, d, g, l];
    # from 4 leaves, [l]; from 6 leaves, [i, j, k].
    a, b, c, d, e, f, j = leaves_of(7)
    g, hh, i = node_hash(a, b), node_hash(c, d), node_hash(e, f)
    k, ll = node_hash(g, hh), node_hash(i, j)
    leaves = [a, b, c, d, e, f, j]
    assert consistency_proof(leaves, 3) == [c, d, g, ll]
    assert consistency_proof(leaves, 4) == [ll]
    assert consistency_proof(leaves, 6) == [i, j, k]


@pytest.mark.parametrize("n", range(1, 41))
def test_every_inclusion_proof_of_every_leaf_verifies(n):
    d = leaves_of(n)
    root = tree_hash(d)
    for m in range(n):
        verify_inclusion(m, n, d[m], inclusion_proof(d, m), root)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 8, 13, 31, 40])
def test_every_tampered_inclusion_proof_is_refused(n):
    d = leaves_of(n)
    root = tree_hash(d)
    other = leaf_hash(b"not a leaf of this log")
    for m in range(n):
        proof = inclusion_proof(d, m)
        with pytest.raises(ProofError, match="^root"):  # a tampered leaf
            verify_inclusion(m, n, other, proof, root)
        if n > 1:
            with pytest.raises(ProofError):  # the right leaf at the wrong index
                verify_inclusion((m + 1) % n, n, d[m], proof, root)
            with pytest.raises(ProofError, match="^proof"):  # a truncated proof
                verify_inclusion(m, n, d[m], proof[:-1], root)
            for p in range(len(proof)):  # a flipped bit in any node
                bad = [*proof]
                bad[p] = bytes([bad[p][0] ^ 1]) + bad[p][1:]
                with pytest.raises(ProofError, match="^root"):
                    verify_inclusion(m, n, d[m], bad, root)
        with pytest.raises(ProofError):  # the proof held against the signed head of a larger tree
            verify_inclusion(m, n + 1, d[m], proof, tree_hash([*d, other]))
        with pytest.raises(ProofError, match="^proof"):  # a longer proof
            verify_inclusion(m, n, d[m], [*proof, other], root)


def test_an_index_outside_the_tree_is_refused():
    d = leaves_of(4)
    with pytest.raises(ProofError, match="^index"):
        verify_inclusion(4, 4, d[0], [], tree_hash(d))
    with pytest.raises(ProofError, match="^index"):
        inclusion_proof(d, 4)


# --- §2.1.4 consistency proofs -------------------------------------------------------------------


def test_every_consistency_pair_up_to_forty_leaves_verifies():
    d = leaves_of(40)
    roots = [tree_hash(d[:n]) for n in range(41)]
    for n in range(1, 41):
        for m in range(1, n + 1):
            verify_consistency(m, n, roots[m], roots[n], consistency_proof(d[:n], m))


@pytest.mark.parametrize("n", [2, 3, 7, 8, 13, 27])
def test_every_tampered_consistency_proof_is_refused(n):
    d = leaves_of(n)
    rewritten = [*d]
    rewritten[0] = leaf_hash(b"a rewritten first record")
    for m in range(1, n):
        proof = consistency_proof(d, m)
        first, second = tree_hash(d[:m]), tree_hash(d)
        with pytest.raises(ProofError):  # a rewritten history: the old head is not a prefix
            verify_consistency(m, n, tree_hash(rewritten[:m]), second, proof)
        with pytest.raises(ProofError, match="^root"):  # the new root of a rewritten log
            verify_consistency(m, n, first, tree_hash(rewritten), proof)
        with pytest.raises(ProofError, match="^proof"):  # truncated
            verify_consistency(m, n, first, second, proof[:-1])
        with pytest.raises(ProofError):  # held against the head of a larger tree
            verify_consistency(m, n + 1, first, tree_hash([*d, d[0]]), proof)
        for p in range(len(proof)):
            bad = [*proof]
            bad[p] = bytes([bad[p][0] ^ 1]) + bad[p][1:]
            with pytest.raises(ProofError):
                verify_consistency(m, n, first, second, bad)


def test_a_log_that_dropped_a_record_is_not_consistent_with_its_earlier_head():
    d = leaves_of(20)
    earlier = tree_hash(d[:10])
    dropped = d[:4] + d[5:]  # record 4 quietly removed, the log kept growing
    with pytest.raises(ProofError):
        verify_consistency(10, 19, earlier, tree_hash(dropped), consistency_proof(dropped, 10))


def test_consistency_sizes_outside_the_rfc_are_refused():
    d = leaves_of(5)
    with pytest.raises(ProofError, match="^size"):
        verify_consistency(0, 5, EMPTY_ROOT, tree_hash(d), [])
    with pytest.raises(ProofError, match="^size"):
        verify_consistency(5, 4, tree_hash(d), tree_hash(d[:4]), [])
    with pytest.raises(ProofError, match="^size"):
        consistency_proof(d, 0)
    with pytest.raises(ProofError, match="^proof"):
        verify_consistency(5, 5, tree_hash(d), tree_hash(d), [d[0]])
    with pytest.raises(ProofError, match="^root"):
        verify_consistency(5, 5, tree_hash(d), tree_hash(d[:4]), [])


# --- transparency-dev/merkle probes ------------------------------------------------------------


def _b(text: str) -> bytes:
    return base64.b64decode(text)


def _probes(kind: str):
    probes = sorted(VECTORS["probes"].items())
    return [(name, p) for name, p in probes if name.startswith(f"testdata/{kind}/")]


def _id(x):
    return x if isinstance(x, str) else ""


@pytest.mark.parametrize(("name", "probe"), _probes("inclusion"), ids=_id)
def test_the_transparency_dev_inclusion_probes(name, probe):
    proof = [_b(p) for p in probe["proof"] or []]
    args = (probe["leafIdx"], probe["treeSize"], _b(probe["leafHash"]), proof)
    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args, _b(probe["root"]))
    else:
        verify_inclusion(*args, _b(probe["root"]))


@pytest.mark.parametrize(("name", "probe"), _probes("consistency"), ids=_id)
def test_the_transparency_dev_consistency_probes(name, probe):
    args = (
        probe["size1"],
        probe["size2"],
        _b(probe["root1"]),
        _b(probe["root2"]),
        [_b(p) for p in probe["proof"] or []],
    )
    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def test_the_probe_set_is_the_one_cited():
    assert VECTORS["commit"] == "417fb0c314750d94e53942e9f92e79b6d35915db"
    assert len(_probes("inclusion")) > 80 and len(_probes("consistency")) > 90


@pytest.mark.parametrize(
    ("start", "runs", "level"), [(0, 1, 0), (0, 3, 2), (8, 5, 2), (24, 7, 3), (64, 1, 6)]
)
def test_a_frontier_grown_by_subtree_roots_equals_one_grown_leaf_by_leaf(start, runs, level):
    step = 1 << level
    d = leaves_of(start + runs * step + 3)
    roots = [tree_hash(d[start + r * step : start + (r + 1) * step]) for r in range(runs)]
    grown = Frontier.of(d[:start]).extend_subtrees(level, roots)
    assert grown == Frontier.of(d[: start + runs * step])
    assert grown.extend(d[start + runs * step :]).root() == tree_hash(d)


def test_subtrees_appended_off_their_alignment_are_refused():
    with pytest.raises(ProofError, match="^size: subtrees of 4 leaves appended to a tree of 6"):
        Frontier.of(leaves_of(6)).extend_subtrees(2, [EMPTY_ROOT])
