"""Template context: the signed-in user's bodies and roles, and each area's navigation links."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from casys.accounts.refused import take
from casys.accounts.services.bodies import bodies_of


def memberships(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    links: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        nav_links = getattr(config, "nav_links", None)
        if nav_links is not None:
            links.extend(nav_links(request))
    # A session that still owes a two-factor step sees no bodies (casys.accounts.middleware).
    if user is None or not user.is_authenticated or not getattr(request, "signin_complete", True):
        return {"my_bodies": [], "area_links": links}
    return {"my_bodies": bodies_of(user), "area_links": links}


def refused(request: HttpRequest) -> dict[str, Any]:
    """The form refused on the previous request, with what was typed (casys.accounts.refused)."""
    return {"refused": take(request)}
