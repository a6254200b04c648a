"""What every persons page needs: the body of the URL with a role check, and service errors on forms."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import body_for
from casys.persons.services import PersonsInputError

KINDS = (BodyKind.PERSONS_CERTIFICATION_BODY,)
STAFF = (Role.ADMIN, Role.SCHEME_MANAGER, Role.EXAMINER, Role.DECISION_MAKER)
#: the item bank's roles: items, forms, the Angoff panel and the psychometric reports are confidential
#: (ISO/IEC 17024:2012 7.4); nobody else reads them. An examiner sees items only on the marking page of a
#: session they are assigned to, and only the responses they still have to mark there.
ITEM_BANK = (Role.SCHEME_MANAGER,)
FORM_BUILDERS = (Role.SCHEME_MANAGER,)
SESSION_ROLES = (Role.ADMIN, Role.SCHEME_MANAGER, Role.EXAMINER)
MARKERS = (Role.EXAMINER,)
APPLICATION_ROLES = (Role.ADMIN, Role.SCHEME_MANAGER)
DECIDERS = (Role.DECISION_MAKER, Role.ADMIN)
CANDIDATES = (Role.CANDIDATE,)
APPEAL_ROLES = (Role.ADMIN, Role.SCHEME_MANAGER, Role.DECISION_MAKER)


def persons_body(slug: str, *roles: str) -> Body:
    return body_for(slug, *roles, kinds=KINDS)


def can(request: HttpRequest, body: Body, roles: tuple[str, ...]) -> bool:
    return bool(request.scope.has_role(body.id, *roles))  # type: ignore[attr-defined]


def add_error(form: Any, exc: PersonsInputError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc) if field is None else exc.message)
