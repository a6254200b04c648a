"""Clients of a validation/verification body: the client records it keeps, whose contacts upload the
claim (the GHG statement) on the client portal and read the issued statements."""

from __future__ import annotations

from django.db import transaction

from casys.accounts.models import Body, BodyKind
from casys.accounts.services.bodies import ClientRecordError, create_client_record
from casys.auditlog.services import Actor, log
from casys.verification.models import Engagement, EngagementStatus
from casys.verification.services import VerificationInputError

#: The states in which the client's contact may upload (replace) the statement: before the review.
UPLOAD_STATES = (EngagementStatus.PLANNING, EngagementStatus.EXECUTION)


@transaction.atomic
def add_client(body: Body, *, actor: Actor, name: str, country: str, city: str = "") -> Body:
    """A client record kept by the body (a body of kind client); its contacts are invited on its page."""
    if body.kind != BodyKind.VALIDATION_VERIFICATION_BODY:
        raise VerificationInputError("body", "is not a validation/verification body")
    try:
        client = create_client_record(body, actor=actor, name=name, country=country, city=city)
    except ClientRecordError as exc:
        raise VerificationInputError(exc.field, exc.message) from exc
    log("verification.client.created", actor=actor, body=body, obj=client, data={"name": client.name})
    return client


def clients_of(body: Body) -> list[Body]:
    """The client records the body keeps, by name."""
    return list(Body.all_objects.filter(managed_by=body, kind=BodyKind.CLIENT).order_by("name"))


def client_of(body: Body, pk: int | str | None) -> Body | None:
    """The body's client record ``pk`` (None when empty); refused when the body does not keep it."""
    if pk in (None, ""):
        return None
    found = Body.all_objects.filter(managed_by=body, kind=BodyKind.CLIENT, pk=pk).first()
    if found is None:
        raise VerificationInputError("client", "is not a client of this body")
    return found


def may_upload(engagement: Engagement) -> bool:
    return engagement.status in UPLOAD_STATES
