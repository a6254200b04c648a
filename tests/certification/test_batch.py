"""Type 1b (ISO/IEC 17067:2013 5.3.3): a batch certified on a sample drawn by the scheme's plan.

The sample size and Ac/Re of a 5,000-unit lot at inspection level II, AQL 1.0 (the example scheme's
choices) are ISO 2859-1's: code letter L, n = 200, Ac 5, Re 6 (MIL-STD-105E Table I and Table II-A,
the tables ISO 2859-1 reproduces; computed by casys.core.sampling, whose tests cite them)."""

from __future__ import annotations

import pytest

from casys.accounts.scoping import unscoped
from casys.certification.models import Application, Batch, Certificate
from casys.certification.services import CertificationError, auditors, products
from casys.certification.services.products import BatchInput, PartyInput, ProductInput
from tests.certification.test_product_pages import _pdf_text
from tests.certification.test_products import TODAY, run_initial

pytestmark = pytest.mark.django_db
BASE = "/certification/alpha-cert"


def batch_application(body, client, lot_size="5000", identification="LOT 2026-014") -> Application:  # type: ignore[no-untyped-def]
    with unscoped():
        return products.create_product_application(
            body,
            client,
            scheme_id="type1b-fasteners",
            products=[ProductInput("Hexagon bolt", "M12x60 8.8", ratings="property class 8.8")],
            manufacturer=PartyInput("Müller Präzisionsteile GmbH", "Stuttgart", "DE"),
            factories=[PartyInput("Werk Esslingen", "Fabrikweg 2, Esslingen", "DE")],
            received_on=TODAY,
            batch=BatchInput(identification, lot_size),
        )


@pytest.fixture
def bapp(body_a, cert_client) -> Application:  # type: ignore[no-untyped-def]
    return batch_application(body_a, cert_client)


def test_the_batch_gets_the_sample_its_plan_draws_and_the_scope_names_it(bapp) -> None:
    with unscoped():
        lot = Batch.all_objects.get(application=bapp)
    assert (lot.lot_size, lot.sample_size, lot.accept_number, lot.reject_number, lot.code_letter) == (
        5000,
        200,
        5,
        6,
        "L",
    )
    assert "Batch LOT 2026-014: 5000 units; sample of 200" in bapp.scope


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"identification": ""}, "^batch.identification: type1b-fasteners certifies a batch"),
        ({"lot_size": "many"}, "^batch.lot_size: 'many' is not a number of units"),
        ({"lot_size": "0"}, "^batch.lot_size: '0' is not a number of units"),
        ({"identification": "L" * 121}, "^batch.identification: is 121 characters long; at most 120"),
    ],
)
def test_a_batch_without_identification_or_size_is_refused_and_nothing_is_saved(
    body_a, cert_client, kw, message
) -> None:
    with pytest.raises(CertificationError, match=message):
        batch_application(body_a, cert_client, **kw)
    assert not Application.all_objects.exists() and not Batch.all_objects.exists()


def test_a_scheme_without_a_plan_refuses_a_batch(body_a, cert_client) -> None:
    with unscoped(), pytest.raises(CertificationError, match="^batch: type5-electrical certifies no batch"):
        products.create_product_application(
            body_a,
            cert_client,
            scheme_id="type5-electrical",
            products=[ProductInput("Kettle", "WK-1")],
            manufacturer=PartyInput("M", "", "DE"),
            factories=[PartyInput("F", "A", "DE")],
            received_on=TODAY,
            batch=BatchInput("LOT 1", "100"),
        )


def _through_activities(app: Application, body) -> None:  # type: ignore[no-untyped-def]
    with unscoped():
        ines = auditors.create_auditor(body, name="Ines Inspector")
    run_initial(app, ines)


def test_a_sample_over_ac_rejects_the_batch_and_the_grant_is_refused(bapp, body_a, owner) -> None:
    _through_activities(bapp, body_a)
    with unscoped():
        with pytest.raises(CertificationError, match="^batch: record what the sample"):
            products.take_product_decision(bapp, outcome="grant", review_notes="r", user=owner, on=TODAY)
        with pytest.raises(
            CertificationError, match="^examined: the plan draws 200 units from this batch; 150"
        ):
            products.record_batch_result(bapp, examined=150, nonconforming=0, on=TODAY)
        products.record_batch_result(bapp, examined=200, nonconforming=6, on=TODAY)
        with pytest.raises(
            CertificationError, match="^batch: 6 nonconforming units in the sample of 200 exceed Ac 5"
        ):
            products.take_product_decision(bapp, outcome="grant", review_notes="r", user=owner, on=TODAY)
        assert not Certificate.all_objects.exists()


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_an_accepted_batch_is_certified_and_its_certificate_names_lot_and_sample(
    bapp, body_a, cert_client, owner, owner_client, language
) -> None:
    _through_activities(bapp, body_a)
    with unscoped():
        cert_client.language = language
        cert_client.save()
        products.record_batch_result(bapp, examined=200, nonconforming=5, on=TODAY)  # 5 = Ac: accepted
        products.take_product_decision(bapp, outcome="grant", review_notes="r", user=owner, on=TODAY)
        cert = Certificate.all_objects.get()
    assert "Batch LOT 2026-014: 5000 units; sample of 200" in cert.scope
    page = owner_client.get(f"{BASE}/product-applications/{bapp.pk}/").content.decode()
    assert 'data-accepted="yes"' in page and 'id="lot-size">5000<' in page and 'id="sample-size">200<' in page
    text = _pdf_text(owner_client.get(f"{BASE}/certificates/{cert.pk}/product-pdf/").content)
    assert "LOT 2026-014: 5000 units; sample of 200" in text and "Ac 5 / Re 6; 5 nonconforming" in text
    assert "Batch certified" in text
    localised = {"fr": "Lot certifié", "ru": "Сертифицированная партия"}
    if language in localised:
        assert localised[language] in text


def test_the_application_form_takes_the_batch_and_a_refusal_keeps_it(
    body_a, cert_client, owner_client
) -> None:
    url = f"{BASE}/clients/{cert_client.pk}/product-applications/"
    form = {
        "scheme": "type1b-fasteners",
        "product_name": ["Hexagon bolt"],
        "type_designation": ["M12x60"],
        "manufacturer_name": "Müller",
        "manufacturer_country": "DE",
        "factory_name": ["Werk Esslingen"],
        "factory_address": ["Fabrikweg 2"],
        "factory_country": ["DE"],
        "batch_identification": "LOT 9",
        "batch_lot_size": "lots",
    }
    response = owner_client.post(url, form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "batch.lot_size: &#x27;lots&#x27; is not a number of units" in html and 'value="LOT 9"' in html
    response = owner_client.post(url, {**form, "batch_lot_size": "1200"})
    assert response.status_code == 302
    lot = Batch.all_objects.get()
    assert (lot.lot_size, lot.sample_size) == (1200, 80)  # code letter J (ISO 2859-1 Table 1, level II)


def test_recording_the_sample_needs_an_auditing_role(bapp, body_a, outsider_client) -> None:
    from casys.accounts.models import Role
    from tests.certification.test_product_pages import role_client

    with unscoped():
        products.review_product_application(bapp, on=TODAY)
    url = f"{BASE}/product-applications/{bapp.pk}/batch/"
    form = {"examined": "200", "nonconforming": "0"}
    assert outsider_client.post(url, form).status_code == 404
    assert role_client(body_a, Role.ANALYST).post(url, form).status_code == 403
    assert role_client(body_a, Role.AUDITOR).post(url, form).status_code == 302
    assert Batch.all_objects.get().nonconforming == 0
