"""Template context: the signed-in user's bodies and roles, for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def memberships(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_bodies": []}
    from casys.accounts.services.bodies import bodies_of

    return {"my_bodies": bodies_of(user)}
