"""Names are checked text (issue 12, finding 10): direction controls and control characters are refused,
so "\u202eevil" cannot render as "live" on a certificate or in the registry."""

import pytest
from django.core.exceptions import ValidationError

from casys.accounts.models import Body, BodyKind, User
from casys.accounts.scoping import unscoped
from casys.accounts.services.bodies import create_body
from casys.certification.models import Client as CertClient
from casys.certification.services import CertificationError, clients

pytestmark = pytest.mark.django_db

#: UAX #9 explicit formatting characters and isolates, each of which the probe got into a name.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("ch", BIDI)
def test_a_body_name_with_a_direction_control_is_refused(ch):
    with unscoped(), pytest.raises(ValidationError) as err:
        create_body(name=f"{ch}evil", slug="evil", kind=BodyKind.CLIENT, country="LV")
    expected = f"name: contains the invisible direction control U+{ord(ch):04X}"
    assert err.value.message_dict["name"] == [expected]
    with unscoped():
        assert not Body.all_objects.filter(slug="evil").exists()


def test_a_body_address_keeps_its_line_breaks_but_not_a_nul():
    with unscoped():
        body = create_body(name="Ok", slug="ok", kind=BodyKind.CLIENT, country="LV", address="Iela 1\nRīga")
        assert body.address == "Iela 1\nRīga"
        with pytest.raises(ValidationError, match="control character U\\+0000"):
            create_body(name="Ok2", slug="ok2", kind=BodyKind.CLIENT, country="LV", address="Iela\x00 1")


def test_a_user_name_with_a_direction_control_is_refused():
    user = User(email="x@example.org", full_name="Jānis \u2067Bērziņš")
    with pytest.raises(ValidationError, match="full_name: contains the invisible direction control U\\+2067"):
        user.full_clean()


def test_a_client_registered_with_a_direction_control_is_refused_naming_the_field(body_a):
    refused = pytest.raises(CertificationError, match="name: contains the invisible direction control")
    with unscoped(), refused:
        clients.create_client(body_a, name="\u202eevil GmbH", country="DE")
    with unscoped():
        assert not CertClient.all_objects.exists()


def test_the_client_page_refuses_a_direction_control_and_writes_nothing(owner_client, body_a):
    data = {"name": "\u202eevil GmbH", "country": "DE", "language": "en"}
    response = owner_client.post("/certification/alpha-cert/clients/", data, follow=True)
    assert "contains the invisible direction control U+202E" in response.content.decode()
    with unscoped():
        assert not CertClient.all_objects.exists()


def test_an_auditor_a_contact_person_and_an_address_refuse_direction_controls(body_a):
    from casys.certification.services import auditors

    with unscoped():
        client = clients.create_client(body_a, name="Good GmbH", country="DE")
        with pytest.raises(
            CertificationError, match="^name: contains the invisible direction control U\\+202E"
        ):
            auditors.create_auditor(body_a, name="\u202eevil")
        with pytest.raises(
            CertificationError, match="^name: contains the invisible direction control U\\+2066"
        ):
            clients.save_contact_person(client, name="Eve \u2066Smith", function="", email="", phone="")
        with pytest.raises(CertificationError, match="^street: contains the control character U\\+0000"):
            clients.save_address(
                client, kind="registered", street="Iela\x001", postcode="", city="Rīga", country="LV"
            )
        with pytest.raises(CertificationError, match="^name_en: contains the invisible direction control"):
            clients.update_client(
                client,
                name="Good GmbH",
                name_en="\u202bGood",
                registration_number="",
                vat_number="",
                nace_code="",
                language="en",
            )


def test_an_invited_person_cannot_take_a_name_with_a_direction_control(body_a, owner):
    from casys.accounts.services import invitations

    with unscoped():
        invitation, _link = invitations.invite(body_a, "new@alpha.example", "auditor", invited_by=owner)
        with pytest.raises(invitations.InvitationError, match="^full_name: contains the invisible direction"):
            invitations.accept_with_password(invitation, full_name="Jānis \u202eBērziņš", password="x" * 20)
