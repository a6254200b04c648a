"""The scope of a signed-in user, from their memberships (the mechanism is casys.accounts.scoping).

It lives here, above the models, because it reads ``Membership``, while every model module
imports :mod:`casys.accounts.scoping` for its manager.
"""

from __future__ import annotations

from typing import Any

from casys.accounts.models import Membership
from casys.accounts.scoping import ANONYMOUS, Scope


def scope_for_user(user: Any, only_body_id: int | None = None) -> Scope:
    """The scope of a signed-in user: their active memberships' bodies and roles.

    A membership that ended (``is_active`` off) gives nothing: a deactivated member
    reaches none of the body's records, by session or by API token.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    rows = Membership.all_objects.filter(user_id=user.pk, is_active=True, body__is_active=True)
    if only_body_id is not None:
        rows = rows.filter(body_id=only_body_id)
    roles: dict[int, set[str]] = {}
    for body_id, role in rows.values_list("body_id", "role"):
        roles.setdefault(body_id, set()).add(role)
    return Scope(roles={b: frozenset(r) for b, r in roles.items()}, user_id=user.pk)
