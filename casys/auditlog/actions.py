"""Dotted action codes and the sentences that describe them to people.

Every area registers its codes here so the log reads as translated sentences.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Promise] = {}


def register(code: str, sentence: Promise) -> None:
    if code.count(".") < 2:
        raise ValueError(f"action code {code!r}: expected area.object.verb")
    SENTENCES[code] = sentence


def describe(code: str) -> str:
    sentence = SENTENCES.get(code)
    return str(sentence) if sentence is not None else code


register("accounts.body.created", _("created the body"))
register("accounts.body.updated", _("changed the body"))
register("accounts.membership.added", _("added a member"))
register("accounts.membership.removed", _("removed a member"))
register("accounts.token.created", _("created an API token"))
register("accounts.token.revoked", _("revoked an API token"))
register("accounts.user.logged_in", _("signed in"))
