"""An issuer's status lists: one index per credential, shared by its suspension and revocation lists."""

from __future__ import annotations

from django.db import models

from casys.accounts.scoping import ScopedManager
from casys.core.status_list import MIN_BITS


class StatusList(models.Model):
    """List ``number`` of an issuer; indexes below ``next_index`` are taken (never reused)."""

    issuer = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="+")
    number = models.IntegerField()
    size = models.IntegerField(default=MIN_BITS)
    next_index = models.IntegerField(default=0)

    objects = ScopedManager("issuer_id")
    all_objects = models.Manager()

    class Meta:
        # the table keeps the name it had in the registry app: the SQLite full-text index and its
        # triggers (registry migration 0002) are built on it
        db_table = "registry_statuslist"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="registry_status_list_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.number}"
