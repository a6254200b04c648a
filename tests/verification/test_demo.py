"""The verification demo: engagements in every state, the statements verifiable by the registry.

A statement's registry address (its credential's id) shows its verified figures and opinion; its
credential verifies offline with the body's published JWKS.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.core import credentials, signing
from casys.demo import verification as demo
from casys.verification.models import Engagement

pytestmark = pytest.mark.django_db


def test_the_demo_has_engagements_in_every_state_and_verifiable_statements() -> None:
    with unscoped():
        demo.load_demo()
        demo.load_demo()  # loading again adds nothing
        engagements = {e.client_name: e for e in Engagement.all_objects.filter(body__slug=demo.SLUG)}
    assert len(engagements) == 4
    cement, steel = engagements["Zementwerk Nord AG"], engagements["Stahlwerk Süd GmbH"]
    assert (cement.status, cement.opinion) == ("issued", "unmodified")
    assert (steel.status, steel.opinion) == ("issued", "modified")
    assert [r["code"] for r in steel.opinion_reasons] == ["misstatement-material"]
    brewery = engagements["Brauerei Rhein KG"]
    assert (brewery.assurance, brewery.status) == ("limited", "execution")
    glass = engagements["Glaswerk Ost GmbH"]
    assert glass.status == "planning" and glass.client is not None
    assert Membership.all_objects.filter(
        body=glass.client, role=Role.CLIENT_CONTACT, user__email=demo.CLIENT_CONTACT[0]
    ).exists()
    jwks = json.loads(
        (Path(settings.DATA_DIR) / "registry-static/keys" / demo.SLUG / "jwks.json").read_text()
    )
    ring = signing.keyring_from_jwks(jwks, jwks["issuer"])
    for e in (cement, steel):
        v = credentials.verify(e.credential, [ring], datetime.now(UTC))
        assert v.ok, v.checks
        assert v.credential["credentialSubject"]["opinion"]["type"] == e.opinion


def test_the_demo_statements_are_verifiable_on_their_registry_pages(client) -> None:
    with unscoped():
        demo.load_demo()
        issued = list(Engagement.all_objects.filter(body__slug=demo.SLUG, status="issued"))
    assert len(issued) == 2
    for e in issued:
        response = client.get(f"/registry/verify/{demo.SLUG}/{e.number}/")
        assert response.status_code == 200, e.number
        html = response.content.decode()
        assert 'data-answer="valid"' in html and e.client_name in html
        opinion = {"unmodified": "Unmodified opinion", "modified": "Modified (qualified) opinion"}[e.opinion]
        assert opinion in html
        # the registry finds it by its number
        assert (
            client.get("/registry/", {"text": e.number})["Location"]
            == f"/registry/verify/{demo.SLUG}/{e.number}/"
        )
