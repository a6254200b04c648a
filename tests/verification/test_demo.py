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
from django.utils.html import escape

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.core import credentials, signing
from casys.demo import verification as demo
from casys.verification.models import Engagement
from casys.verification.services.planning import base_year_recalculation, reselect

pytestmark = pytest.mark.django_db


def test_the_demo_has_engagements_in_every_state_and_verifiable_statements() -> None:
    with unscoped():
        demo.load_demo()
        demo.load_demo()  # loading again adds nothing
        engagements = {e.client_name: e for e in Engagement.all_objects.filter(body__slug=demo.SLUG)}
    assert len(engagements) == 5
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
    wind = engagements["Windpark Eifel GmbH & Co. KG"]
    assert (wind.status, wind.opinion) == ("issued", "unmodified")
    for e in (cement, steel, wind):
        v = credentials.verify(e.credential, [ring], datetime.now(UTC))
        assert v.ok, v.checks
        assert v.credential["credentialSubject"]["opinion"]["type"] == e.opinion


def test_the_demo_statements_are_verifiable_on_their_registry_pages(client) -> None:
    with unscoped():
        demo.load_demo()
        issued = list(Engagement.all_objects.filter(body__slug=demo.SLUG, status="issued"))
    assert len(issued) == 3  # the cement and steel plants' statements and the wind farm's claim
    for e in issued:
        response = client.get(f"/registry/verify/{demo.SLUG}/{e.number}/")
        assert response.status_code == 200, e.number
        html = response.content.decode()
        assert 'data-answer="valid"' in html and escape(e.client_name) in html  # "&" is "&amp;" in HTML
        opinion = {"unmodified": "Unmodified opinion", "modified": "Modified (qualified) opinion"}[e.opinion]
        assert opinion in html
        # the registry finds it by its number
        assert (
            client.get("/registry/", {"text": e.number})["Location"]
            == f"/registry/verify/{demo.SLUG}/{e.number}/"
        )


def test_the_demo_shows_the_engagements_middle() -> None:
    """Risks per source, a sampling plan with its seeded selection and evaluation becoming the projected
    misstatement that makes the steel opinion modified, control tests, base year, removals, a project
    claim."""
    with unscoped():
        demo.load_demo()
        e = {x.client_name: x for x in Engagement.all_objects.filter(body__slug=demo.SLUG)}
        cement, steel = e["Zementwerk Nord AG"], e["Stahlwerk Süd GmbH"]
        assert cement.risks.count() == 3 and steel.risks.count() == 4
        assert steel.plan.sector == "iron and steel" and steel.plan.justification
        sample = steel.sampling_plans.get()
        assert sample.seed == demo.SAMPLE_SEED and reselect(sample) == sample.selection
        assert sample.misstatement.kind == "projected" and sample.upper_limit > sample.projected > 4_000
        assert [(t.relied_on, t.deviations) for t in cement.control_tests.all()] == [(True, 0)]
        assert [(t.relied_on, t.deviations) for t in steel.control_tests.all()] == [(False, 2)]
        assert cement.snapshot["base_year"]["year"] == 2019
        assert cement.snapshot["base_year"]["recalculated"] is False
        brewery = e["Brauerei Rhein KG"]
        assert base_year_recalculation(brewery).recalculate is True  # 1 400 t of 18 500 t: 7.6 %
        assert brewery.removals.get().tco2e == 85
        wind = e["Windpark Eifel GmbH & Co. KG"]
        assert wind.snapshot["claim"]["total"] == 31_060 + 32_795
