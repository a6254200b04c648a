"""Each issuer's transparency log: its leaves, its right edge and its signed tree heads.

The log is append-only by construction: leaves are only ever inserted (by
:mod:`casys.attestations.services.log`, in the transaction of the event they record), never
updated; ``TransparencyLog`` holds the right edge of the tree (the roots of its perfect subtrees,
:class:`casys.core.merkle.Frontier`) so appending a batch costs the new leaves' hashes only.
"""

from __future__ import annotations

from django.db import models

from casys.accounts.scoping import ScopedManager


class TransparencyLog(models.Model):
    """One per issuer: the log's size and right edge (hex SHA-256 hashes, largest subtree first)."""

    issuer = models.OneToOneField("accounts.Body", on_delete=models.PROTECT, related_name="+")
    size = models.BigIntegerField(default=0)
    frontier = models.JSONField(default=list)

    objects = ScopedManager("issuer_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"{self.issuer_id}: {self.size} leaves"


class LogLeaf(models.Model):
    """Leaf ``index`` of an issuer's log: the canonical JSON of one attestation event and its hash."""

    #: no index of its own: the unique constraint below leads with it (one index fewer for a bulk
    #: load to build or keep up)
    issuer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+", db_index=False)
    index = models.BigIntegerField()
    kind = models.CharField(max_length=32)
    number = models.CharField(max_length=120)
    event = models.CharField(max_length=16)
    #: casys.core.transparency.LeafEvent.data(), as text
    data = models.TextField()
    #: RFC 9162 leaf hash SHA-256(0x00 || data), hex
    hash = models.CharField(max_length=64)

    objects = ScopedManager("issuer_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [models.UniqueConstraint(fields=["issuer", "index"], name="log_leaf_issuer_index")]
        indexes = [models.Index(fields=["issuer", "kind", "number"], name="log_leaf_attestation")]

    def __str__(self) -> str:
        return f"{self.issuer_id}#{self.index} {self.event} {self.number}"


class SignedTreeHead(models.Model):
    """A tree head the issuer signed: its log had ``size`` leaves with root ``root`` (hex)."""

    #: no index of its own: the unique constraint below leads with it (one index fewer for a bulk
    #: load to build or keep up)
    issuer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+", db_index=False)
    size = models.BigIntegerField()
    root = models.CharField(max_length=64)
    kid = models.CharField(max_length=64)
    timestamp = models.DateTimeField()
    #: the compact JWS (casys.core.transparency.sign_tree_head)
    token = models.TextField()

    objects = ScopedManager("issuer_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [models.UniqueConstraint(fields=["issuer", "size"], name="tree_head_issuer_size")]

    def __str__(self) -> str:
        return f"{self.issuer_id}: {self.size} leaves"


class LogNode(models.Model):
    """The root of an aligned perfect subtree of 2**level leaves, ``[index * 2**level, (index + 1) *
    2**level)``: stored as the log grows, so a proof over millions of leaves reads thousands of rows."""

    #: no index of its own: the unique constraint below leads with it (one index fewer for a bulk
    #: load to build or keep up)
    issuer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+", db_index=False)
    level = models.SmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    objects = ScopedManager("issuer_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "level", "index"], name="log_node_issuer_level_index")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}: level {self.level} #{self.index}"
