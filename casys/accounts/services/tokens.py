"""API tokens: created for a user within one body, shown once, stored hashed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from casys.accounts.models import ApiToken, Body, Membership
from casys.accounts.models.token import hash_token
from casys.auditlog.services import Actor, log


@transaction.atomic
def create_token(*, user: Any, body: Body, name: str, actor: Actor) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValueError("name: a token needs a name")
    raw = ApiToken.new_secret()
    token = ApiToken.all_objects.create(
        user=user, body=body, name=name[:100], prefix=raw[:12], token_hash=hash_token(raw)
    )
    log(
        "accounts.token.created",
        actor=actor,
        body=body,
        obj=token,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log(
            "accounts.token.revoked",
            actor=actor,
            body=token.body_id,
            obj=token,
            data={"prefix": token.prefix},
        )


def token_from_secret(raw: str) -> ApiToken | None:
    """The live token for ``raw``, or None.

    A token acts only while its user holds an active membership in the token's
    body: when the membership ends the token stops at once (and ending it revokes
    the token, so re-adding the user does not bring it back).
    """
    if not raw.startswith("casys_"):
        return None
    active = Membership.all_objects.filter(
        user_id=OuterRef("user_id"), body_id=OuterRef("body_id"), is_active=True
    )
    token = (
        ApiToken.all_objects.select_related("user", "body")
        .filter(
            Exists(active),
            token_hash=hash_token(raw),
            revoked_at__isnull=True,
            user__is_active=True,
            body__is_active=True,
        )
        .first()
    )
    if token is not None:
        ApiToken.all_objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
