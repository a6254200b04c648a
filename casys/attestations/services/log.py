"""Each issuer's transparency log: append the events, sign tree heads, serve proofs (RFC 9162).

Every attestation event goes through :mod:`casys.attestations.services.issue`, which appends
its leaf here in the event's own transaction (so a rolled-back import leaves the log as it was)
and ends each :func:`~casys.attestations.services.issue.issue` call and each status event with
one signed tree head. Appending costs the new leaves' hashes only: the log's right edge
(:class:`casys.core.merkle.Frontier`) is stored with it, and the issuer's log row is locked
for the transaction so two writers never take the same index.

The latest head is also written as a static file beside the issuer's status lists
(``registry-static/status/<issuer>/tree-head.jwt``), for verifiers and monitors that never reach
the database.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction

from casys import clock
from casys.accounts.models import Body
from casys.attestations.identity import did_for
from casys.attestations.models import Attestation, LogLeaf, LogNode, SignedTreeHead, TransparencyLog
from casys.attestations.services.keys import signing_key, status_file, write_atomic
from casys.core import merkle, signing, transparency

HEAD_FILE = "tree-head"
#: stored subtree roots: one per aligned run of 2**NODE_LEVEL leaves
NODE_LEVEL = 8
NODE = 1 << NODE_LEVEL
#: the events whose leaf names a signed credential
CREDENTIAL_EVENTS = ("issue", "reissue")


class LogLookupError(LookupError):
    """No such leaf or tree head; the message names the parameter."""


#: the columns of a leaf row, in the order :class:`Appender` queues them
_LEAF_COLUMNS = ("issuer_id", "index", "kind", "number", "event", "data", "hash")


@dataclass
class Appender:
    """The open log of one issuer within one transaction: leaves are queued and written in bulk.

    The queue holds plain rows (no model instances) written by one ``executemany`` or ``COPY``: the
    log is on the ingest path of a bulk import, where a model object per row would cost more than
    the hashing.
    """

    issuer: Body
    state: TransparencyLog
    frontier: merkle.Frontier
    did: str
    pending: list[tuple[Any, ...]] = field(default_factory=list)
    hashes: list[bytes] = field(default_factory=list)

    @classmethod
    def open(cls, issuer: Body) -> Appender:
        """Lock the issuer's log for this transaction (call inside ``transaction.atomic``)."""
        TransparencyLog.all_objects.get_or_create(issuer=issuer)
        state = TransparencyLog.all_objects.select_for_update().get(issuer=issuer)
        frontier = merkle.Frontier(state.size, tuple(bytes.fromhex(h) for h in state.frontier))
        return cls(issuer, state, frontier, did_for(issuer.slug))

    def add(self, kind: str, number: str, event: str, on: date, credential: str = "") -> None:
        leaf = transparency.LeafEvent(
            self.did,
            kind,
            number,
            event,
            on.isoformat(),
            transparency.credential_hash(credential) if credential else "",
        )
        data = leaf.data()
        digest = merkle.leaf_hash(data)
        index = self.frontier.size + len(self.pending)
        self.pending.append((self.issuer.pk, index, kind, number, event, data.decode("utf-8"), digest.hex()))
        self.hashes.append(digest)

    def flush(self) -> None:
        """Write the queued leaves and move the right edge past them."""
        if not self.pending:
            return
        table = connection.ops.quote_name(LogLeaf._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in _LEAF_COLUMNS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.pending:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(_LEAF_COLUMNS))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.pending)
        self.frontier = self._moved(self._store_nodes())
        self.pending, self.hashes = [], []

    def written(self, hashes: list[bytes]) -> None:
        """Leaves the caller wrote itself (the COPY of the registry's ingest), with their
        hashes in order from the next index: store the subtree roots they complete, move the edge."""
        self.flush()
        self.hashes = hashes
        self.frontier = self._moved(self._store_nodes())
        self.hashes = []

    def _store_nodes(self) -> list[tuple[int, bytes]]:
        """Store the roots of the runs of :data:`NODE` leaves that the queued leaves complete;
        those runs, ``(k, root)`` for leaves ``[k * NODE, (k + 1) * NODE)``."""
        old, new = self.frontier.size, self.frontier.size + len(self.hashes)
        roots = []
        for k in range(old // NODE, new // NODE):
            lo = k * NODE
            earlier = leaf_hashes(self.issuer, old, start=lo) if lo < old else []
            run = earlier + self.hashes[max(0, lo - old) : lo + NODE - old]
            roots.append((k, merkle.tree_hash(run)))
        LogNode.all_objects.bulk_create(
            [LogNode(issuer=self.issuer, level=NODE_LEVEL, index=k, hash=h.hex()) for k, h in roots]
        )
        return roots

    def _moved(self, roots: list[tuple[int, bytes]]) -> merkle.Frontier:
        """The right edge past the queued leaves: leaf by leaf up to the first run of :data:`NODE`
        they fill whole, then those runs by the roots just stored, then leaf by leaf (where every
        leaf cost an inner hash, a run costs one: 1 µs a row of the main process in a bulk import)."""
        old, hashes = self.frontier.size, self.hashes
        whole = [root for k, root in roots if k * NODE >= old]
        if not whole:
            return self.frontier.extend(hashes)
        first = -old % NODE  # the leaves before the first whole run
        last = first + len(whole) * NODE
        return self.frontier.extend(hashes[:first]).extend_subtrees(NODE_LEVEL, whole).extend(hashes[last:])

    def close(self, key: signing.PrivateKey | None = None) -> SignedTreeHead | None:
        """Flush, store the right edge and sign a tree head when the log grew; the head after commit
        is published as a static file."""
        self.flush()
        if self.frontier.size == self.state.size:
            return None
        self.state.size = self.frontier.size
        self.state.frontier = [h.hex() for h in self.frontier.hashes]
        self.state.save(update_fields=["size", "frontier"])
        head = sign_head(self.issuer, self.frontier, key or signing_key(self.issuer.slug))
        transaction.on_commit(lambda: publish_head(self.issuer))
        return head


def sign_head(issuer: Body, frontier: merkle.Frontier, key: signing.PrivateKey) -> SignedTreeHead:
    now = clock.now()
    head = transparency.TreeHead(
        did_for(issuer.slug), frontier.size, frontier.root(), int(now.timestamp() * 1000)
    )
    return SignedTreeHead.all_objects.create(
        issuer=issuer,
        size=head.size,
        root=head.root.hex(),
        kid=key.kid,
        timestamp=head.moment,
        token=transparency.sign_tree_head(head, key),
    )


def publish_head(issuer: Body) -> None:
    """Write the issuer's latest signed tree head beside its status lists."""
    head = latest_head(issuer)
    if head is not None:
        write_atomic(status_file(issuer.slug, HEAD_FILE), head.token.encode("ascii"))


def latest_head(issuer: Body) -> SignedTreeHead | None:
    return SignedTreeHead.all_objects.filter(issuer=issuer).order_by("-size").first()


def head_at(issuer: Body, size: int) -> SignedTreeHead:
    head = SignedTreeHead.all_objects.filter(issuer=issuer, size=size).first()
    if head is None:
        raise LogLookupError(f"tree_size: {issuer.slug} signed no tree head of {size} leaves")
    return head


def leaf_hashes(issuer: Body, size: int, start: int = 0) -> list[bytes]:
    """The leaf hashes ``[start, size)`` of the issuer's log, in order."""
    rows = (
        LogLeaf.all_objects.filter(issuer=issuer, index__gte=start, index__lt=size)
        .order_by("index")
        .values_list("hash", flat=True)
    )
    out = [bytes.fromhex(h) for h in rows.iterator(chunk_size=20_000)]
    if len(out) != size - start:
        raise LogLookupError(f"tree_size: the log of {issuer.slug} has no leaves {start} to {size}")
    return out


def subtree(issuer: Body, size: int) -> merkle.Subtree:
    """``MTH(D[lo:hi])`` of the issuer's log of ``size`` leaves: aligned runs of :data:`NODE` leaves
    from their stored roots, the rest from the leaves (RFC 9162 §2.1.1's split, recursively)."""

    def mth(lo: int, hi: int) -> bytes:
        n = hi - lo
        if n >= NODE and n & (n - 1) == 0 and lo % n == 0:
            rows = (
                LogNode.all_objects.filter(
                    issuer=issuer, level=NODE_LEVEL, index__gte=lo // NODE, index__lt=hi // NODE
                )
                .order_by("index")
                .values_list("hash", flat=True)
            )
            nodes = [bytes.fromhex(h) for h in rows.iterator(chunk_size=20_000)]
            if len(nodes) != n // NODE:
                raise LogLookupError(f"tree_size: the log of {issuer.slug} lacks subtree roots {lo} to {hi}")
            return merkle.tree_hash(nodes)
        if n <= 2 * NODE:
            return merkle.tree_hash(leaf_hashes(issuer, hi, start=lo))
        k = 1 << ((n - 1).bit_length() - 1)
        return merkle.node_hash(mth(lo, lo + k), mth(lo + k, hi))

    return mth


@dataclass(frozen=True)
class Inclusion:
    leaf: LogLeaf
    head: SignedTreeHead
    proof: list[bytes]


def inclusion(issuer: Body, kind: str, number: str, size: int | None = None) -> Inclusion:
    """The leaf that logged the attestation's credential (its latest issue or re-issue) within the
    tree head of ``size`` (default: the latest head), and its inclusion proof (RFC 9162, §2.1.3.1)."""
    head = latest_head(issuer) if size is None else head_at(issuer, size)
    if head is None:
        raise LogLookupError(f"issuer: {issuer.slug} has signed no tree head yet")
    leaf = (
        LogLeaf.all_objects.filter(
            issuer=issuer, kind=kind, number=number, index__lt=head.size, event__in=CREDENTIAL_EVENTS
        )
        .order_by("-index")
        .first()
    )
    if leaf is None:
        raise LogLookupError(f"number: no {kind} {number!r} in the first {head.size} leaves of {issuer.slug}")
    return Inclusion(leaf, head, merkle.inclusion_proof_of(head.size, leaf.index, subtree(issuer, head.size)))


def consistency(
    issuer: Body, first: int, second: int
) -> tuple[SignedTreeHead | None, SignedTreeHead, list[bytes]]:
    """The signed heads of both sizes (the first may never have been signed: any earlier size of
    the log has a proof) and the consistency proof between them (RFC 9162, §2.1.4.1)."""
    if not 0 < first <= second:
        raise LogLookupError(f"first: needs 0 < first <= second, got {first} and {second}")
    b = head_at(issuer, second)
    a = SignedTreeHead.all_objects.filter(issuer=issuer, size=first).first()
    return a, b, merkle.consistency_proof_of(second, first, subtree(issuer, second))


def backfill(issuer: Body) -> int:
    """Append an ``issue`` leaf for each attestation of the issuer that has no leaf yet (attestations
    signed before the log existed), then sign a head; how many. Running it again adds nothing."""
    with transaction.atomic():
        log = Appender.open(issuer)
        logged = set(LogLeaf.all_objects.filter(issuer=issuer).values_list("kind", "number"))
        rows = Attestation.all_objects.filter(issuer=issuer).order_by("pk")
        count = 0
        for row in rows.only("kind", "number", "issue_date", "credential").iterator(chunk_size=2000):
            if (row.kind, row.number) in logged:
                continue
            log.add(row.kind, row.number, "issue", row.issue_date, row.credential)
            count += 1
            if len(log.pending) >= 2000:
                log.flush()
        log.close()
    return count


def is_public(issuer: Body, kind: str, number: str) -> bool:
    """Whether the attestation exists and is public (the registry serves proofs of those only)."""
    return Attestation.all_objects.filter(issuer=issuer, kind=kind, number=number, public=True).exists()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def head_json(head: SignedTreeHead) -> dict[str, Any]:
    """A signed tree head as the API serves it: the token, and what it states."""
    return {
        "tree_size": head.size,
        "root_hash": _b64(bytes.fromhex(head.root)),
        "timestamp": int(head.timestamp.timestamp() * 1000),
        "kid": head.kid,
        "tree_head": head.token,
    }


def inclusion_json(inc: Inclusion) -> dict[str, Any]:
    """What ``casys verify --inclusion`` reads: the leaf, its index, the proof and the head."""
    return {
        "kind": inc.leaf.kind,
        "number": inc.leaf.number,
        "leaf_index": inc.leaf.index,
        "leaf": inc.leaf.data,
        "leaf_hash": _b64(bytes.fromhex(inc.leaf.hash)),
        "tree_size": inc.head.size,
        "proof": [_b64(p) for p in inc.proof],
        "tree_head": inc.head.token,
    }


def consistency_json(
    size: int, first: SignedTreeHead | None, second: SignedTreeHead, proof: list[bytes]
) -> dict[str, Any]:
    return {
        "first": size,
        "second": second.size,
        "proof": [_b64(p) for p in proof],
        "first_tree_head": first.token if first is not None else None,
        "second_tree_head": second.token,
    }
