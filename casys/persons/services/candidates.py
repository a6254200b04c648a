"""Candidates, applications, evidence of prerequisites and the eligibility check (17024 9.1, 9.2)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db import transaction

from casys.accounts.models import Body
from casys.auditlog.services import Actor, log
from casys.persons.models import Application, ApplicationStatus, Candidate, Evidence, Relation, RelationKind
from casys.persons.services import PersonsInputError, persons_part, scheme

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
NUMERIC = ("training_hours", "experience_months")


@transaction.atomic
def register_candidate(
    body: Body, *, actor: Actor, full_name: str, email: str = "", user: Any = None
) -> Candidate:
    if not full_name.strip():
        raise PersonsInputError("full_name", "is required")
    c = Candidate.all_objects.create(body=body, full_name=full_name.strip(), email=email.strip(), user=user)
    log("persons.candidate.registered", actor=actor, body=body, obj=c, data={"name": c.full_name})
    return c


def candidate_of(body: Body, user: Any) -> Candidate:
    """The candidate record of a signed-in candidate (made on first visit from their account)."""
    found = Candidate.all_objects.filter(body=body, user=user).first()
    if found is not None:
        return found
    return Candidate.all_objects.create(
        body=body, user=user, full_name=user.full_name or user.email, email=user.email
    )


@transaction.atomic
def apply(candidate: Candidate, *, actor: Actor, scheme_id: str, scope: str, on: date) -> Application:
    s = scheme(scheme_id)
    p = persons_part(scheme_id)
    if scope not in p.scopes:
        raise PersonsInputError("scope", f"{scope!r} is not a scope of {s.title} ({', '.join(p.scopes)})")
    a = Application.all_objects.create(
        body=candidate.body, candidate=candidate, scheme_id=scheme_id, scope=scope, submitted_on=on
    )
    log(
        "persons.application.submitted",
        actor=actor,
        body=candidate.body,
        obj=a,
        data={"scheme": scheme_id, "scope": scope},
    )
    return a


@transaction.atomic
def upload_evidence(
    application: Application,
    *,
    actor: Actor,
    requirement: str,
    value: str,
    filename: str,
    content: bytes,
    on: date,
) -> Evidence:
    """Record one prerequisite's evidence with its file's SHA-256 and size."""
    needed = persons_part(application.scheme_id).prerequisite_for(application.scope).required()
    if requirement not in needed:
        raise PersonsInputError("requirement", f"the scheme asks for {', '.join(needed) or 'no evidence'}")
    value = value.strip()
    if requirement in NUMERIC:
        try:
            if float(value) < 0:
                raise ValueError
        except ValueError:
            raise PersonsInputError("value", f"give the number of {requirement.replace('_', ' ')}") from None
    if not value:
        raise PersonsInputError("value", "is required")
    if not content:
        raise PersonsInputError("file", "upload the document that shows it")
    if len(content) > MAX_EVIDENCE_BYTES:
        raise PersonsInputError("file", f"is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MiB")
    ev = Evidence.all_objects.create(
        body=application.body,
        application=application,
        requirement=requirement,
        value=value,
        filename=filename[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        uploaded_on=on,
    )
    log(
        "persons.evidence.uploaded",
        actor=actor,
        body=application.body,
        obj=ev,
        data={"requirement": requirement, "value": value, "sha256": ev.sha256, "size": ev.size},
    )
    return ev


def unmet_prerequisite(application: Application) -> str | None:
    """The first prerequisite the evidence does not meet, named with what the scheme asks; None if all are."""
    pre = persons_part(application.scheme_id).prerequisite_for(application.scope)
    shown: dict[str, list[str]] = {}
    for ev in Evidence.all_objects.filter(application=application):
        shown.setdefault(ev.requirement, []).append(ev.value)
    for req in pre.required():
        values = shown.get(req)
        if not values:
            return f"{req}: no evidence uploaded"
        if req in NUMERIC:
            needed = getattr(pre, req)
            total = sum(float(v) for v in values)
            if total < needed:
                return f"{req}: {total:g} shown, the scheme asks for at least {needed}"
    return None


@transaction.atomic
def check_eligibility(application: Application, *, actor: Actor) -> Application:
    unmet = unmet_prerequisite(application)
    application.status = ApplicationStatus.INELIGIBLE if unmet else ApplicationStatus.ELIGIBLE
    application.eligibility_note = unmet or ""
    application.save(update_fields=["status", "eligibility_note"])
    log(
        "persons.application.checked",
        actor=actor,
        body=application.body,
        obj=application,
        data={"status": application.status, "unmet": unmet},
    )
    return application


@transaction.atomic
def declare_relation(
    body: Body, *, actor: Actor, person: Any, candidate: Candidate, kind: str, on: date
) -> Relation:
    if kind not in RelationKind.values:
        raise PersonsInputError("kind", f"choose one of {', '.join(RelationKind.values)}")
    rel = Relation.all_objects.create(
        body=body, person=person, candidate=candidate, kind=kind, declared_on=on
    )
    log(
        "persons.relation.declared",
        actor=actor,
        body=body,
        obj=rel,
        data={"person": person.email, "candidate": candidate.full_name, "kind": kind},
    )
    return rel


@transaction.atomic
def set_consent(candidate: Candidate, *, actor: Actor, publish: bool) -> Candidate:
    candidate.publish_consent = publish
    candidate.save(update_fields=["publish_consent"])
    log(
        "persons.candidate.consent",
        actor=actor,
        body=candidate.body,
        obj=candidate,
        data={"publish": publish},
    )
    return candidate
