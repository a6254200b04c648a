"""Issue 6 acceptance: each failure gives the right verdict with the failing check or link named,
through the registry's API and pages (the core has its own tests)."""

import base64
import json
from datetime import date

import pytest

from casys import clock
from casys.accounts.scoping import unscoped
from casys.accreditation.models import Accreditation
from casys.attestations.services import keys as files
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)
ON = date(2025, 6, 1)


def _verify(client, token, on=ON):
    r = client.post(
        "/api/v1/registry/verify",
        {"credential": token, "on": on.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 200
    return r.json()


def _token(client, number="Q-1"):
    return client.get(f"/api/v1/registry/certificates/alpha-cert/{number}/credential").json()["credential"]


def _flip(text, i):
    return text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1 :]


def test_a_valid_certificate_is_recognized(accredited, client):
    publish(accredited, entry())
    result = _verify(client, _token(client))
    assert (result["verdict"], result["failed"], result["chain"]["recognized"]) == ("valid", [], True)


def test_one_byte_changed_in_the_payload_fails_the_signature(accredited, client):
    publish(accredited, entry())
    head, payload, sig = _token(client).split(".")
    result = _verify(client, ".".join([head, _flip(payload, len(payload) // 2), sig]))
    assert result["verdict"] == "invalid" and result["failed"][0] in ("signature", "format")


def test_one_byte_changed_in_the_signature_fails_the_signature(accredited, client):
    publish(accredited, entry())
    head, payload, sig = _token(client).split(".")
    result = _verify(client, ".".join([head, payload, _flip(sig, 5)]))
    assert result["failed"] == ["signature"]


def test_a_wrong_key_id_fails_the_key_check(accredited, client):
    publish(accredited, entry())
    head, payload, sig = _token(client).split(".")
    header = json.loads(base64.urlsafe_b64decode(head + "=="))
    header["kid"] = "x" * 43
    head = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    result = _verify(client, ".".join([head, payload, sig]))
    assert result["failed"] == ["key"]
    assert "is in none of the key rings" in result["checks"][1]["reason"]


def test_an_expired_certificate_fails_validity_and_the_certificate_link(accredited, client):
    publish(accredited, entry())
    result = _verify(client, _token(client), on=date(2027, 3, 1))
    assert "validity" in result["failed"]
    assert result["chain"]["failed"] == "certificate"
    with clock.travel_to(date(2027, 3, 1)):
        page = client.get("/registry/verify/alpha-cert/Q-1/").content.decode()
    assert 'class="link-certificate" data-state="fail"' in page and "expired on 2027-02-28" in page


def test_a_suspension_is_seen_through_the_status_list_only(accredited, client):
    publish(accredited, entry())
    token = _token(client)  # signed while active; the credential never changes
    with clock.travel_to(ON):  # the list states the status on the day it is signed
        publish(accredited, entry(status="suspended"))
        assert _token(client) == token
        result = _verify(client, token)
    status = next(c for c in result["checks"] if c["check"] == "status")
    assert status["state"] == "fail" and status["reason"].startswith("suspended: bit ")


def test_an_accreditation_lapsed_before_the_issue_date_fails_the_accreditation_link(accredited, client):
    with unscoped():
        Accreditation.all_objects.filter(number="NAB-001").update(valid_until=date(2023, 12, 31))
    publish(accredited, entry())
    result = _verify(client, _token(client))
    assert result["failed"] == ["chain"] and result["chain"]["failed"] == "accreditation"
    assert "lapsed on 2023-12-31, before the issue date 2024-03-01" in result["chain"]["links"][1]["reason"]
    with clock.travel_to(ON):
        api = client.get("/api/v1/registry/certificates/alpha-cert/Q-1").json()
    assert [lk["state"] for lk in api["chain"]["links"]] == ["pass", "fail", "not-evaluated"]


def test_an_ab_without_the_sub_scope_fails_the_recognition_link(accredited, client):
    from casys.accreditation.models import ScopeLine

    with unscoped():
        ScopeLine.all_objects.create(
            accreditation=Accreditation.all_objects.get(number="NAB-001"),
            normative_document="ISO 14001:2015",
            iaf_codes=["17"],
        )
    publish(accredited, entry(standards=("ISO 14001:2015",)))
    result = _verify(client, _token(client))
    assert result["chain"]["failed"] == "recognition"
    assert "not for the sub-scope ISO 14001:2015" in result["chain"]["links"][2]["reason"]
    with clock.travel_to(ON):
        page = client.get("/registry/verify/alpha-cert/Q-1/").content.decode()
    assert 'class="link-recognition" data-state="fail"' in page


def test_key_rotation_keeps_old_attestations_valid(accredited, client):
    publish(accredited, entry("Q-1"))
    files.rotate_key("alpha-cert")
    publish(accredited, entry("Q-2"))
    old, new = _token(client, "Q-1"), _token(client, "Q-2")
    kid = lambda t: json.loads(base64.urlsafe_b64decode(t.split(".")[0] + "=="))["kid"]  # noqa: E731
    assert kid(old) != kid(new)
    assert _verify(client, old)["verdict"] == "valid"
    assert _verify(client, new)["verdict"] == "valid"
    jwks = json.loads(client.get("/registry/keys/alpha-cert/jwks.json").getvalue())
    assert {k["kid"] for k in jwks["keys"]} == {kid(old), kid(new)}


def test_the_static_files_are_served_without_a_database_query(accredited, client, django_assert_num_queries):
    publish(accredited, entry())
    with django_assert_num_queries(0):
        assert client.get("/registry/status/alpha-cert/1-suspension.jwt").status_code == 200
        assert client.get("/registry/keys/alpha-cert/jwks.json").status_code == 200
        assert client.get("/registry/did/alpha-cert/did.json").status_code == 200
    assert client.get("/registry/status/alpha-cert/9-suspension.jwt").status_code == 404
    assert client.get("/registry/keys/..%2F/jwks.json").status_code == 404


def test_the_verification_page_names_states_links_and_dates_in_the_readers_language(accredited, client):
    publish(accredited, entry())
    with clock.travel_to(date(2027, 3, 1)):
        page = client.get("/registry/verify/alpha-cert/Q-1/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "цепочка прерывается на звене «сертификат»" in page
    assert ">не выполняется</span>" in page and "дата выдачи:" in page
    assert ">fail</span>" not in page and "issue_date:" not in page
