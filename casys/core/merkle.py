"""Merkle tree hashing, inclusion and consistency proofs of an append-only log (RFC 9162, §2.1).

Certificate Transparency version 2.0 (RFC 9162, December 2021) defines the tree every
attestation event of an issuer is appended to:

- a leaf hash is ``SHA-256(0x00 || d)`` and an inner node ``SHA-256(0x01 || left || right)``
  (§2.1.1; the prefixes keep a leaf from passing for a node, second-preimage resistance);
- the Merkle Tree Hash of ``n > 1`` leaves splits them at ``k``, the largest power of two
  smaller than ``n``: ``MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))``; the hash
  of the empty list is ``SHA-256()`` (§2.1.1);
- an inclusion proof ``PATH(m, D[n])`` (§2.1.3.1) and its verification (§2.1.3.2);
- a consistency proof ``PROOF(m, D[n])`` (§2.1.4.1) and its verification (§2.1.4.2).

Functions work on *leaf hashes* (what a log stores) rather than leaf data, so a proof over a
long log never re-reads the leaves. :class:`Frontier` keeps the right edge of a growing tree
(the roots of its perfect subtrees, one per set bit of the size), so a log appends leaves and
knows its new root without reading the ones before.

>>> leaves = [leaf_hash(bytes([i])) for i in range(7)]
>>> root = tree_hash(leaves)
>>> verify_inclusion(3, 7, leaves[3], inclusion_proof(leaves, 3), root)
>>> verify_consistency(4, 7, tree_hash(leaves[:4]), root, consistency_proof(leaves, 4))
>>> Frontier.of(leaves).root() == root
True
>>> verify_inclusion(3, 7, leaves[2], inclusion_proof(leaves, 3), root)
Traceback (most recent call last):
    ...
casys.core.merkle.ProofError: root: the inclusion proof leads to a different root hash
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "EMPTY_ROOT",
    "Frontier",
    "ProofError",
    "Subtree",
    "consistency_proof",
    "consistency_proof_of",
    "inclusion_proof",
    "inclusion_proof_of",
    "leaf_hash",
    "node_hash",
    "tree_hash",
    "verify_consistency",
    "verify_inclusion",
]

#: MTH({}) = SHA-256() (RFC 9162, §2.1.1)
EMPTY_ROOT = hashlib.sha256(b"").digest()
HASH_SIZE = 32


#: ``MTH(D[lo:hi])`` of a log, however the log gets it (from its leaves, or from stored subtree roots)
Subtree = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof does not verify; the message starts with the check that failed
    (``size``, ``index``, ``proof``, ``root``, ``first-root``)."""


def leaf_hash(data: bytes) -> bytes:
    """``MTH({d0}) = SHA-256(0x00 || d0)`` (RFC 9162, §2.1.1).

    >>> leaf_hash(b"").hex()
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'
    """
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An inner node, ``SHA-256(0x01 || left || right)`` (RFC 9162, §2.1.1)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """``k``, the largest power of two smaller than ``n`` (``n > 1``; RFC 9162, §2.1.1)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_hash(leaves: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of the leaves whose leaf hashes are ``leaves`` (RFC 9162, §2.1.1).

    Computed level by level: pairing neighbours and lifting an odd last node unchanged builds the
    same left-filled tree as the recursive split at the largest power of two (a test checks it).

    >>> tree_hash([]) == EMPTY_ROOT
    True
    >>> a, b, c = (leaf_hash(x) for x in (b"a", b"b", b"c"))
    >>> tree_hash([a, b, c]) == node_hash(node_hash(a, b), c)
    True
    """
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def inclusion_proof(leaves: Sequence[bytes], m: int) -> list[bytes]:
    """``PATH(m, D[n])``, the audit path of leaf ``m`` in the tree of ``leaves`` (RFC 9162, §2.1.3.1).

    >>> leaves = [leaf_hash(bytes([i])) for i in range(3)]
    >>> inclusion_proof(leaves, 2) == [node_hash(leaves[0], leaves[1])]
    True
    """
    return inclusion_proof_of(len(leaves), m, lambda lo, hi: tree_hash(leaves[lo:hi]))


def inclusion_proof_of(n: int, m: int, subtree: Subtree) -> list[bytes]:
    """``PATH(m, D[n])`` with the subtree hashes taken from ``subtree(lo, hi)``.

    Every range asked for is a left subtree ``[lo, lo + k)`` (``k`` a power of two, ``lo`` a multiple
    of ``k``) or a right part ``[lo, n)``, so a log can answer from stored roots of aligned subtrees.
    """
    if not 0 <= m < n:
        raise ProofError(f"index: leaf {m} is not in a tree of {n} leaves")
    path: list[bytes] = []
    lo, hi = 0, n
    # PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]);
    # walked from the root down, so the siblings are collected top first and reversed at the end.
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < lo + k:
            path.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(lo, lo + k))
            lo = lo + k
    return path[::-1]


def consistency_proof(leaves: Sequence[bytes], m: int) -> list[bytes]:
    """``PROOF(m, D[n])`` between the first ``m`` leaves and all of ``leaves`` (RFC 9162, §2.1.4.1).

    Defined for ``0 < m <= n``; for ``m == n`` it is empty.

    >>> leaves = [leaf_hash(bytes([i])) for i in range(3)]
    >>> consistency_proof(leaves, 2) == [leaves[2]]
    True
    """
    return consistency_proof_of(len(leaves), m, lambda lo, hi: tree_hash(leaves[lo:hi]))


def consistency_proof_of(n: int, m: int, subtree: Subtree) -> list[bytes]:
    """``PROOF(m, D[n])`` with the subtree hashes taken from ``subtree(lo, hi)`` (as
    :func:`inclusion_proof_of`)."""
    if not 0 < m <= n:
        raise ProofError(f"size: no consistency proof from {m} to {n} leaves (needs 0 < first <= second)")
    proof: list[bytes] = []
    lo, hi, complete = 0, n, True
    # SUBPROOF(m, D[n], b): {} if m == n and b; {MTH(D[m])} if m == n and not b; for m < n with
    # k the split, SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) if m <= k,
    # else SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree(lo, lo + k))
            m -= k
            lo, complete = lo + k, False
    if not complete:
        proof.append(subtree(lo, hi))
    return proof[::-1]


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what}: a SHA-256 hash is {HASH_SIZE} bytes, got {len(value)}")


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Verify that ``leaf`` (a leaf hash) is leaf ``index`` of the tree of ``size`` with ``root``.

    The algorithm of RFC 9162, §2.1.3.2, step by step; raises :class:`ProofError` naming the check.
    """
    if not 0 <= index < size:  # step 1
        raise ProofError(f"index: leaf {index} is not in a tree of {size} leaves")
    for h in (leaf, root, *proof):
        _check_hash(h, "proof")
    fn, sn, r = index, size - 1, leaf  # steps 2, 3
    for p in proof:  # step 4
        if sn == 0:
            raise ProofError("proof: longer than the path from the leaf to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:  # 4.b.ii: only when LSB(fn) was not set
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:  # step 5
        raise ProofError("proof: shorter than the path from the leaf to the root")
    if r != root:
        raise ProofError("root: the inclusion proof leads to a different root hash")


def verify_consistency(
    first: int, second: int, first_hash: bytes, second_hash: bytes, proof: Sequence[bytes]
) -> None:
    """Verify that the tree of ``second`` leaves with ``second_hash`` extends the tree of ``first``
    leaves with ``first_hash`` (RFC 9162, §2.1.4.2, step by step).

    Equal sizes (an extension of the RFC's ``0 < first < second``, as transparency-dev's verifier
    does) need an empty proof and equal roots. Raises :class:`ProofError` naming the check.
    """
    if not 0 < first <= second:
        raise ProofError(f"size: no consistency proof from {first} to {second} leaves")
    if first == second:
        if proof:
            raise ProofError("proof: two trees of the same size need an empty proof")
        if first_hash != second_hash:
            raise ProofError("root: two trees of the same size have different root hashes")
        return
    for h in (first_hash, second_hash, *proof):
        _check_hash(h, "proof")
    if not proof:  # step 1
        raise ProofError("proof: empty")
    path = list(proof)
    if first & (first - 1) == 0:  # step 2: first is an exact power of two
        path.insert(0, first_hash)
    fr, sr = _consistency_roots(first - 1, second - 1, path)  # steps 3 to 7
    if fr != first_hash:
        raise ProofError("first-root: the proof does not lead to the first tree's root hash")
    if sr != second_hash:
        raise ProofError("root: the proof does not lead to the second tree's root hash")


def _consistency_roots(fn: int, sn: int, path: Sequence[bytes]) -> tuple[bytes, bytes]:
    """Steps 3 to 7 of RFC 9162 §2.1.4.2 from ``fn = first - 1``, ``sn = second - 1``: the two roots."""
    while fn & 1:  # step 4
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            raise ProofError("proof: longer than the paths to the roots")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:  # step 7
        raise ProofError("proof: shorter than the paths to the roots")
    return fr, sr


@dataclass(frozen=True)
class Frontier:
    """The right edge of a tree of ``size`` leaves: the roots of its perfect subtrees, left to right.

    There is one per set bit of ``size`` (largest first), so it is at most 64 hashes whatever the
    size; appending a leaf merges equal-sized subtrees like a binary counter's carries.

    >>> f = Frontier()
    >>> for i in range(5):
    ...     f = f.append(leaf_hash(bytes([i])))
    >>> f.size, len(f.hashes)
    (5, 2)
    >>> f.root() == tree_hash([leaf_hash(bytes([i])) for i in range(5)])
    True
    """

    size: int = 0
    hashes: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        if self.size < 0 or len(self.hashes) != self.size.bit_count():
            raise ProofError(f"size: a frontier of {self.size} leaves has {self.size.bit_count()} hashes")

    @classmethod
    def of(cls, leaves: Iterable[bytes]) -> Frontier:
        return cls().extend(leaves)

    def append(self, leaf: bytes) -> Frontier:
        return self.extend((leaf,))

    def extend(self, leaves: Iterable[bytes]) -> Frontier:
        """The frontier after appending ``leaves`` (leaf hashes)."""
        size, stack = self.size, list(self.hashes)
        for leaf in leaves:
            h, carry = leaf, size
            while carry & 1:  # the lowest subtree has the new one's size: merge them
                h = node_hash(stack.pop(), h)
                carry >>= 1
            stack.append(h)
            size += 1
        return Frontier(size, tuple(stack))

    def extend_subtrees(self, level: int, roots: Iterable[bytes]) -> Frontier:
        """The frontier after appending perfect subtrees of ``2**level`` leaves each, given their
        roots, to a tree whose size is a multiple of ``2**level``: what :meth:`extend` gives for
        their leaves, without the ``2**level - 1`` inner hashes of each (the caller has them).

        >>> d = [leaf_hash(bytes([i])) for i in range(12)]
        >>> Frontier.of(d[:4]).extend_subtrees(2, [tree_hash(d[4:8]), tree_hash(d[8:])]) == Frontier.of(d)
        True
        """
        step = 1 << level
        if self.size % step:
            raise ProofError(f"size: subtrees of {step} leaves appended to a tree of {self.size}")
        size, stack = self.size, list(self.hashes)
        for root in roots:
            h, carry = root, size >> level
            while carry & 1:
                h = node_hash(stack.pop(), h)
                carry >>= 1
            stack.append(h)
            size += step
        return Frontier(size, tuple(stack))

    def root(self) -> bytes:
        """MTH of the tree: the perfect subtrees folded from the right (RFC 9162, §2.1.1)."""
        if not self.hashes:
            return EMPTY_ROOT
        r = self.hashes[-1]
        for h in reversed(self.hashes[:-1]):
            r = node_hash(h, r)
        return r
