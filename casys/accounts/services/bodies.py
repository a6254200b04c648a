"""Operations on bodies and memberships."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify

from casys.accounts.models import Body, BodyKind, Membership, Role
from casys.accounts.scoping import current_scope
from casys.auditlog.services import SYSTEM, Actor, log


@dataclass(frozen=True)
class MyBody:
    body: Body
    roles: tuple[str, ...]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles]


#: Every kind of body that runs pages of its own (all but a client's record).
STAFF_KINDS = tuple(k for k in BodyKind.values if k != BodyKind.CLIENT)


def bodies_of(user: Any) -> list[MyBody]:
    """The bodies a user belongs to, each with the user's roles there."""
    roles: dict[int, list[str]] = {}
    for body_id, role in Membership.all_objects.filter(
        user_id=user.pk, is_active=True, body__is_active=True
    ).values_list("body_id", "role"):
        roles.setdefault(body_id, []).append(role)
    bodies = Body.all_objects.filter(id__in=roles).order_by("name")
    order = [r.value for r in Role]
    return [MyBody(b, tuple(sorted(roles[b.id], key=order.index))) for b in bodies]


def body_for(slug: str, *roles: str, kinds: Collection[str] | None = None, contacts: bool = False) -> Body:
    """The body named by ``slug`` in the current scope, or 404; 403 without one of ``roles``.

    Only bodies the actor is a member of count: a client record kept by the body
    is reached through the keeping body's pages, not as a workspace of its own.
    ``kinds`` are the kinds of body the page is made for: a body of another kind
    is 404 (a client contact does not get a certification body's pages about its
    own client body), checked before the role so the answer does not depend on it.
    On a page for staff kinds, a body record kept by another body where the actor is only a
    client contact (a CAB registered by an accreditation body) is 404 too, unless the page is
    made for contacts as well (``contacts=True``).
    """
    scope = current_scope()
    body = (
        Body.objects.filter(slug=slug, id__in=list(scope.body_ids)).first()
        if not scope.everything
        else (Body.objects.filter(slug=slug).first())
    )
    if body is None or (kinds is not None and body.kind not in kinds):
        raise Http404("no such body")
    kept_contact = body.managed_by_id is not None and scope.roles.get(body.id, frozenset()) <= {
        Role.CLIENT_CONTACT.value
    }
    if (
        kinds is not None
        and BodyKind.CLIENT not in kinds
        and kept_contact
        and not (contacts or scope.everything)
    ):
        raise Http404("no such body")
    if roles and not scope.everything and not scope.has_role(body.id, *roles):
        raise PermissionDenied("your role in this body does not allow this")
    return body


@transaction.atomic
def add_member(body: Body, user: Any, role: str, *, actor: Actor = SYSTEM) -> Membership:
    if role not in Role.values:
        raise ValueError(f"role: unknown role {role!r}; expected one of {', '.join(Role.values)}")
    membership, created = Membership.all_objects.get_or_create(body=body, user=user, role=role)
    if not membership.is_active:  # an ended role given again: the same row, so its history stays
        membership.is_active, membership.ended_at = True, None
        membership.save(update_fields=["is_active", "ended_at"])
        created = True
    if created:
        log(
            "accounts.membership.added",
            actor=actor,
            body=body,
            obj=membership,
            data={"user": user.email, "role": role},
        )
    return membership


@transaction.atomic
def create_body(*, actor: Actor = SYSTEM, **fields: Any) -> Body:
    body = Body(**fields)
    body.full_clean()
    body.save()
    log(
        "accounts.body.created",
        actor=actor,
        body=body,
        obj=body,
        data={"name": body.name, "kind": body.kind, "country": body.country},
    )
    return body


class ClientRecordError(ValueError):
    """A client record refused; ``field`` names the field at fault (the areas raise it as their own)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def free_slug(name: str) -> str:
    """A slug for a new body from its name, numbered when taken (``acme``, ``acme-2``, …)."""
    base = slugify(name)[:60] or "client"
    slug, n = base, 1
    while Body.all_objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_client_record(
    body: Body, *, actor: Actor = SYSTEM, name: str, country: str, city: str = "", address: str = ""
) -> Body:
    """The organisation of a client that ``body`` keeps (a body of kind client, managed by ``body``):
    one path for every kind of body that has clients (certification, inspection, verification)."""
    if not name.strip():
        raise ClientRecordError("name", "the client needs a name")
    if len(country.strip()) != 2 or not country.strip().isalpha():
        raise ClientRecordError("country", "give the ISO 3166-1 alpha-2 code, e.g. FR")
    try:
        return create_body(
            actor=actor,
            name=name.strip(),
            name_en=name.strip(),
            slug=free_slug(name),
            kind=BodyKind.CLIENT,
            country=country.strip().upper(),
            city=city.strip(),
            address=address,
            managed_by=body,
        )
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ClientRecordError(field, "; ".join(messages)) from exc
