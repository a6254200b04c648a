"""Publishing a round signs one performance credential per participant with the provider's key."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from casys.accounts.scoping import unscoped
from casys.attestations.identity import did_for
from casys.core import credentials, signing
from casys.proficiency.models import Participation, Round, Score

pytestmark = pytest.mark.django_db


def _participation(pt_round: Round, code: str) -> Participation:
    with unscoped():
        return Participation.all_objects.select_related("participant").get(round=pt_round, code=code)


def _verify(token: str, provider_slug: str) -> credentials.Verification:
    path = Path(settings.DATA_DIR) / "registry-static/keys" / provider_slug / "jwks.json"
    jwks = json.loads(path.read_text())
    ring = signing.keyring_from_jwks(jwks, jwks["issuer"])
    return credentials.verify(token, [ring], datetime(2030, 1, 1, tzinfo=UTC))


def test_an_evaluated_round_has_no_credentials_before_it_is_published(evaluated_round: Round) -> None:
    with unscoped():
        assert not Participation.all_objects.filter(round=evaluated_round).exclude(credential="").exists()


def test_each_participant_gets_a_credential_that_verifies_and_states_its_own_scores(
    published_round: Round, body_a, lab_x
) -> None:
    with unscoped():
        participations = list(Participation.all_objects.filter(round=published_round))
    assert len(participations) == 5
    assert all(p.credential for p in participations)
    mine = _participation(published_round, "L01")
    v = _verify(mine.credential, body_a.slug)
    assert v.ok, v.checks
    assert v.credential is not None
    assert v.credential["issuer"]["id"] == did_for(body_a.slug)
    subject = v.credential["credentialSubject"]
    assert subject["issuedToParty"] == {"id": did_for(lab_x.slug), "name": lab_x.name}
    assert (subject["round"], subject["participantCode"]) == ("TM-2026-1", "L01")
    with unscoped():
        scores = list(
            Score.all_objects.filter(participation=mine, series__evaluation__round=published_round)
            .select_related("series__item")
            .order_by("series__item__code")
        )
    assert [
        (a["item"], a["result"]["value"], a["assignedValue"]["x_pt"], a["sigma_pt"], a["score"]["value"])
        for a in subject["assessment"]
    ] == [(s.series.item.code, s.x, s.series.x_pt, s.series.sigma_pt, s.value) for s in scores]
    assert [a["score"]["classification"] for a in subject["assessment"]] == [s.classification for s in scores]


@pytest.mark.parametrize("who", ["lab_x_client", "owner_client", "team_client"])
def test_the_participant_and_the_provider_download_the_credential(
    request, who, published_round: Round, body_a, lab_x
) -> None:
    mine = _participation(published_round, "L01")
    if who == "lab_x_client":
        url = reverse("proficiency:credential", args=[lab_x.slug, mine.pk])
    else:
        url = reverse("proficiency:participant-credential", args=[body_a.slug, published_round.pk, mine.pk])
    response = request.getfixturevalue(who).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == 'attachment; filename="TM-2026-1-L01.jwt"'
    assert response.content.decode() == mine.credential


def test_the_report_page_offers_the_signed_credential(lab_x_client, published_round: Round, lab_x) -> None:
    mine = _participation(published_round, "L01")
    page = lab_x_client.get(reverse("proficiency:report", args=[lab_x.slug, mine.pk])).content.decode()
    assert "credential-note" in page
    assert reverse("proficiency:credential", args=[lab_x.slug, mine.pk]) in page


def test_another_laboratory_and_an_outsider_get_404(
    lab_y_client, outsider_client, published_round: Round, body_a, lab_x
) -> None:
    mine = _participation(published_round, "L01")
    assert lab_y_client.get(reverse("proficiency:credential", args=[lab_x.slug, mine.pk])).status_code == 404
    theirs = reverse("proficiency:credential", args=["lab-y", mine.pk])
    assert lab_y_client.get(theirs).status_code == 404
    provider_url = reverse(
        "proficiency:participant-credential", args=[body_a.slug, published_round.pk, mine.pk]
    )
    assert outsider_client.get(provider_url).status_code == 404
    assert lab_y_client.get(provider_url).status_code == 404
