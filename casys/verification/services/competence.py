"""Competence of the verification team (ISO 14065:2020 6.3, ISO 14066): sector and GHG programme.

A body keeps a register of its verifiers' competences; once it does (any
competence recorded), a team is checked at assignment: someone on it must be
competent for the engagement's programme and, once the plan names it, for the
client's sector — a refusal names what is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from casys.accounts.models import Body, Membership, Role, User
from casys.auditlog.services import Actor, log
from casys.verification.models import CompetenceKind, Engagement, VerifierCompetence
from casys.verification.services import VerificationInputError


def keeps_register(body: Body) -> bool:
    """Whether the body records its verifiers' competences (then every team is checked)."""
    return VerifierCompetence.all_objects.filter(body=body).exists()


@transaction.atomic
def record_competence(body: Body, *, actor: Actor, user: User, kind: str, value: str) -> VerifierCompetence:
    """Record that ``user`` is competent for a sector or a GHG programme."""
    if kind not in CompetenceKind.values:
        raise VerificationInputError("kind", f"choose one of {', '.join(CompetenceKind.values)}")
    if not Membership.all_objects.filter(body=body, user=user, role=Role.VERIFIER, is_active=True).exists():
        raise VerificationInputError("user", f"{user.email} is not a verifier of {body.name}")
    value = value.strip()
    if not value:
        raise VerificationInputError("value", "is required")
    c, _created = VerifierCompetence.all_objects.get_or_create(body=body, user=user, kind=kind, value=value)
    log(
        "verification.competence.recorded",
        actor=actor,
        body=body,
        obj=c,
        data={"user": user.email, "kind": kind, "value": value},
    )
    return c


def missing_competence(engagement: Engagement, members: Sequence[User], sector: str = "") -> list[str]:
    """What no one of ``members`` is competent for: the engagement's programme, and ``sector`` if given."""
    needed = [(CompetenceKind.PROGRAMME, engagement.programme)]
    if sector:
        needed.append((CompetenceKind.SECTOR, sector))
    have = set(
        VerifierCompetence.all_objects.filter(body=engagement.body, user__in=list(members)).values_list(
            "kind", "value"
        )
    )
    have = {(k, v.casefold()) for k, v in have}
    return [f"{kind} {value}" for kind, value in needed if (kind, value.casefold()) not in have]


def check_team_competence(engagement: Engagement, members: Sequence[User], sector: str) -> None:
    """Refuse a team that lacks the programme's or the sector's competence, naming what is missing."""
    missing = missing_competence(engagement, members, sector)
    if missing:
        raise VerificationInputError("team", f"no one on the team is competent for {', '.join(missing)}")
