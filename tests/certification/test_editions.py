"""A new edition of a product standard flags every standing certificate on the replaced edition for
re-evaluation (ISO/IEC 17065:2012 7.10), overdue after the transition; pages and permissions."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as HttpClient

from casys.accounts.models import Role
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Certificate, EditionChange, ReEvaluation
from casys.certification.services import CertificationError, editions
from tests.certification.test_product_pages import granted, papp, role_client  # noqa: F401  (fixtures)
from tests.certification.test_products import TODAY

pytestmark = pytest.mark.django_db
BASE = "/certification/alpha-cert"


def _change(body, **kw) -> EditionChange:  # type: ignore[no-untyped-def]
    fields = {
        "document": "IEC 60335-1",
        "old_edition": "",
        "new_edition": "2020",
        "published_on": TODAY,
        "transition_until": date(2026, 6, 30),
    }
    with unscoped():
        return editions.record_change(body, **{**fields, **kw})


def test_a_certificate_whose_products_name_the_replaced_edition_is_listed_and_becomes_overdue(
    body_a,
    granted,  # noqa: F811
    owner,
) -> None:
    change = _change(body_a)
    with unscoped():
        cert = Certificate.all_objects.get(application=granted)
        found = editions.affected(change, TODAY)
        assert [a.certificate for a in found] == [cert]
        assert found[0].references == ("IEC 60335-1 (example product standard)",)
        assert not found[0].overdue
        assert editions.affected(change, date(2026, 7, 1))[0].overdue
        editions.record_re_evaluation(
            change, cert, result="Type tests repeated to the 2020 edition", on=TODAY, user=owner
        )
        after = editions.affected(change, date(2026, 7, 1))[0]
        assert after.re_evaluation is not None and not after.overdue
        with pytest.raises(
            CertificationError, match="^certificate: .* re-evaluated for this edition already"
        ):
            editions.record_re_evaluation(change, cert, result="again", on=TODAY, user=owner)
    assert AuditEntry.all_objects.get(action="certification.edition.recorded").data["certificates"] == 1


def test_a_certificate_on_another_document_or_on_the_new_edition_is_not_listed(
    body_a,
    granted,  # noqa: F811
) -> None:
    with unscoped():
        assert editions.affected(_change(body_a, document="IEC 60335-2-15"), TODAY) == []
        assert editions.affected(_change(body_a, old_edition="2010"), TODAY) == []  # named, not this one


@pytest.mark.parametrize(
    ("field", "kw", "message"),
    [
        ("document", {"document": " "}, "name the normative document"),
        ("document", {"document": "IEC 60335-1:2010"}, "without its edition"),
        ("new_edition", {"new_edition": ""}, "give the new edition"),
        ("old_edition", {"old_edition": "2020"}, "is the new edition"),
        ("transition_until", {"transition_until": date(2025, 1, 1)}, "ends before"),
    ],
)
def test_bad_input_names_the_field_and_nothing_is_saved(body_a, field, kw, message) -> None:
    with pytest.raises(CertificationError, match=f"^{field}: .*{message}"):
        _change(body_a, **kw)
    assert not EditionChange.all_objects.exists()


def test_pages_for_every_role_and_a_foreign_body_and_the_re_evaluation_from_the_page(
    body_a,
    granted,  # noqa: F811
    owner_client,
    outsider_client,
    contact_client,
) -> None:
    change = _change(body_a)
    urls = [f"{BASE}/editions/", f"{BASE}/editions/{change.pk}/"]
    for url in urls:
        assert owner_client.get(url).status_code == 200
        assert outsider_client.get(url).status_code == 404
        assert contact_client.get(url).status_code == 404
        assert HttpClient().get(url).status_code == 302
    with unscoped():
        cert = Certificate.all_objects.get(application=granted)
    post = f"{BASE}/editions/{change.pk}/re-evaluate/"
    form = {"certificate": cert.pk, "result": "Confirmed against the 2020 edition"}
    assert outsider_client.post(post, form).status_code == 404
    auditor = role_client(body_a, Role.AUDITOR)
    assert (
        auditor.get(urls[1]).status_code == 200
        and "Record</button>" not in auditor.get(urls[1]).content.decode()
    )
    assert auditor.post(post, form).status_code == 403
    assert auditor.post(f"{BASE}/editions/new/", {"document": "X"}).status_code == 403
    assert not ReEvaluation.all_objects.exists()
    decider = role_client(body_a, Role.DECISION_MAKER)
    assert decider.post(post, form).status_code == 302
    page = owner_client.get(urls[1]).content.decode()
    assert f'data-certificate="{cert.number}" data-state="done"' in page


def test_a_manager_records_a_new_edition_from_the_page_and_a_refusal_keeps_what_was_typed(
    body_a,
    granted,  # noqa: F811
    owner_client,
) -> None:
    form = {
        "document": "IEC 60335-1",
        "new_edition": "2020",
        "published_on": "2026-01-05",
        "transition_until": "2025-01-01",
    }
    html = owner_client.post(f"{BASE}/editions/new/", form, follow=True).content.decode()
    assert "ends before" in html and 'value="IEC 60335-1"' in html
    assert not EditionChange.all_objects.exists()
    owner_client.post(f"{BASE}/editions/new/", {**form, "transition_until": "2026-12-31"})
    page = owner_client.get(f"{BASE}/editions/").content.decode()
    assert 'data-open="1"' in page
