"""Members of a body: their roles, role changes, deactivation and reactivation.

A member is a user with memberships (one row per role) in a body. Nothing is
deleted: a role taken away or a member deactivated keeps its rows with
``is_active`` off and ``ended_at`` set, so the member's history and the audit
entries pointing at them stay. Deactivating a member also revokes their API
tokens in the body (ISO/IEC 17021-1 and its siblings expect access to end with
the person's role; a token must not outlive it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casys.accounts.models import ROLES_OF_KIND, ApiToken, Body, BodyKind, Invitation, Membership, Role, User
from casys.accounts.services.tokens import revoke_token
from casys.auditlog.services import SYSTEM, Actor, log

ROLE_ORDER = [r.value for r in Role]


class MemberError(ValueError):
    """A refused change to a body's members; the message starts with the field it is about."""


def allowed_roles(body: Body) -> list[str]:
    """The roles a member of ``body`` may hold: a client's contacts, or a body's staff (with the
    roles of its kind: an inspection body's inspectors, a persons body's examiners and candidates, a
    validation/verification body's verifiers).

    A body record kept by another body (a certification client, or a CAB registered by an
    accreditation body) has contacts, not staff: it does not run its own workspace."""
    if body.kind == BodyKind.CLIENT or body.managed_by_id is not None:
        return [Role.ADMIN.value, Role.CLIENT_CONTACT.value]
    special = {role for roles in ROLES_OF_KIND.values() for role in roles}
    own = set(ROLES_OF_KIND.get(body.kind, ()))
    return [r for r in ROLE_ORDER if r != Role.CLIENT_CONTACT and (r not in special or r in own)]


def check_roles(body: Body, roles: list[str]) -> list[str]:
    """``roles`` without duplicates in the usual order, or MemberError naming the bad one."""
    if not roles:
        raise MemberError("roles: choose at least one role (to remove a member, deactivate them)")
    allowed = allowed_roles(body)
    roles = [str(r) for r in roles]  # a Role member prints as "Role.ADMIN"; its value is the code
    for role in roles:
        if role not in allowed:
            raise MemberError(
                f"role: {role!r} is not a role in this body; expected one of {', '.join(allowed)}"
            )
    return sorted(set(roles), key=ROLE_ORDER.index)


@dataclass
class Member:
    """A user in a body: active roles, or the roles they held when deactivated."""

    user: User
    roles: list[str] = field(default_factory=list)
    past_roles: list[str] = field(default_factory=list)
    since: datetime | None = None
    ended_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return bool(self.roles)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in (self.roles or self.past_roles)]


def members_of(body: Body) -> list[Member]:
    """Every user who ever held a role in ``body``: active members first, then by name."""
    found: dict[int, Member] = {}
    rows = Membership.objects.filter(body=body).select_related("user").order_by("created_at")
    for m in rows:
        member = found.setdefault(m.user_id, Member(user=m.user, since=m.created_at))
        if m.is_active:
            member.roles.append(m.role)
        elif m.ended_at is not None and (member.ended_at is None or m.ended_at >= member.ended_at):
            if member.ended_at != m.ended_at:
                member.past_roles = []
            member.ended_at = m.ended_at
            member.past_roles.append(m.role)
    for member in found.values():
        member.roles.sort(key=ROLE_ORDER.index)
        member.past_roles.sort(key=ROLE_ORDER.index)
        if member.is_active:
            member.ended_at = None
    return sorted(found.values(), key=lambda m: (not m.is_active, (m.user.full_name or m.user.email).lower()))


def member(body: Body, user_id: int) -> Member | None:
    return next((m for m in members_of(body) if m.user.pk == user_id), None)


def _active_admins(body: Body) -> set[int]:
    return set(
        Membership.all_objects.filter(body=body, role=Role.ADMIN, is_active=True).values_list(
            "user_id", flat=True
        )
    )


def _refuse_last_admin(body: Body, user: Any) -> None:
    if _active_admins(body) == {user.pk}:
        raise MemberError(
            "role: this is the body's last administrator; make someone else administrator first"
        )


@transaction.atomic
def set_roles(body: Body, user: Any, roles: list[str], *, actor: Actor = SYSTEM) -> list[str]:
    """Give an active member exactly ``roles`` in ``body``; roles taken away end, roles given start."""
    roles = check_roles(body, roles)
    rows = {m.role: m for m in Membership.all_objects.select_for_update().filter(body=body, user=user)}
    current = sorted((r for r, m in rows.items() if m.is_active), key=ROLE_ORDER.index)
    if not current:
        raise MemberError("user: this person is not an active member of the body; reactivate them first")
    if current == roles:
        return roles
    if Role.ADMIN not in roles:
        _refuse_last_admin(body, user)
    now = timezone.now()
    for role in set(current) - set(roles):
        Membership.all_objects.filter(pk=rows[role].pk).update(is_active=False, ended_at=now)
    for role in set(roles) - set(current):
        if role in rows:
            Membership.all_objects.filter(pk=rows[role].pk).update(is_active=True, ended_at=None)
        else:
            Membership.all_objects.create(body=body, user=user, role=role)
    log(
        "accounts.membership.role_changed",
        actor=actor,
        body=body,
        obj=user,
        data={"user": user.email, "from": current, "to": roles},
    )
    return roles


@transaction.atomic
def deactivate(body: Body, user: Any, *, actor: Actor = SYSTEM) -> int:
    """End every role of ``user`` in ``body`` and revoke their tokens there; returns tokens revoked."""
    active = list(Membership.all_objects.select_for_update().filter(body=body, user=user, is_active=True))
    if not active:
        raise MemberError("user: this person is not an active member of the body")
    if any(m.role == Role.ADMIN for m in active):
        _refuse_last_admin(body, user)
    now = timezone.now()
    Membership.all_objects.filter(pk__in=[m.pk for m in active]).update(is_active=False, ended_at=now)
    tokens = list(ApiToken.all_objects.filter(body=body, user=user, revoked_at__isnull=True))
    for token in tokens:
        revoke_token(token, actor=actor)
    log(
        "accounts.membership.deactivated",
        actor=actor,
        body=body,
        obj=user,
        data={
            "user": user.email,
            "roles": sorted((m.role for m in active), key=ROLE_ORDER.index),
            # the number of API tokens revoked (a key with "token" in it would be masked as a secret)
            "revoked_credentials": len(tokens),
        },
    )
    return len(tokens)


@transaction.atomic
def reactivate(body: Body, user: Any, *, actor: Actor = SYSTEM) -> list[str]:
    """Give a deactivated member back the roles they held when deactivated (their tokens stay revoked)."""
    rows = Membership.all_objects.select_for_update().filter(body=body, user=user)
    if not rows.exists():
        raise MemberError("user: this person was never a member of the body")
    if rows.filter(is_active=True).exists():
        raise MemberError("user: this person is already an active member of the body")
    last = rows.aggregate(last=Max("ended_at"))["last"]
    restored = list(rows.filter(ended_at=last).values_list("role", flat=True))
    rows.filter(ended_at=last).update(is_active=True, ended_at=None)
    roles = sorted(restored, key=ROLE_ORDER.index)
    log(
        "accounts.membership.reactivated",
        actor=actor,
        body=body,
        obj=user,
        data={"user": user.email, "roles": roles},
    )
    return roles


def may_sign_in(user: Any) -> bool:
    """Whether ``user`` may sign in: a platform superuser, an active member of an active body,
    or a person with a pending invitation (who signs in to accept it)."""
    if user.is_superuser:
        return True
    if Membership.all_objects.filter(user=user, is_active=True, body__is_active=True).exists():
        return True
    return Invitation.all_objects.filter(
        email__iexact=user.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        body__is_active=True,
    ).exists()
