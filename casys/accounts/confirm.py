"""Confirmation of irreversible steps, checked on the server (works without JavaScript and under a
strict Content-Security-Policy: no ``onclick="return confirm(...)"``).

A form for such a step carries a required checkbox ``confirm`` (template
``casys/_confirm.html``, which states the consequence next to it); the view
refuses the step unless the box was ticked.
"""

from __future__ import annotations

from django.http import HttpRequest

FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get(FIELD) == "yes"
