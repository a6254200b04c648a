"""API: requirement statements by id. Every role of a body reads them (they are shared), with the
body's own licensed text; another body's token gets the statement without it; no token → 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casys.accounts.models import Membership, Role
from casys.accounts.services.tokens import create_token
from casys.auditlog.services import SYSTEM
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/requirements/statements"


def _bearer(user: Any, body: Any) -> str:
    return "Bearer " + create_token(user=user, body=body, name="t", actor=SYSTEM)[1]


def _get(auth: str | None, **params: Any) -> Any:
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return Client().get(URL, params, **headers)


@pytest.fixture
def licensed(owner_client: Client, iso9001: Any) -> None:
    content = b"id,text\n8.5.1,Licensed 8.5.1 text.\n"
    owner_client.post(
        "/requirements/alpha-cert/licensed/iso9001:2015/", {"file": SimpleUploadedFile("t.csv", content)}
    )


def test_the_owner_reads_statements_by_id_with_the_body_licensed_text(
    owner: Any, body_a: Any, licensed: None
) -> None:
    response = _get(_bearer(owner, body_a), ids=["iso9001:2015/8.5.1", "iso9001:2015/8"])
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": "iso9001:2015/8.5.1",
            "catalogue": "iso9001:2015",
            "number": "8.5.1",
            "label": "8.5.1",
            "title": "Control of production and service provision",
            "kind": "requirement",
            "text": "",
            "parent": "iso9001:2015/8.5",
            "licensed_text": "Licensed 8.5.1 text.",
        },
        {
            "id": "iso9001:2015/8",
            "catalogue": "iso9001:2015",
            "number": "8",
            "label": "8",
            "title": "Operation",
            "kind": "requirement",
            "text": "",
            "parent": None,
            "licensed_text": None,
        },
    ]


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_every_role_of_the_body_reads_statements_and_its_licensed_text(
    role: str, body_a: Any, licensed: None
) -> None:
    user = make_user(f"{role}@alpha.example")
    Membership.all_objects.create(user=user, body=body_a, role=role)
    response = _get(_bearer(user, body_a), ids="iso9001:2015/8.5.1")
    assert response.status_code == 200
    assert response.json()[0]["licensed_text"] == "Licensed 8.5.1 text."


def test_a_foreign_body_reads_the_shared_statement_but_never_the_licensed_text(
    outsider: Any, body_b: Any, licensed: None
) -> None:
    response = _get(_bearer(outsider, body_b), ids="iso9001:2015/8.5.1")
    assert response.status_code == 200
    assert response.json()[0]["title"] == "Control of production and service provision"
    assert response.json()[0]["licensed_text"] is None


def test_without_a_token_the_api_answers_401(iso9001: Any) -> None:
    assert _get(None, ids="iso9001:2015/8.5.1").status_code == 401


def test_an_unknown_id_is_404_naming_it(owner: Any, body_a: Any, iso9001: Any) -> None:
    response = _get(_bearer(owner, body_a), ids=["iso9001:2015/8.5.1", "iso9001:2015/8.9"])
    assert response.status_code == 404
    assert response.json() == {"detail": "iso9001:2015/8.9: no such requirement"}


def test_ids_are_resolved_in_a_scheme_profile(owner: Any, body_a: Any, iso9001: Any) -> None:
    auth = _bearer(owner, body_a)
    ok = _get(auth, ids=["8.5.1", "iso9001:2015/9.2"], profile="iso9001")
    assert [s["id"] for s in ok.json()] == ["iso9001:2015/8.5.1", "iso9001:2015/9.2"]
    refused = _get(auth, ids=["iso9001:2015/8"], profile="iso9001")
    assert refused.status_code == 404
    assert refused.json()["detail"] == (
        "iso9001:2015/8: not a requirement of profile iso9001 "
        "(in the catalogue but not selected by the profile)"
    )
