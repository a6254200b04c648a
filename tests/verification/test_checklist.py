"""The verification checklist (docs/audits.md, "Coverage in product, inspection and verification
schemes"): the programme's profile — ISO 14064-3:2019's verification clauses — answered with
evidence; once kept, the opinion waits for every requirement in scope, the refusal naming them."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.requirements.services.catalogues import load_shipped
from casys.verification.models import ChecklistAnswer, EngagementStatus
from casys.verification.services import VerificationInputError, checklist
from casys.verification.services.engagements import complete_review, decide_opinion, import_statement
from tests.verification.conftest import INVENTORY, actor, client_for

pytestmark = pytest.mark.django_db
ON = date(2026, 2, 1)
DOC = "iso14064-3:2019"


@pytest.fixture
def loaded(db) -> None:  # type: ignore[no-untyped-def]
    load_shipped()


def _answer_all_but(engagement, verifier, *left_out: str) -> None:  # type: ignore[no-untyped-def]
    cov = checklist.coverage_of(engagement)
    assert cov is not None
    for r in cov.requirements:
        if r.uid not in left_out:
            checklist.answer(
                engagement, actor=actor(verifier), requirement=r.uid, evidence=f"seen {r.number}", on=ON
            )


def test_the_checklist_is_the_14064_3_profile_in_scope(loaded, engagement) -> None:  # type: ignore[no-untyped-def]
    with unscoped():
        cov = checklist.coverage_of(engagement)
    assert cov is not None and not cov.kept
    assert [r.uid for r in cov.requirements][:2] == [f"{DOC}/5.1.2", f"{DOC}/5.1.3"]
    assert f"{DOC}/6.1.2" in cov.uncovered and f"{DOC}/5" not in cov.uncovered


def test_an_answer_needs_an_id_of_the_profile_and_evidence(loaded, engagement, verifier) -> None:  # type: ignore[no-untyped-def]
    with unscoped():
        with pytest.raises(VerificationInputError) as exc:
            checklist.answer(engagement, actor=actor(verifier), requirement="9.9", evidence="x", on=ON)
        assert exc.value.field == "requirement" and "9.9" in str(exc.value)
        with pytest.raises(VerificationInputError) as exc:
            checklist.answer(engagement, actor=actor(verifier), requirement="6.1.2", evidence=" ", on=ON)
        assert exc.value.field == "evidence"
        assert not ChecklistAnswer.all_objects.exists()
        row = checklist.answer(
            engagement, actor=actor(verifier), requirement="6.1.2", evidence="risk file", on=ON
        )
        assert row.requirement.uid == f"{DOC}/6.1.2" and row.answered_by == verifier
        assert AuditEntry.all_objects.filter(action="verification.checklist.answered").count() == 1


def test_the_opinion_is_refused_while_a_requirement_in_scope_is_unanswered(
    loaded, engagement, verifier, reviewer
) -> None:  # type: ignore[no-untyped-def]
    with unscoped():
        import_statement(engagement, actor=SYSTEM, text=INVENTORY)
        _answer_all_but(engagement, verifier, f"{DOC}/5.1.7", f"{DOC}/6.1.2")
        complete_review(engagement, actor=actor(reviewer), on=ON)
        with pytest.raises(VerificationInputError) as exc:
            decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
        assert exc.value.field == "checklist"
        assert f"{DOC}/5.1.7, {DOC}/6.1.2" in str(exc.value) and "2 requirement(s)" in str(exc.value)
        engagement.refresh_from_db()
        assert engagement.status == EngagementStatus.REVIEW and not engagement.opinion
        _answer_all_but(engagement, verifier)
        assert (
            decide_opinion(engagement, actor=SYSTEM, opinion="unmodified").status == EngagementStatus.DECIDED
        )


def test_an_engagement_without_a_checklist_is_decided_as_before(loaded, engagement, reviewer) -> None:  # type: ignore[no-untyped-def]
    with unscoped():
        import_statement(engagement, actor=SYSTEM, text=INVENTORY)
        complete_review(engagement, actor=actor(reviewer), on=ON)
        assert checklist.blocking(engagement) is None


def test_the_plan_page_shows_the_checklist_and_a_verifier_answers_through_the_form(
    loaded, engagement, verifier
) -> None:  # type: ignore[no-untyped-def]
    c = client_for(verifier)
    base = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/plan/"
    html = c.get(base).content.decode()
    assert 'id="checklist-table"' in html and f"{DOC}/6.1.2" in html
    refused = c.post(f"{base}checklist/answer/", {"requirement": "9.9", "evidence": "typed"})
    assert (
        refused.status_code == 200
        and "9.9" in refused.content.decode()
        and "typed" in refused.content.decode()
    )
    done = c.post(f"{base}checklist/answer/", {"requirement": "6.1.2", "evidence": "risk file"})
    assert done.status_code == 302
    with unscoped():
        assert ChecklistAnswer.all_objects.get(engagement=engagement).evidence == "risk file"
    html = c.get(base).content.decode()
    assert 'id="checklist-blocked"' in html and "risk file" in html
