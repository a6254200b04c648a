"""Auditors, their qualifications (scheme x IAF code) and declared conflicts."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Auditor, Client, Conflict, Qualification
from casys.certification.services import CertificationError
from casys.core.competence import IAF_CODES
from casys.core.schemes import available_schemes


def _check_scheme(field: str, scheme_id: str) -> None:
    if scheme_id not in available_schemes():
        raise CertificationError(f"{field}: unknown scheme {scheme_id!r}")


@transaction.atomic
def create_auditor(
    body: Body,
    *,
    name: str,
    user=None,
    leader_for: list[str] | None = None,
    actor: Actor = SYSTEM,  # type: ignore[no-untyped-def]
) -> Auditor:
    if not name.strip():
        raise CertificationError("name: the auditor needs a name")
    for s in leader_for or []:
        _check_scheme("leader_for", s)
    auditor = Auditor.all_objects.create(body=body, name=name.strip(), user=user, leader_for=leader_for or [])
    log("certification.auditor.created", actor=actor, body=body, obj=auditor, data={"name": auditor.name})
    return auditor


@transaction.atomic
def add_qualification(auditor: Auditor, scheme_id: str, code: int, *, actor: Actor = SYSTEM) -> Qualification:
    _check_scheme("scheme", scheme_id)
    if code not in IAF_CODES:
        raise CertificationError(f"iaf_code: {code!r} is not an IAF code (1-39, IAF ID 1)")
    q, _ = Qualification.all_objects.get_or_create(auditor=auditor, scheme=scheme_id, iaf_code=code)
    log(
        "certification.auditor.qualified",
        actor=actor,
        body=auditor.body_id,
        obj=auditor,
        data={"scheme": scheme_id, "iaf_code": code},
    )
    return q


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
