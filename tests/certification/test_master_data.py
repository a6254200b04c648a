"""Client master data: names, registration/VAT numbers, NACE code, contact persons, addresses —
services, pages (every role, a foreign body, anonymous) and the API with its full JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token
from casys.attestations.models import Attestation
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.certification.models import Address, ContactPerson
from casys.certification.services import CertificationError, clients
from casys.registry.services.importer import template_row
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _update(client: Any, **kw: Any) -> Any:
    fields = {
        "name": "Müller Präzisionsteile GmbH",
        "name_en": "Mueller Precision Parts GmbH",
        "language": "fr",
    }
    fields.update(kw)
    with unscoped():
        return clients.update_client(client, **fields)


def test_it_normalises_the_vat_number_and_the_nace_code(cert_client) -> None:
    _update(cert_client, registration_number="HRB 12345", vat_number="de 123.456.789", nace_code="25.62")
    cert_client.refresh_from_db()
    assert (cert_client.registration_number, cert_client.vat_number, cert_client.nace_code) == (
        "HRB 12345",
        "DE123456789",
        "C25.62",
    )
    assert cert_client.organisation.name_en == "Mueller Precision Parts GmbH"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"vat_number": "123456789"}, "vat_number: '123456789' needs its two-letter country prefix"),
        ({"vat_number": "DE12345678"}, "vat_number: 'DE12345678' does not have the form of a DE VAT number"),
        ({"vat_number": "GR123456789"}, "vat_number: 'GR123456789': Greek VAT numbers start with EL"),
        ({"nace_code": "25-62"}, "nace_code: '25-62' is not a NACE Rev. 2 code"),
        ({"nace_code": "04.1"}, "nace_code: 04 is not a NACE Rev. 2 division"),
        ({"nace_code": "A25.62"}, "nace_code: division 25 is in section C, not A"),
        ({"registration_number": "HRB <12>"}, "registration_number: letters, digits"),
        ({"name": " "}, "name: the client needs a name"),
    ],
)
def test_it_refuses_malformed_master_data_naming_the_field_and_writes_nothing(
    cert_client, fields, message
) -> None:
    with pytest.raises(CertificationError) as err:
        _update(cert_client, **fields)
    assert str(err.value).startswith(message)
    cert_client.refresh_from_db()
    assert cert_client.vat_number == "" and cert_client.organisation.name_en == "Müller Präzisionsteile GmbH"


def test_the_english_name_reaches_the_registry_and_its_certsearch_export(certified) -> None:
    _update(certified.client)
    with unscoped():
        row = template_row(Attestation.all_objects.get())
    assert row["certified_entity_name"] == "Müller Präzisionsteile GmbH"
    assert row["certified_entity_name_en"] == "Mueller Precision Parts GmbH"


def test_one_contact_person_is_primary(cert_client) -> None:
    with unscoped():
        first = clients.save_contact_person(
            cert_client, name="Stefan Müller", email="S.Mueller@Mueller.example"
        )
        second = clients.save_contact_person(cert_client, name="Eva Kern", function="QM", primary=True)
        first.refresh_from_db()
        assert (first.is_primary, second.is_primary, first.email) == (
            False,
            True,
            "s.mueller@mueller.example",
        )
        clients.remove_contact_person(second)
        first.refresh_from_db()
        assert first.is_primary
        with pytest.raises(CertificationError, match="^email: 'nope' is not an e-mail address"):
            clients.save_contact_person(cert_client, name="X", email="nope")
        with pytest.raises(CertificationError, match="^phone: "):
            clients.save_contact_person(cert_client, name="X", phone="call me")
        assert ContactPerson.all_objects.count() == 1


def test_addresses_have_a_kind_and_an_iso_country(cert_client) -> None:
    with unscoped():
        a = clients.save_address(
            cert_client,
            kind="registered",
            street="Industriestraße 4",
            postcode="70565",
            city="Stuttgart",
            country="de",
        )
        clients.save_address(cert_client, kind="site", street="Werkstraße 1", city="Esslingen", country="DE")
        assert str(a) == "Industriestraße 4, 70565 Stuttgart, DE"
        with pytest.raises(CertificationError, match="^country: give the ISO 3166-1 alpha-2 code"):
            clients.save_address(
                cert_client, kind="postal", street="Postfach 1", city="Stuttgart", country="DEU"
            )
        with pytest.raises(CertificationError, match="^kind: 'home' is not one of"):
            clients.save_address(cert_client, kind="home", street="x", city="y", country="DE")
        assert Address.all_objects.count() == 2
        assert AuditEntry.objects.filter(action="certification.client.address_saved").count() == 2


# --- pages ---------------------------------------------------------------------------------------


def _role_client(body: Any, role: str) -> HttpClient:
    user = make_user(f"{role}@alpha.example", role.title())
    Membership.all_objects.create(user=user, body=body, role=role)
    c = HttpClient()
    c.force_login(user)
    return c


def _urls(client: Any) -> list[str]:
    base = f"/certification/alpha-cert/clients/{client.pk}"
    with unscoped():
        p = clients.save_contact_person(client, name="Stefan Müller")
        a = clients.save_address(client, kind="site", street="Werkstraße 1", city="Esslingen", country="DE")
    return [
        f"{base}/edit/",
        f"{base}/contacts/new/",
        f"{base}/contacts/{p.pk}/",
        f"{base}/addresses/new/",
        f"{base}/addresses/{a.pk}/",
    ]


def test_the_owner_edits_and_other_roles_get_403_and_no_buttons(cert_client, body_a, owner_client) -> None:
    urls = _urls(cert_client)
    for url in urls:
        assert owner_client.get(url).status_code == 200, url
    page = owner_client.get(f"/certification/alpha-cert/clients/{cert_client.pk}/").content.decode()
    assert "Edit the master data" in page and "Add a contact person" in page and "Add an address" in page
    manager = _role_client(body_a, Role.SCHEME_MANAGER)
    assert manager.get(urls[0]).status_code == 200
    for role in (Role.AUDITOR, Role.DECISION_MAKER, Role.ANALYST, Role.REPORT_REVIEWER):
        c = _role_client(body_a, role)
        page = c.get(f"/certification/alpha-cert/clients/{cert_client.pk}/").content.decode()
        assert "Contact persons" in page and "Stefan Müller" in page, role
        assert "Edit the master data" not in page and "Add a contact person" not in page, role
        for url in urls:
            assert c.get(url).status_code == 403, (role, url)
            assert c.post(url, {"name": "X"}).status_code == 403, (role, url)


def test_a_foreign_body_gets_404_a_client_contact_404_and_anonymous_the_login(
    cert_client, outsider_client, contact_client
) -> None:
    urls = _urls(cert_client)
    for url in urls:
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {"name": "X"}).status_code == 404, url
        assert contact_client.get(url).status_code == 404, url
        response = HttpClient().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_a_refused_form_keeps_what_was_typed_and_shows_the_reason_next_to_the_field(
    cert_client, owner_client
) -> None:
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/edit/"
    data = {
        "name": "Müller Präzisionsteile GmbH",
        "name_en": "Mueller Precision Parts",
        "registration_number": "HRB 725123",
        "vat_number": "DE 12345",
        "nace_code": "C25.62",
        "language": "de",
    }
    html = owner_client.post(url, {**data, "language": "fr"}).content.decode()
    assert (
        'value="Mueller Precision Parts"' in html
        and 'value="HRB 725123"' in html
        and 'value="DE 12345"' in html
    )
    assert "does not have the form of a DE VAT number" in html
    # the reason sits in the VAT field's block, not in a message at the top
    field = html[html.index('id="id_vat_number"') - 600 : html.index('id="id_vat_number"')]
    assert "does not have the form of a DE VAT number" in field
    cert_client.refresh_from_db()
    assert cert_client.vat_number == ""
    response = owner_client.post(url, {**data, "vat_number": "DE123456789", "language": "fr"})
    assert response.status_code == 302
    cert_client.refresh_from_db()
    assert (cert_client.vat_number, cert_client.nace_code) == ("DE123456789", "C25.62")
    page = owner_client.get(f"/certification/alpha-cert/clients/{cert_client.pk}/").content.decode()
    assert "DE123456789" in page and "Mueller Precision Parts" in page


def test_the_owner_adds_edits_and_removes_contact_persons_and_addresses(cert_client, owner_client) -> None:
    base = f"/certification/alpha-cert/clients/{cert_client.pk}"
    owner_client.post(
        f"{base}/contacts/new/",
        {"name": "Stefan Müller", "function": "Quality manager", "email": "s@m.example", "language": "en"},
    )
    html = owner_client.post(
        f"{base}/contacts/new/", {"name": "Eva Kern", "email": "eva@", "language": "fr"}
    ).content.decode()
    assert 'value="Eva Kern"' in html and "is not an e-mail address" in html
    with unscoped():
        p = ContactPerson.all_objects.get()
    assert (p.name, p.function, p.is_primary) == ("Stefan Müller", "Quality manager", True)
    owner_client.post(
        f"{base}/contacts/{p.pk}/",
        {"name": "Stefan Müller", "function": "Quality manager", "phone": "+49 711 1234", "language": "fr"},
    )
    p.refresh_from_db()
    assert (p.phone, p.language) == ("+49 711 1234", "fr")
    owner_client.post(
        f"{base}/addresses/new/",
        {
            "kind": "registered",
            "street": "Industriestraße 4",
            "postcode": "70565",
            "city": "Stuttgart",
            "country": "DE",
        },
    )
    html = owner_client.post(
        f"{base}/addresses/new/", {"kind": "site", "street": "Werkstraße 1", "city": "", "country": "DE"}
    ).content.decode()
    assert 'value="Werkstraße 1"' in html and "required" in html
    with unscoped():
        a = Address.all_objects.get()
    page = owner_client.get(f"{base}/").content.decode()
    assert "Registered office" in page and "70565 Stuttgart" in page and "Quality manager" in page
    owner_client.post(f"{base}/addresses/{a.pk}/remove/")
    owner_client.post(f"{base}/contacts/{p.pk}/remove/")
    with unscoped():
        assert not Address.all_objects.exists() and not ContactPerson.all_objects.exists()


def test_a_contact_person_of_another_client_is_not_reached_through_this_one(
    cert_client, other_client, owner_client
) -> None:
    with unscoped():
        theirs = clients.save_contact_person(other_client, name="Hidden")
    url = f"/certification/alpha-cert/clients/{cert_client.pk}/contacts/{theirs.pk}/"
    assert owner_client.get(url).status_code == 404


# --- API -----------------------------------------------------------------------------------------


def _api(method: str, path: str, token: str | None, data: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    c = HttpClient()
    call = getattr(c, method)
    if data is None:
        return call(f"/api/v1/certification{path}", **headers)
    return call(f"/api/v1/certification{path}", data, content_type="application/json", **headers)


@pytest.fixture
def tokens(owner, team, outsider, body_a, body_b) -> dict[str, str]:
    return {
        "owner": create_token(user=owner, body=body_a, name="t", actor=SYSTEM)[1],
        "team": create_token(user=team, body=body_a, name="t", actor=SYSTEM)[1],
        "outsider": create_token(user=outsider, body=body_b, name="t", actor=SYSTEM)[1],
    }


def test_the_api_gives_and_changes_the_master_data_with_the_full_json(cert_client, tokens) -> None:
    pk = cert_client.pk
    body = {
        "name": "Müller Präzisionsteile GmbH",
        "name_en": "Mueller Precision Parts GmbH",
        "registration_number": "HRB 725123",
        "vat_number": "DE 811 234 567",
        "nace_code": "25.62",
        "language": "de",
    }
    r = _api("put", f"/clients/{pk}", tokens["owner"], body)
    assert r.status_code == 422 and r.json() == {"detail": "language: 'de' is not one of en, fr, ru"}
    assert _api("put", f"/clients/{pk}", tokens["owner"], {**body, "language": "fr"}).status_code == 200
    r = _api(
        "post",
        f"/clients/{pk}/contact-persons",
        tokens["owner"],
        {"name": "Stefan Müller", "function": "Quality manager", "email": "s.mueller@mueller.example"},
    )
    assert r.status_code == 201
    r = _api(
        "post",
        f"/clients/{pk}/addresses",
        tokens["owner"],
        {
            "kind": "registered",
            "street": "Industriestraße 4",
            "postcode": "70565",
            "city": "Stuttgart",
            "country": "DE",
        },
    )
    assert r.status_code == 201
    with unscoped():
        p, a = ContactPerson.all_objects.get(), Address.all_objects.get()
    expected = {
        "id": pk,
        "body": "alpha-cert",
        "name": "Müller Präzisionsteile GmbH",
        "name_en": "Mueller Precision Parts GmbH",
        "country": "DE",
        "language": "fr",
        "consent_to_publication": True,
        "registration_number": "HRB 725123",
        "vat_number": "DE811234567",
        "nace_code": "C25.62",
        "contact_persons": [
            {
                "id": p.pk,
                "name": "Stefan Müller",
                "function": "Quality manager",
                "email": "s.mueller@mueller.example",
                "phone": "",
                "language": "en",
                "primary": True,
            }
        ],
        "addresses": [
            {
                "id": a.pk,
                "kind": "registered",
                "street": "Industriestraße 4",
                "postcode": "70565",
                "city": "Stuttgart",
                "country": "DE",
            }
        ],
    }
    assert r.json() == expected
    assert _api("get", f"/clients/{pk}", tokens["team"]).json() == expected
    assert _api("get", "/clients", tokens["owner"]).json() == [expected]


def test_the_api_refuses_changes_by_the_team_hides_the_client_from_outsiders_and_anonymous(
    cert_client, tokens
) -> None:
    pk = cert_client.pk
    body = {"name": "X"}
    assert _api("put", f"/clients/{pk}", tokens["team"], body).status_code == 403
    assert (
        _api(
            "post",
            f"/clients/{pk}/addresses",
            tokens["team"],
            {"kind": "site", "street": "s", "city": "c", "country": "DE"},
        ).status_code
        == 403
    )
    assert _api("put", f"/clients/{pk}", tokens["outsider"], body).status_code == 404
    assert _api("get", f"/clients/{pk}", tokens["outsider"]).status_code == 404
    assert _api("put", f"/clients/{pk}", None, body).status_code == 401
    assert _api("get", f"/clients/{pk}", None).status_code == 401
    cert_client.refresh_from_db()
    assert cert_client.organisation.name == "Müller Präzisionsteile GmbH"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Interlocuteurs", "Adresses", "Données de base", "Siège social"]),
        ("ru", ["Контактные лица", "Адреса", "Юридический адрес"]),
    ],
)
def test_the_sections_are_translated(cert_client, owner_client, lang, words) -> None:
    with unscoped():
        clients.save_address(
            cert_client, kind="registered", street="Industriestraße 4", city="Stuttgart", country="DE"
        )
    owner_client.cookies["django_language"] = lang
    html = owner_client.get(f"/certification/alpha-cert/clients/{cert_client.pk}/").content.decode()
    for w in words:
        assert w in html, w
