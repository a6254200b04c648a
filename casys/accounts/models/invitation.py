"""An invitation to join a body with a role, accepted through a single-use link."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.models.membership import Role
from casys.accounts.models.token import hash_token
from casys.accounts.scoping import ScopedManager


class Invitation(models.Model):
    """An e-mail address invited to a body with a role.

    Only the SHA-256 of the link's token is stored: the link is shown once to the
    inviting administrator (and e-mailed when e-mail is configured); a lost link
    is replaced by a new one, which ends the old. The token is bound to this row,
    so it can only ever add a membership in ``body`` with ``role``.
    """

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager("body_id", "body__managed_by_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.body_id} ({self.role})"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """A fresh link token and its hash (the only part that is stored)."""
        raw = secrets.token_urlsafe(32)
        return raw, hash_token(raw)
