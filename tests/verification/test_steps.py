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
    return [f"{base}import/", f"{base}opinion/"]


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
    html = client.post(_paths(engagement)[1], {"opinion": "unmodified"}).content.decode()
    assert "an unmodified opinion is refused" in html
    assert "reaching the materiality level" in html
    assert client.post(_paths(engagement)[1], {"opinion": "modified"}).status_code == 302
    engagement.refresh_from_db()
    assert engagement.opinion == "modified"
