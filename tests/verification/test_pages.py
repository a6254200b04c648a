"""Pages × roles: administrator and verifiers of the body read; other staff 403; a foreign body's member and
a client contact 404; anonymous to login. Every page, with an issued statement so the PDF page exists."""

from __future__ import annotations

from datetime import date

import pytest

from casys.accounts.models import Body, BodyKind, Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.verification.models import Engagement
from casys.verification.services.engagements import complete_review, decide_opinion, import_statement
from casys.verification.services.statements import issue_statement
from tests.conftest import make_body, make_user
from tests.documents.pdftext import pdf_text
from tests.verification.conftest import INVENTORY, actor, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(engagement, reviewer):
    with unscoped():
        import_statement(engagement, actor=SYSTEM, text=INVENTORY)
        complete_review(engagement, actor=actor(reviewer), on=date(2026, 2, 1))
        decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
        return issue_statement(engagement, actor=SYSTEM, on=date(2026, 3, 1))


def _pages(e) -> list[str]:
    base = f"/verification/{e.body.slug}/"
    return [
        base,
        f"{base}engagements/{e.pk}/",
        f"{base}engagements/{e.pk}/correct/",
        *(f"{base}engagements/{e.pk}/statement-{code}.pdf" for code in ("en", "fr", "ru")),
    ]


@pytest.mark.parametrize("who", ["vv_admin", "verifier", "reviewer"])
def test_the_bodys_verifiers_and_administrator_open_every_page(request, issued, who) -> None:
    client = client_for(request.getfixturevalue(who))
    for path in _pages(issued):
        assert client.get(path).status_code == 200, path


def test_staff_without_the_verifier_role_get_403(issued, vv_auditor) -> None:
    client = client_for(vv_auditor)
    for path in _pages(issued):
        assert client.get(path).status_code == 403, path


def test_a_foreign_bodys_member_gets_404(issued, outsider) -> None:
    client = client_for(outsider)
    for path in _pages(issued):
        assert client.get(path).status_code == 404, path


def test_a_verifier_of_another_vv_body_gets_404(issued) -> None:
    other = make_body("other-vv", kind=BodyKind.VALIDATION_VERIFICATION_BODY)
    user = make_user("v@other.example")
    Membership.all_objects.create(user=user, body=other, role=Role.VERIFIER)
    client = client_for(user)
    for path in _pages(issued):
        assert client.get(path).status_code == 404, path
    # and its own list shows none of the other body's engagements
    assert issued.title not in client.get("/verification/other-vv/").content.decode()


def test_a_client_contact_gets_404(issued, vv: Body) -> None:
    client_body = make_body("acme-cement", kind=BodyKind.CLIENT, managed_by=vv)
    user = make_user("contact@acme.example")
    Membership.all_objects.create(user=user, body=client_body, role=Role.CLIENT_CONTACT)
    client = client_for(user)
    for path in _pages(issued):
        assert client.get(path).status_code == 404, path


def test_anonymous_is_sent_to_login(client, issued) -> None:
    for path in _pages(issued):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path


def test_the_detail_page_shows_the_recomputed_figures_and_the_opinion(issued, verifier) -> None:
    html = (
        client_for(verifier)
        .get(f"/verification/{issued.body.slug}/engagements/{issued.pk}/")
        .content.decode()
    )
    for text in ("Acme Cement", issued.number, "unmodified", "PDF FR"):
        assert text in html


def test_the_pdf_page_serves_the_statement_in_its_language(issued, verifier) -> None:
    response = client_for(verifier).get(
        f"/verification/{issued.body.slug}/engagements/{issued.pk}/statement-ru.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert "Заключение о верификации" in pdf_text(response.content)


def test_a_statement_not_yet_issued_has_no_pdf(engagement, verifier) -> None:
    path = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/statement-en.pdf"
    assert client_for(verifier).get(path).status_code == 404


def test_a_verifier_opens_the_correction_of_an_issued_statement_from_its_page(issued, verifier) -> None:
    client = client_for(verifier)
    base = f"/verification/{issued.body.slug}/engagements/{issued.pk}/"
    assert 'id="correct-link"' in client.get(base).content.decode()
    refused = client.post(f"{base}correct/", {"reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    response = client.post(f"{base}correct/", {"reason": "the grid factor was last year's"})
    assert response.status_code == 302
    with unscoped():
        new = Engagement.all_objects.get(supersedes=issued)
    assert response["Location"] == f"/verification/{issued.body.slug}/engagements/{new.pk}/"
    # the old engagement links its correction and no longer offers another
    page = client.get(base).content.decode()
    assert 'id="successor"' in page and 'id="correct-link"' not in page
