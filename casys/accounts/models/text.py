"""Names and other text typed by people, checked before they are stored (issue 12, finding 10).

A field is refused when it holds a Unicode direction control (it would make "evil" read as
"live" on a certificate), any other control character, or more than its column holds; see
:mod:`casys.core.untrusted_text`. Models call :func:`check_text` from their ``clean()``, which
``full_clean()`` runs, so every service that validates a record checks its names too.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from casys.core import untrusted_text


def check_text(instance: Any, *fields: str, multiline: tuple[str, ...] = ()) -> None:
    """Raise a ValidationError naming each of ``fields`` (and ``multiline`` ones) that is unsafe text."""
    errors = {}
    for name in (*fields, *multiline):
        value = getattr(instance, name) or ""
        max_length = instance._meta.get_field(name).max_length
        wrong = untrusted_text.problem(value, max_length=max_length, multiline=name in multiline)
        if wrong is not None:
            errors[name] = f"{name}: {wrong}"
    if errors:
        raise ValidationError(errors)
