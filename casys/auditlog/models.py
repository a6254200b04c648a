"""One append-only table of audit entries, each carrying the hash of the previous one."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class AppendOnlyError(RuntimeError):
    """An audit entry may be written once and never changed or deleted."""


class AuditQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: update refused")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: delete refused")


class ScopedAuditManager(ScopedManager.from_queryset(AuditQuerySet)):  # type: ignore[misc]
    pass


class AuditEntry(models.Model):
    """Who did what to which record, when, and the data of the change (secrets masked)."""

    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False)
    body = models.ForeignKey("accounts.Body", null=True, on_delete=models.PROTECT, related_name="+")
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_token = models.ForeignKey(
        "accounts.ApiToken", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    action = models.CharField(max_length=120, db_index=True)
    object_type = models.CharField(max_length=120, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data_json = models.TextField(default="{}")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    #: the chain key that made ``hash`` an HMAC; empty for an entry of before the chain was keyed
    key_id = models.CharField(max_length=40, blank=True, default="", editable=False)

    objects = ScopedAuditManager("body_id")
    all_objects = models.Manager.from_queryset(AuditQuerySet)()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["body", "-seq"]), models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    @property
    def data(self) -> Any:
        return json.loads(self.data_json)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only: update refused")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are append-only: delete refused")


class AuditChainHead(models.Model):
    """The last entry's number and hash; locked while an entry is appended.

    It also lets verification notice entries cut off the end of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head at #{self.seq}"
