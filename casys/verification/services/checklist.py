"""The verification checklist of an engagement: the programme's requirement profile (ISO
14064-3:2019's verification clauses unless the programme has its own), each requirement answered
with evidence; the opinion waits for every requirement in scope once the checklist is kept
(the same coverage as management-system audits: casys.core.coverage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from casys.auditlog.services import Actor, log
from casys.core import coverage
from casys.requirements.models import Profile, Requirement
from casys.requirements.services import catalogues
from casys.verification.models import ChecklistAnswer, Engagement, EngagementStatus
from casys.verification.services import VerificationInputError

#: The profile an engagement uses when its programme has none of its own.
DEFAULT_SCHEME = "ghg-verification"
CLAUSE = "ISO 14064-3:2019"


def profile_of(engagement: Engagement) -> Profile | None:
    """The programme's profile, else ISO 14064-3's; None when neither is loaded."""
    for key in (engagement.programme, DEFAULT_SCHEME):
        try:
            return catalogues.profile_for(key)
        except catalogues.UnknownProfile:
            continue
    return None


@dataclass(frozen=True)
class ChecklistCoverage:
    requirements: list[Requirement]
    answers: dict[str, ChecklistAnswer]
    matrix: coverage.Matrix

    @property
    def uncovered(self) -> tuple[str, ...]:
        return self.matrix.uncovered

    @property
    def kept(self) -> bool:
        """Whether the checklist is kept (an answer recorded): then it holds the opinion."""
        return bool(self.answers)

    def rows(self) -> list[tuple[Requirement, ChecklistAnswer | None]]:
        return [(r, self.answers.get(r.uid)) for r in self.requirements]


def coverage_of(engagement: Engagement) -> ChecklistCoverage | None:
    profile = profile_of(engagement)
    if profile is None:
        return None
    scope = catalogues.in_scope(profile)
    answers = {
        a.requirement.uid: a
        for a in ChecklistAnswer.all_objects.filter(engagement=engagement).select_related("requirement")
    }
    matrix = coverage.matrix([r.uid for r in scope], [(engagement.number or "engagement", set(answers))])
    return ChecklistCoverage(scope, answers, matrix)


def blocking(engagement: Engagement) -> str | None:
    """Why the opinion cannot be decided yet: requirements in scope unanswered on a kept checklist."""
    cov = coverage_of(engagement)
    if cov is None or not cov.kept:
        return None
    return coverage.blocking_reason(
        cov.uncovered, what="not answered on the verification checklist", clause=CLAUSE
    )


@transaction.atomic
def answer(
    engagement: Engagement, *, actor: Actor, requirement: str, evidence: str, on: date
) -> ChecklistAnswer:
    """Answer one requirement of the profile with its evidence (a second answer replaces it)."""
    if engagement.status in (EngagementStatus.DECIDED, EngagementStatus.ISSUED):
        raise VerificationInputError("status", "the opinion is decided: the engagement is no longer changed")
    profile = profile_of(engagement)
    if profile is None:
        raise VerificationInputError("requirement", "no requirement profile is loaded for the programme")
    try:
        found = catalogues.resolve(profile, [requirement.strip()])[0]
    except catalogues.UnknownRequirement as exc:
        raise VerificationInputError("requirement", str(exc)) from exc
    if found.uid not in {r.uid for r in catalogues.in_scope(profile)}:
        raise VerificationInputError("requirement", f"{found.uid}: informative, not a requirement to answer")
    evidence = evidence.strip()
    if not evidence:
        raise VerificationInputError("evidence", "say what evidence was seen")
    row, _created = ChecklistAnswer.all_objects.update_or_create(
        engagement=engagement,
        requirement=found,
        defaults={"evidence": evidence, "answered_by": actor.user, "answered_on": on},
    )
    log(
        "verification.checklist.answered",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={"requirement": found.uid, "evidence": evidence},
    )
    return row
