"""A refused form keeps what was typed: one path for every page that posts and redirects.

A view whose service refuses the input calls :func:`keep` before redirecting
back (post/redirect/get); the page rendered next gets ``refused`` in its
template context (the ``refused`` context processor, which takes it out of the
session like a message). A template reaches the state of one of its forms with
``{% load forms %}{% with f=refused|for_action:url %}`` where ``url`` is the
form's ``action``: ``f.v.NAME`` is the value typed, ``f.lists.NAME`` the values
of a multiple choice, ``f.errors.NAME`` the reason shown next to the field, and
``f.error`` a reason that names no field of the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from casys.accounts.confirm import FIELD as CONFIRM

SESSION_KEY = "casys.refused"
_FIELD = re.compile(r"^([a-z][a-z0-9_]*)(?:[.:,]| —)")
#: fields never kept: secrets and the CSRF token
_SECRET = {"csrfmiddlewaretoken", "password", "password1", "password2", "token"}


@dataclass(frozen=True)
class FormState:
    action: str = ""
    v: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    error: str = ""

    def __bool__(self) -> bool:
        return bool(self.action)


EMPTY = FormState()


def field_of(message: str) -> str:
    """The field a service message names (``"leader: choose ..."`` names ``leader``), or ''."""
    match = _FIELD.match(message)
    return match.group(1) if match else ""


def keep(request: HttpRequest, message: str, *, action: str | None = None) -> None:
    """Remember the refused form (values and reason) for the page shown next."""
    data = {k: request.POST.getlist(k) for k in request.POST if k not in _SECRET}
    request.session[SESSION_KEY] = {
        "action": action or request.path,
        "data": data,
        # a file is not kept, but its error goes next to it; an unticked box is not posted at all
        "fields": [*data, *request.FILES, CONFIRM],
        "field": field_of(message),
        "message": message,
    }


def take(request: HttpRequest) -> FormState:
    """The kept form, removed from the session (shown once, like a message)."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return EMPTY
    raw: dict[str, Any] = session.pop(SESSION_KEY)
    data = raw.get("data", {})
    name, message = raw.get("field", ""), raw.get("message", "")
    in_form = name in raw.get("fields", data)
    return FormState(
        action=raw.get("action", ""),
        v={k: (vs[0] if vs else "") for k, vs in data.items()},
        lists=data,
        errors={name: message} if in_form else {},
        error="" if in_form else message,
    )
