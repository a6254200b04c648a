"""Granting accreditations and recording their events (ISO/IEC 17011:2017, 7.11)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from casys.accounts.models import Body, BodyKind
from casys.accreditation.models import Accreditation, AccreditationEvent, EventKind, ScopeLine
from casys.accreditation.models.accreditation import ACTIVITIES_OF
from casys.accreditation.services import attestation
from casys.accreditation.services.records import (  # noqa: F401  (the chain's view, used by other modules)
    accreditations_of,
    attach_parts,
    state_today,
    to_record,
)
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import recognition


class AccreditationInputError(ValueError):
    """Input for an accreditation or event is unusable; the message names the field first.

    ``field`` is that name (``"number"``, ``"scope"``, ``"scope[1].normative_document"``), so a
    page can show the reason next to the field.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.field = message.split(":", 1)[0].strip() if ":" in message else ""
        self.reason = message.split(":", 1)[1].strip() if ":" in message else message


#: the kinds of body an accreditation body accredits (ISO/IEC 17011:2017, 3.4: conformity assessment bodies)
CAB_KINDS = (
    BodyKind.CERTIFICATION_BODY,
    BodyKind.INSPECTION_BODY,
    BodyKind.LABORATORY,
    BodyKind.PT_PROVIDER,
    BodyKind.PERSONS_CERTIFICATION_BODY,
    BodyKind.VALIDATION_VERIFICATION_BODY,
)


@dataclass(frozen=True)
class ScopeInput:
    normative_document: str
    iaf_codes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    measurand: str = ""
    range: str = ""
    field: str = ""


@dataclass(frozen=True)
class GrantInput:
    cab: Body
    number: str
    standard: str
    valid_from: date
    valid_until: date
    scope: Sequence[ScopeInput] = field(default_factory=tuple)
    activity: str = ""
    inspection_type: str = ""


def _check_scope(g: GrantInput) -> None:
    if not g.scope:
        raise AccreditationInputError("scope: " + _("an accreditation needs at least one scope line"))
    for i, line in enumerate(g.scope):
        if not line.normative_document.strip():
            raise AccreditationInputError(f"scope[{i}].normative_document: " + _("required"))


def _check(ab: Body, g: GrantInput) -> str:
    if ab.kind != BodyKind.ACCREDITATION_BODY:
        raise AccreditationInputError(f"body: {ab.slug} is not an accreditation body")
    if g.standard not in ACTIVITIES_OF:
        raise AccreditationInputError(f"standard: {g.standard!r} is not one of {', '.join(ACTIVITIES_OF)}")
    activity = g.activity or ACTIVITIES_OF[g.standard][0]
    if activity not in ACTIVITIES_OF[g.standard]:
        raise AccreditationInputError(f"activity: {activity!r} does not go with {g.standard}")
    if not g.number.strip() or "/" in g.number:
        raise AccreditationInputError("number: " + _("required, without a slash"))
    if g.valid_until < g.valid_from:
        raise AccreditationInputError(f"valid_until: {g.valid_until} is before valid_from {g.valid_from}")
    if g.inspection_type and g.standard != "ISO/IEC 17020":
        raise AccreditationInputError("inspection_type: only for ISO/IEC 17020 accreditations")
    if g.cab.kind in (BodyKind.CLIENT, BodyKind.ACCREDITATION_BODY):
        raise AccreditationInputError(f"cab: {g.cab.slug} is not a conformity assessment body")
    _check_scope(g)
    if Accreditation.all_objects.filter(body=ab, number=g.number.strip()).exists():
        raise AccreditationInputError(
            "number: " + _("%(number)s is already used by %(body)s") % {"number": g.number, "body": ab.name}
        )
    return activity


@transaction.atomic
def grant(ab: Body, g: GrantInput, *, actor: Actor = SYSTEM) -> Accreditation:
    """Accredit a CAB: the accreditation with its scope lines."""
    activity = _check(ab, g)
    acc = Accreditation.all_objects.create(
        body=ab,
        cab=g.cab,
        number=g.number.strip(),
        standard=g.standard,
        activity=activity,
        inspection_type=g.inspection_type,
        valid_from=g.valid_from,
        valid_until=g.valid_until,
    )
    ScopeLine.all_objects.bulk_create(
        ScopeLine(
            accreditation=acc,
            normative_document=s.normative_document.strip(),
            iaf_codes=[str(c) for c in s.iaf_codes],
            methods=list(s.methods),
            measurand=s.measurand,
            range=s.range,
            field=s.field,
        )
        for s in g.scope
    )
    # the accreditation is an attestation of the AB: signed, with its status entry
    attestation.publish(acc, actor=actor)
    log(
        "accreditation.accreditation.granted",
        actor=actor,
        body=ab,
        obj=acc,
        data={"cab": g.cab.slug, "number": acc.number, "standard": acc.standard},
    )
    return acc


@transaction.atomic
def record_event(
    acc: Accreditation,
    on: date,
    kind: str,
    *,
    normative_document: str = "",
    iaf_codes: Iterable[str] = (),
    methods: Iterable[str] = (),
    reason: str = "",
    actor: Actor = SYSTEM,
) -> AccreditationEvent:
    """Suspend, restore, withdraw, reduce or extend the scope: a new event, the accreditation unchanged."""
    if kind not in EventKind.values:
        raise AccreditationInputError(f"kind: {kind!r} is not one of {', '.join(EventKind.values)}")
    if kind in (EventKind.SCOPE_REDUCED, EventKind.SCOPE_EXTENDED) and not normative_document.strip():
        raise AccreditationInputError("normative_document: required for a change of scope")
    if on < acc.valid_from:
        raise AccreditationInputError(f"on: {on} is before the accreditation starts ({acc.valid_from})")
    state = recognition.accreditation_state(to_record(acc), on)
    if state.status == "withdrawn":
        raise AccreditationInputError(f"kind: accreditation {acc.number} is withdrawn since {state.since}")
    if kind == EventKind.RESTORED and state.status != "suspended":
        raise AccreditationInputError(f"kind: accreditation {acc.number} is not suspended on {on}")
    if kind == EventKind.SUSPENDED and state.status == "suspended":
        raise AccreditationInputError(
            f"kind: accreditation {acc.number} is already suspended since {state.since}"
        )
    if kind in (EventKind.SUSPENDED, EventKind.WITHDRAWN) and not reason.strip():
        raise AccreditationInputError("reason: " + _("a suspension or withdrawal needs a reason"))
    event = AccreditationEvent.all_objects.create(
        accreditation=acc,
        on=on,
        kind=kind,
        normative_document=normative_document.strip(),
        iaf_codes=[str(c) for c in iaf_codes],
        methods=list(methods),
        reason=reason,
        recorded_by=actor.label,
    )
    # a suspension, restoration or withdrawal sets the attestation's status (and its status-list
    # bits); a change of scope re-signs its credential
    attestation.publish(acc, actor=actor)
    log(
        f"accreditation.accreditation.{kind.replace('-', '_')}",
        actor=actor,
        body=acc.body_id,
        obj=acc,
        data={"number": acc.number, "on": on.isoformat(), "reason": reason, "scope": normative_document},
    )
    return event


# --- the conformity assessment bodies an accreditation body serves --------------------------------


def known_cabs(ab: Body) -> list[Body]:
    """The CABs the AB keeps a record of (registered by it) or has accredited, by name."""
    qs = Body.all_objects.filter(
        Q(managed_by=ab, kind__in=CAB_KINDS)
        | Q(pk__in=Accreditation.all_objects.filter(body=ab).values("cab_id"))
    )
    return list(qs.order_by("name"))


def cab_on_casys(slug: str) -> Body:
    """A CAB that runs its own workspace on casys, named by its short name (its registry identifier)."""
    cab = Body.all_objects.filter(slug=slug.strip(), kind__in=CAB_KINDS, is_active=True).first()
    if cab is None:
        raise AccreditationInputError(
            "cab_slug: " + _("no conformity assessment body with the short name %(slug)s") % {"slug": slug}
        )
    return cab


@dataclass(frozen=True)
class CabInput:
    name: str
    kind: str
    country: str
    city: str = ""
    address: str = ""
    website: str = ""


@transaction.atomic
def register_cab(ab: Body, c: CabInput, *, actor: Actor = SYSTEM) -> Body:
    """Record a CAB that applied to the AB and does not run on casys: a body record kept by the AB."""
    if ab.kind != BodyKind.ACCREDITATION_BODY:
        raise AccreditationInputError(f"body: {ab.slug} is not an accreditation body")
    if not c.name.strip():
        raise AccreditationInputError("name: " + _("required"))
    if c.kind not in CAB_KINDS:
        raise AccreditationInputError("kind: " + _("not a kind of conformity assessment body"))
    if len(c.country.strip()) != 2 or not c.country.strip().isalpha():
        raise AccreditationInputError("country: " + _("an ISO 3166-1 alpha-2 code, e.g. LV"))
    if Body.all_objects.filter(managed_by=ab, name__iexact=c.name.strip()).exists():
        raise AccreditationInputError("name: " + _("%(name)s is already registered") % {"name": c.name})
    base = slugify(c.name)[:60] or "cab"
    slug, n = base, 1
    while Body.all_objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    cab = Body.all_objects.create(
        name=c.name.strip(),
        slug=slug,
        kind=c.kind,
        country=c.country.strip().upper(),
        city=c.city.strip(),
        address=c.address.strip(),
        website=c.website.strip(),
        managed_by=ab,
    )
    log(
        "accreditation.cab.registered",
        actor=actor,
        body=ab,
        obj=cab,
        data={"name": cab.name, "kind": cab.kind, "country": cab.country},
    )
    return cab
