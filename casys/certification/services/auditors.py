"""Auditors, their dated qualifications (scheme, roles, IAF codes), the evidence, and declared conflicts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from casys.accounts.models import Body, Membership
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Auditor, Client, Conflict, Evidence, Qualification
from casys.certification.models.auditor import EvidenceKind
from casys.certification.services import CertificationError, checked
from casys.certification.services.engine import certification_schemes, scheme
from casys.core.competence import IAF_CODES, ROLES


def _check_scheme(field: str, scheme_id: str) -> None:
    if scheme_id not in certification_schemes():
        raise CertificationError(f"{field}: unknown scheme {scheme_id!r}")


def _check_user(body: Body, user, auditor: Auditor | None = None) -> None:  # type: ignore[no-untyped-def]
    """The sign-in linked to an auditor record: an active member of the body, on one record only."""
    if user is None:
        return
    if not user.is_active or not Membership.all_objects.filter(body=body, user=user).exists():
        raise CertificationError("user: not an active member of this body")
    taken = Auditor.all_objects.filter(body=body, user=user).exclude(pk=getattr(auditor, "pk", None))
    if taken.exists():
        raise CertificationError(f"user: already linked to the auditor record {taken.first().name!r}")  # type: ignore[union-attr]


def unlinked_namesakes(team: Iterable[Auditor], user) -> list[Auditor]:  # type: ignore[no-untyped-def]
    """Records on ``team`` that are not linked to a sign-in, not confirmed to be another person, and
    carry ``user``'s name in some case or Unicode form: whose they are is unresolved."""
    if not user.full_name:
        return []
    me = _key(user.full_name)
    return [a for a in team if a.user_id is None and not a.other_person and _key(a.name) == me]


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _check_namesake(body: Body, name: str, user, other_person: bool) -> None:  # type: ignore[no-untyped-def]
    """An auditor record without a sign-in whose name is a member's (in any case or Unicode form) is
    refused until it is linked to that member, or confirmed to be another person.

    Rules compare people by their sign-in (:attr:`Auditor.identity`); this keeps a person who signs in
    from having a record that is not linked to them, and so from escaping those rules.
    """
    if user is not None or other_person:
        return
    for m in Membership.all_objects.filter(body=body).select_related("user"):
        if m.user.full_name and _key(m.user.full_name) == _key(name):
            raise CertificationError(
                f"user: {m.user.full_name} <{m.user.email}> signs in to this body: link the record to "
                "their sign-in, or confirm that the auditor is another person of the same name"
            )


@transaction.atomic
def create_auditor(
    body: Body,
    *,
    name: str,
    user=None,
    leader_for: list[str] | None = None,
    other_person: bool = False,
    actor: Actor = SYSTEM,  # type: ignore[no-untyped-def]
) -> Auditor:
    """An auditor record; ``leader_for`` schemes get an open-ended team-leader qualification."""
    if not name.strip():
        raise CertificationError("name: the auditor needs a name")
    name = checked("name", name, 200)
    for s in leader_for or []:
        _check_scheme("leader_for", s)
    _check_user(body, user)
    _check_namesake(body, name, user, other_person)
    auditor = Auditor.all_objects.create(
        body=body, name=name.strip(), user=user, other_person=other_person and user is None
    )
    log(
        "certification.auditor.created",
        actor=actor,
        body=body,
        obj=auditor,
        data={"name": auditor.name, "user": getattr(user, "pk", None)},
    )
    for s in leader_for or []:
        add_qualification(auditor, s, roles=["team_leader"], actor=actor)
    return auditor


@transaction.atomic
def update_auditor(  # type: ignore[no-untyped-def]
    auditor: Auditor, *, name: str, user, other_person: bool = False, actor: Actor = SYSTEM
) -> Auditor:
    """Rename an auditor record or link it to (or unlink it from) the user the person signs in as."""
    if not name.strip():
        raise CertificationError("name: the auditor needs a name")
    name = checked("name", name, 200)
    _check_user(auditor.body, user, auditor)
    _check_namesake(auditor.body, name, user, other_person)
    auditor.name, auditor.user = name.strip(), user
    auditor.other_person = other_person and user is None
    auditor.save(update_fields=["name", "user", "other_person"])
    log(
        "certification.auditor.updated",
        actor=actor,
        body=auditor.body_id,
        obj=auditor,
        data={"name": auditor.name, "user": getattr(user, "pk", None)},
    )
    return auditor


def clean_areas(scheme_id: str, areas: Iterable[str]) -> list[str]:
    """The knowledge areas of a qualification, each one the scheme's sector competence names."""
    areas = list(dict.fromkeys(a.strip() for a in areas if a.strip()))
    if not areas:
        return []
    criteria = scheme(scheme_id).sector_competence
    known = dict(criteria.areas) if criteria else {}
    for a in areas:
        if a not in known:
            raise CertificationError(
                f"areas: {a!r} is not a knowledge area of {scheme_id}"
                + (f" (expected one of: {', '.join(known)})" if known else " (the scheme names none)")
            )
    return areas


def _clean(
    scheme_id: str,
    roles: Iterable[str],
    codes: Iterable[int],
    valid_from: date | None,
    valid_until: date | None,
) -> tuple[list[str], list[int]]:
    _check_scheme("scheme", scheme_id)
    roles = list(dict.fromkeys(roles))
    if not roles:
        raise CertificationError("roles: choose at least one role")
    for r in roles:
        if r not in ROLES:
            raise CertificationError(f"roles: {r!r} is not one of {', '.join(ROLES)}")
    codes = sorted(set(codes))
    for c in codes:
        if isinstance(c, bool) or c not in IAF_CODES:
            raise CertificationError(f"iaf_codes: {c!r} is not an IAF code (1-39, IAF ID 1)")
    if "auditor" in roles and not codes:
        raise CertificationError("iaf_codes: an auditor is qualified in at least one IAF code")
    if valid_from and valid_until and valid_until < valid_from:
        raise CertificationError(f"valid_until: {valid_until} is before valid from {valid_from}")
    return roles, codes


@transaction.atomic
def add_qualification(
    auditor: Auditor,
    scheme_id: str,
    codes: int | Iterable[int] = (),
    *,
    roles: Iterable[str] = ("auditor",),
    valid_from: date | None = None,
    valid_until: date | None = None,
    areas: Iterable[str] = (),
    actor: Actor = SYSTEM,
) -> Qualification:
    """Qualify an auditor for a scheme in roles and IAF codes between two days (None: open end),
    with the knowledge ``areas`` of the scheme's sector competence criteria (e.g. ISO 7101)."""
    codes = [codes] if isinstance(codes, int) else list(codes)
    roles, codes = _clean(scheme_id, roles, codes, valid_from, valid_until)
    q = Qualification.all_objects.create(
        auditor=auditor,
        scheme=scheme_id,
        roles=roles,
        iaf_codes=codes,
        valid_from=valid_from,
        valid_until=valid_until,
        areas=clean_areas(scheme_id, areas),
    )
    log("certification.auditor.qualified", actor=actor, body=auditor.body_id, obj=auditor, data=_data(q))
    return q


def _data(q: Qualification) -> dict:  # type: ignore[type-arg]
    return {
        "qualification": q.pk,
        "scheme": q.scheme,
        "roles": q.roles,
        "iaf_codes": q.iaf_codes,
        "valid_from": q.valid_from,
        "valid_until": q.valid_until,
        "areas": q.areas,
    }


@transaction.atomic
def update_qualification(
    q: Qualification,
    *,
    scheme_id: str,
    roles: Iterable[str],
    codes: Iterable[int],
    valid_from: date | None,
    valid_until: date | None,
    areas: Iterable[str] | None = None,
    actor: Actor = SYSTEM,
) -> Qualification:
    q.roles, q.iaf_codes = _clean(scheme_id, roles, codes, valid_from, valid_until)
    if areas is not None:
        q.areas = clean_areas(scheme_id, areas)
    q.scheme, q.valid_from, q.valid_until = scheme_id, valid_from, valid_until
    q.save()
    log(
        "certification.auditor.qualification_changed",
        actor=actor,
        body=q.auditor.body_id,
        obj=q.auditor,
        data=_data(q),
    )
    return q


@transaction.atomic
def end_qualification(q: Qualification, on: date, *, actor: Actor = SYSTEM) -> Qualification:
    """End a qualification: it is valid until ``on`` and no longer after."""
    if q.valid_from and on < q.valid_from:
        raise CertificationError(f"valid_until: {on} is before valid from {q.valid_from}")
    if q.valid_until and q.valid_until < on:
        raise CertificationError(f"valid_until: the qualification already ended on {q.valid_until}")
    q.valid_until = on
    q.save(update_fields=["valid_until"])
    log(
        "certification.auditor.qualification_ended",
        actor=actor,
        body=q.auditor.body_id,
        obj=q.auditor,
        data=_data(q),
    )
    return q


@transaction.atomic
def add_evidence(
    q: Qualification, *, kind: str, description: str, on: date, reference: str = "", actor: Actor = SYSTEM
) -> Evidence:
    """Record what a qualification rests on: a training record or a witnessed audit."""
    if kind not in EvidenceKind.values:
        raise CertificationError(f"kind: {kind!r} is not one of {', '.join(EvidenceKind.values)}")
    if not description.strip():
        raise CertificationError("description: say what the evidence is (course, audit witnessed)")
    e = Evidence.all_objects.create(
        qualification=q, kind=kind, description=description.strip(), on=on, reference=reference.strip()
    )
    log(
        "certification.auditor.evidence",
        actor=actor,
        body=q.auditor.body_id,
        obj=q.auditor,
        data={"qualification": q.pk, "kind": kind, "on": on, "reference": e.reference},
    )
    return e


@transaction.atomic
def declare_conflict(
    auditor: Auditor, client: Client, kind: str, ended: date | None, *, actor: Actor = SYSTEM
) -> Conflict:
    if not kind.strip():
        raise CertificationError("kind: name the conflict (e.g. consultancy)")
    if client.body_id != auditor.body_id:
        raise CertificationError("client: not a client of this body")
    conflict = Conflict.all_objects.create(auditor=auditor, client=client, kind=kind.strip(), ended=ended)
    log(
        "certification.auditor.conflict",
        actor=actor,
        body=auditor.body_id,
        obj=auditor,
        data={"client": client.organisation.name, "kind": conflict.kind, "ended": ended},
    )
    return conflict
