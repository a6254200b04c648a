"""Step pages: import the client's statement and decide the opinion — roles, refusals named on the page."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.verification.models import Engagement, StatementLine
from casys.verification.services.engagements import complete_review, import_statement, record_misstatement
from tests.verification.conftest import INVENTORY, actor, client_for

pytestmark = pytest.mark.django_db


def _paths(e: Engagement) -> list[str]:
    base = f"/verification/{e.body.slug}/engagements/{e.pk}/"
    return [f"{base}import/", f"{base}review/", f"{base}opinion/"]


@pytest.mark.parametrize("who", ["vv_admin", "verifier"])
def test_the_administrator_and_verifiers_open_the_step_pages(request, engagement, who) -> None:
    client = client_for(request.getfixturevalue(who))
    for path in _paths(engagement):
        assert client.get(path).status_code == 200, path


def test_staff_without_the_verifier_role_get_403(engagement, vv_auditor) -> None:
    client = client_for(vv_auditor)
    for path in _paths(engagement):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {"statement": INVENTORY, "opinion": "unmodified"}).status_code == 403, path


def test_a_foreign_bodys_member_gets_404_and_changes_nothing(engagement, outsider) -> None:
    client = client_for(outsider)
    for path in _paths(engagement):
        assert client.post(path, {"statement": INVENTORY, "opinion": "unmodified"}).status_code == 404, path
    assert not StatementLine.all_objects.filter(engagement=engagement).exists()


def test_anonymous_is_sent_to_login(client, engagement) -> None:
    for path in _paths(engagement):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path


def test_a_bad_row_is_shown_with_row_and_column_and_the_text_is_kept(engagement, verifier) -> None:
    bad = INVENTORY + "leak,1,HFC-999,1,kg,1,kg/kg\n"
    response = client_for(verifier).post(_paths(engagement)[0], {"statement": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert "row 6, column gas" in html
    assert "leak,1,HFC-999" in html
    assert not StatementLine.all_objects.filter(engagement=engagement).exists()


def test_an_import_recomputes_and_returns_to_the_engagement(engagement, verifier) -> None:
    response = client_for(verifier).post(_paths(engagement)[0], {"statement": INVENTORY})
    assert response.status_code == 302
    assert StatementLine.all_objects.filter(engagement=engagement).count() == 4


def test_an_unmodified_opinion_is_refused_on_the_page_with_its_reason(engagement, verifier, reviewer) -> None:
    with unscoped():
        import_statement(engagement, actor=SYSTEM, text=INVENTORY)
        record_misstatement(
            engagement, actor=SYSTEM, kind="projected", amount=5_000, description="projection"
        )
        complete_review(engagement, actor=actor(reviewer), on=date(2026, 2, 1))
    client = client_for(verifier)
    html = client.post(_paths(engagement)[2], {"opinion": "unmodified"}).content.decode()
    assert "an unmodified opinion is refused" in html
    assert "reaching the materiality level" in html
    assert client.post(_paths(engagement)[2], {"opinion": "modified"}).status_code == 302
    engagement.refresh_from_db()
    assert engagement.opinion == "modified"


def test_a_verifier_and_the_reviewer_walk_the_engagement_to_a_signed_statement(
    engagement, verifier, reviewer
) -> None:
    base = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/"
    lead, rev = client_for(verifier), client_for(reviewer)
    assert lead.post(f"{base}import/", {"statement": INVENTORY}).status_code == 302
    # the team member may not review; the page says why
    assert (
        "only the assigned independent reviewer"
        in lead.post(f"{base}review/", {"comment": ""}).content.decode()
    )
    assert "Independent review" in rev.get(base).content.decode()
    assert rev.post(f"{base}review/", {"comment": "figures traced to invoices"}).status_code == 302
    assert lead.post(f"{base}opinion/", {"opinion": "unmodified"}).status_code == 302
    assert "Issue the statement" in lead.get(base).content.decode()
    assert lead.post(f"{base}issue/").status_code == 302
    engagement.refresh_from_db()
    assert (engagement.status, engagement.number) == (
        "issued",
        "VERA-VV-VS-2026-0001".replace("2026", str(engagement.issued_on.year)),
    )
    assert lead.get(f"{base}statement-en.pdf").status_code == 200


def test_the_review_and_issue_steps_are_refused_to_other_staff_and_outsiders(
    engagement, vv_auditor, outsider
) -> None:
    base = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/"
    assert client_for(vv_auditor).post(f"{base}review/", {}).status_code == 403
    assert client_for(vv_auditor).post(f"{base}issue/").status_code == 403
    assert client_for(outsider).post(f"{base}review/", {}).status_code == 404
    assert client_for(outsider).post(f"{base}issue/").status_code == 404


def test_misstatements_and_nonconformities_are_recorded_on_pages(
    engagement, verifier, vv_auditor, outsider
) -> None:
    base = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/"
    lead = client_for(verifier)
    data = {"kind": "projected", "amount": "1200", "description": "MUS projection", "upper_limit": "2100"}
    assert lead.post(f"{base}misstatements/new/", data).status_code == 302
    nc = {"description": "monitoring plan not followed", "material": "on"}
    assert lead.post(f"{base}nonconformities/new/", nc).status_code == 302
    with unscoped():
        [m] = engagement.misstatements.all()
        [n] = engagement.nonconformities.all()
    assert (m.kind, m.amount, m.upper_limit, n.material, n.closed) == ("projected", 1200, 2100, True, False)
    html = lead.post(f"{base}misstatements/new/", data | {"kind": "guessed"}).content.decode()
    assert "Select a valid choice" in html and "MUS projection" in html
    for path in (f"{base}misstatements/new/", f"{base}nonconformities/new/"):
        assert client_for(vv_auditor).post(path, data).status_code == 403
        assert client_for(outsider).post(path, data).status_code == 404
