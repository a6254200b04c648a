"""The API: health, OpenAPI document, token authentication, owner/team/outsider."""

import json

import pytest
from django.test import Client

from casys.accounts.models import Body
from casys.accounts.scoping import unscoped
from casys.accounts.services.tokens import create_token, revoke_token
from casys.auditlog.services import SYSTEM

pytestmark = pytest.mark.django_db


def _token(user, body) -> str:
    return create_token(user=user, body=body, name="test", actor=SYSTEM)[1]


def _get(path: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def test_health_answers_without_a_token() -> None:
    response = _get("/api/v1/health")
    assert response.status_code == 200
    from django.db import connection

    assert response.json() == {"status": "ok", "version": "0.1.0", "database": connection.vendor}


def test_the_openapi_document_and_docs_page_are_served() -> None:
    spec = _get("/api/v1/openapi.json")
    assert spec.status_code == 200
    document = spec.json()
    assert document["info"]["title"] == "casys API"
    assert "/api/v1/bodies/{slug}" in document["paths"]
    assert _get("/api/v1/docs").status_code == 200


def test_an_endpoint_without_a_valid_token_answers_401(owner, body_a: Body) -> None:
    assert _get("/api/v1/me").status_code == 401
    assert _get("/api/v1/me", "casys_not-a-real-token").status_code == 401


def test_the_owner_token_reads_me_and_the_body(owner, body_a: Body) -> None:
    token = _token(owner, body_a)
    assert _get("/api/v1/me", token).json() == {
        "email": "owner@alpha.example",
        "full_name": "Olga Owner",
        "body": "alpha-cert",
        "roles": ["admin"],
    }
    assert _get("/api/v1/bodies/alpha-cert", token).json() == {
        "slug": "alpha-cert",
        "name": "Alpha Certification",
        "name_en": "",
        "kind": "certification_body",
        "country": "LV",
        "city": "",
    }
    entries = _get("/api/v1/bodies/alpha-cert/audit-log", token).json()
    assert [e["action"] for e in entries] == ["accounts.token.created"]
    assert entries[0]["data"] == {
        "name": "test",
        "prefix": json.loads(json.dumps(entries[0]["data"]))["prefix"],
    }


def test_a_team_token_reads_the_body_but_not_the_audit_log(team, body_a: Body) -> None:
    token = _token(team, body_a)
    assert _get("/api/v1/bodies/alpha-cert", token).status_code == 200
    assert _get("/api/v1/bodies/alpha-cert/audit-log", token).status_code == 403


def test_an_outsider_token_gets_404_on_another_body(outsider, body_a: Body, body_b: Body) -> None:
    token = _token(outsider, body_b)
    assert _get("/api/v1/bodies/alpha-cert", token).status_code == 404
    assert _get("/api/v1/bodies/alpha-cert/audit-log", token).status_code == 404
    assert [b["slug"] for b in _get("/api/v1/bodies", token).json()] == ["beta-cert"]


def test_a_token_acts_within_its_own_body_only(owner, body_a: Body, body_b: Body) -> None:
    from casys.accounts.models import Membership

    Membership.all_objects.create(user=owner, body=body_b, role="admin")
    token = _token(owner, body_a)
    assert _get("/api/v1/bodies/beta-cert", token).status_code == 404


def test_a_revoked_token_no_longer_works(owner, body_a: Body) -> None:
    token_obj, token = create_token(user=owner, body=body_a, name="t", actor=SYSTEM)
    assert _get("/api/v1/me", token).status_code == 200
    with unscoped():
        revoke_token(token_obj, actor=SYSTEM)
    assert _get("/api/v1/me", token).status_code == 401
