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
register("accounts.user.login_failed", _("failed to sign in"))
register("accounts.mfa.enrolled", _("turned on two-factor sign-in"))
register("accounts.mfa.disabled", _("turned off two-factor sign-in"))
register("accounts.mfa.recovery_codes_generated", _("made new two-factor recovery codes"))
register("accounts.mfa.recovery_code_used", _("signed in with a two-factor recovery code"))
register("accounts.mfa.requirement_changed", _("changed whether staff must use two-factor sign-in"))
