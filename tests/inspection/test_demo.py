"""The demo's inspection bodies show what issue 15 asks for: one body of each type, inspections in every
state, an item out of service after a dangerous defect, a corrected report superseding an earlier one,
a measured check failing by a decision rule with uncertainty."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from casys.accounts.models import User
from casys.attestations.models import Attestation
from casys.core.schemes.loader import available_schemes
from casys.inspection.models import CheckResult, Inspection, InspectionReport, Item, ScopeLine, State
from tests.l10n.crawl import crawl

pytestmark = pytest.mark.django_db


def test_the_demo_has_what_the_issue_asks_for(demo_logins: list[tuple[str, str, str]]) -> None:
    logins = {email for email, _role, _body in demo_logins}
    assert {"inspector@baltlift.example", "inspector@uralkran.example"} <= logins
    types = dict(ScopeLine.all_objects.values_list("body__slug", "independence").distinct())
    assert sorted(set(types.values())) == ["A", "B", "C"]
    for slug in ("baltlift", "rhone-inspection", "uralkran-inspection"):
        states = set(Inspection.all_objects.filter(body__slug=slug).values_list("state", flat=True))
        assert states == set(State.values), slug
    out = Item.all_objects.get(body__slug="baltlift", in_service=False)
    assert out.defects.filter(grade="dangerous").exists()
    corrected = InspectionReport.all_objects.get(supersedes__isnull=False)
    assert Attestation.all_objects.get(number=corrected.supersedes.number).status == "superseded"  # type: ignore[union-attr]
    guarded = CheckResult.all_objects.get(check_id="hook-throat-opening", passed=False)
    assert guarded.value == 4.6 and "guarded acceptance gives fail" in guarded.detail


def test_the_demo_inspection_pages_answer_and_show_no_iso_date_nor_bare_scheme_id(
    demo_logins: list[tuple[str, str, str]],
) -> None:
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    ids = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(s) for s in available_schemes()) + r")(?![\w-])")
    for email in ("admin@baltlift.example", "inspector@uralkran.example", "client@rigas-osta.example"):
        client = Client()
        client.force_login(User.objects.get(email=email))
        pages = {
            u: t for u, t in crawl(client, limit=60, HTTP_ACCEPT_LANGUAGE="fr").items() if "/inspection/" in u
        }
        assert len([t for t in pages.values() if t]) >= (1 if "client@" in email else 8), (email, list(pages))
        found = {u: iso.findall(t) + ids.findall(t) for u, t in pages.items()}
        assert {u: f for u, f in found.items() if f} == {}, email
