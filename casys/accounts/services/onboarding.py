"""Onboarding: a new body with its first administrator (CLI ``casys body create`` and the platform page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from casys.accounts.models import Body, BodyKind, Invitation, Role, User
from casys.accounts.services.bodies import add_member, create_body
from casys.accounts.services.invitations import invite, normal_email
from casys.accounts.services.members import MemberError
from casys.auditlog.services import SYSTEM, Actor, log


@dataclass(frozen=True)
class NewBody:
    body: Body
    admin: User | None
    invitation: Invitation | None
    token: str | None


def _body_fields(kind: str, name: str, slug: str, country: str, city: str, address: str) -> dict[str, Any]:
    if kind not in BodyKind.values:
        raise MemberError(
            f"kind: {kind!r} is not a kind of body; expected one of {', '.join(BodyKind.values)}"
        )
    if not name.strip():
        raise MemberError("name: the body needs a name")
    slug = slug.strip().lower()
    if not slug:
        raise MemberError("slug: the body needs a short name (letters, digits, hyphens)")
    # Checked over every body, not the current scope: short names are unique across the platform.
    if Body.all_objects.filter(slug=slug).exists():
        raise MemberError(f"slug: a body named {slug!r} already exists")
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise MemberError("country: give the ISO 3166-1 alpha-2 code, e.g. FR")
    return {
        "kind": kind,
        "name": name.strip(),
        "slug": slug,
        "country": country,
        "city": city.strip(),
        "address": address.strip(),
    }


def _create(fields: dict[str, Any], actor: Actor) -> Body:
    try:
        return create_body(actor=actor, **fields)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise MemberError(f"{field}: {' '.join(messages)}") from None


@transaction.atomic
def create_body_inviting_admin(
    *,
    kind: str,
    name: str,
    slug: str,
    country: str,
    admin_email: str,
    city: str = "",
    address: str = "",
    invited_by: Any = None,
    language: str = "",
    actor: Actor = SYSTEM,
) -> tuple[Body, Invitation, str]:
    """A new body and an invitation of its first administrator (the platform superuser's page)."""
    fields = _body_fields(kind, name, slug, country, city, address)
    email = normal_email(admin_email)
    body = _create(fields, actor)
    invitation, token = invite(body, email, Role.ADMIN, invited_by=invited_by, language=language, actor=actor)
    return body, invitation, token


@transaction.atomic
def bootstrap(
    *,
    kind: str,
    name: str,
    slug: str,
    country: str,
    admin_email: str,
    admin_name: str = "",
    city: str = "",
    address: str = "",
    password: str | None = None,
    superuser: bool = False,
    actor: Actor = SYSTEM,
) -> NewBody:
    """A body and its first administrator from the command line.

    With ``password`` the administrator can sign in at once; without it the
    account has no password yet and the returned invitation token makes the
    one-time link on which the administrator sets it. ``superuser`` also makes
    the account a platform superuser (it may create further bodies on
    /platform/bodies/); it gives no access to any body's records by itself.
    """
    fields = _body_fields(kind, name, slug, country, city, address)
    email = normal_email(admin_email)
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(email=email, full_name=admin_name.strip()[:200])
        user.set_unusable_password()
    elif admin_name.strip() and not user.full_name:
        user.full_name = admin_name.strip()[:200]
    if password is not None:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise MemberError("password: " + " ".join(exc.messages)) from None
        user.set_password(password)
    if superuser:
        user.is_superuser = user.is_staff = True
    user.save()
    body = _create(fields, actor)
    if created:
        log(
            "accounts.user.created",
            actor=actor,
            body=body,
            obj=user,
            data={"email": email, "superuser": user.is_superuser},
        )
    if password is not None or user.has_usable_password():
        add_member(body, user, Role.ADMIN, actor=actor)
        return NewBody(body, user, None, None)
    invitation, token = invite(body, email, Role.ADMIN, actor=actor)
    return NewBody(body, user, invitation, token)
