"""An engagement from plan to signed statement: import, team and independent review, misstatements,
the opinion by the core rules (each refusal named), the statement as credential and PDF (EN/FR/RU)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings

from casys import clock
from casys.accounts.scoping import unscoped
from casys.attestations.models import Attestation, Kind
from casys.auditlog.services import SYSTEM
from casys.core import credentials, signing
from casys.verification.models import Engagement, EngagementStatus
from casys.verification.services import VerificationInputError
from casys.verification.services.engagements import (
    assign_reviewer,
    assign_team,
    complete_review,
    decide_opinion,
    declare_consultancy,
    import_statement,
    open_engagement,
    record_misstatement,
    record_nonconformity,
    summary,
)
from casys.verification.services.statements import issue_statement, statement_pdf
from tests.documents.pdftext import pdf_text
from tests.verification.conftest import INVENTORY, actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with unscoped():
        yield


def _to_review(engagement: Engagement, reviewer) -> Engagement:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    return complete_review(engagement, actor=actor(reviewer), on=date(2026, 2, 1))


def test_the_import_recomputes_the_statement_in_tonnes_co2e(engagement) -> None:
    inv = import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    assert inv.total_tco2e == pytest.approx(60_280.9)
    figures = summary(engagement)
    assert figures["by_category"] == pytest.approx({"1": 56_280.9, "2": 4_000})
    # category A (previous average 45 000 t): 5 % of this year's 60 280.9 t
    assert figures["materiality"].category == "A"
    assert figures["materiality"].level == pytest.approx(3_014.045)
    assert engagement.status == EngagementStatus.EXECUTION


def test_a_bad_row_is_refused_with_row_and_column_and_nothing_is_saved(engagement) -> None:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    bad = INVENTORY + "leak,1,HFC-999,1,kg,1,kg/kg\n"
    with pytest.raises(VerificationInputError, match="row 6, column gas"):
        import_statement(engagement, actor=SYSTEM, text=bad)
    assert engagement.lines.count() == 4


def test_a_reported_total_that_differs_is_a_factual_misstatement(vv, verifier) -> None:
    e = open_engagement(
        vv, actor=SYSTEM, client_name="Acme", title="2025", programme="eu-ets",
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), reported_total_tco2e=60_000,
    )  # fmt: skip
    import_statement(e, actor=SYSTEM, text=INVENTORY)
    [m] = e.misstatements.all()
    assert (m.kind, m.amount) == ("factual", pytest.approx(-280.9))


def test_the_reviewer_may_not_be_on_the_team(engagement, reviewer, verifier) -> None:
    with pytest.raises(VerificationInputError, match="independent reviewer"):
        assign_team(engagement, actor=SYSTEM, members=[verifier, reviewer])
    with pytest.raises(VerificationInputError, match="on the team"):
        assign_reviewer(engagement, actor=SYSTEM, reviewer=verifier)


def test_only_the_assigned_reviewer_completes_the_review(engagement, verifier) -> None:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    with pytest.raises(VerificationInputError, match="only the assigned independent reviewer"):
        complete_review(engagement, actor=actor(verifier), on=date(2026, 2, 1))


def test_the_opinion_waits_for_the_review(engagement) -> None:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    with pytest.raises(VerificationInputError, match="after the independent review"):
        decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")


def test_a_projected_misstatement_pushes_the_aggregate_over_materiality(engagement, reviewer) -> None:
    record_misstatement(
        engagement, actor=SYSTEM, kind="factual", amount=2_000, description="meter read twice"
    )
    record_misstatement(
        engagement, actor=SYSTEM, kind="projected", amount=1_200, description="MUS projection, fuel invoices"
    )
    _to_review(engagement, reviewer)
    with pytest.raises(
        VerificationInputError, match="unmodified opinion is refused: uncorrected misstatements"
    ):
        decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
    decided = decide_opinion(engagement, actor=SYSTEM, opinion="modified")
    assert decided.opinion == "modified"
    assert [r["code"] for r in decided.opinion_reasons] == ["misstatement-material"]


def test_an_open_material_nonconformity_refuses_an_unmodified_opinion(engagement, reviewer) -> None:
    record_nonconformity(engagement, actor=SYSTEM, description="monitoring plan not followed", material=True)
    _to_review(engagement, reviewer)
    with pytest.raises(VerificationInputError, match="material non-conformity open"):
        decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")


def test_the_conversion_chain_of_a_misstatement_is_kept(engagement) -> None:
    m = record_misstatement(
        engagement, actor=SYSTEM, kind="factual", amount=553.41, description="coal 234 t rounded away",
        start=(234, "t"), chain=[(25, "GJ/t", "TJ", "NCV"), (94.6, "t/TJ", "t", "EF")],
    )  # fmt: skip
    assert [(round(s["value"], 2), s["unit"]) for s in m.chain] == [(234, "t"), (5.85, "TJ"), (553.41, "t")]


def _verify(e: Engagement) -> credentials.Verification:
    jwks = json.loads(
        (Path(settings.DATA_DIR) / "registry-static/keys" / e.body.slug / "jwks.json").read_text()
    )
    ring = signing.keyring_from_jwks(jwks, jwks["issuer"])
    return credentials.verify(e.credential, [ring], datetime(2026, 4, 1, tzinfo=UTC))


def test_the_statement_is_issued_signed_and_printed_in_three_languages(engagement, reviewer) -> None:
    _to_review(engagement, reviewer)
    decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
    e = issue_statement(engagement, actor=SYSTEM, on=date(2026, 3, 1))
    assert e.number == "VERA-VV-VS-2026-0001"
    assert Attestation.all_objects.filter(
        issuer=e.body, kind=Kind.VERIFICATION_STATEMENT, number=e.number
    ).exists()
    v = _verify(e)
    assert v.ok, v.checks
    subject = v.credential["credentialSubject"]
    assert subject["attestationType"] == "verification"
    assert subject["verifiedEmissions"]["total_tco2e"] == pytest.approx(60_280.9)
    assert subject["opinion"]["type"] == "unmodified"
    assert subject["levelOfAssurance"] == "reasonable"
    words = {
        "en": ("Verification statement", "Reasonable assurance", "Unmodified opinion"),
        "fr": ("Déclaration de vérification", "Assurance raisonnable", "Opinion non modifiée"),
        "ru": ("Заключение о верификации", "Разумная уверенность", "Немодифицированное мнение"),
    }
    total = {"en": "60 280.900", "fr": "60 280,900", "ru": "60 280,900"}
    level = {"en": "3 014.045", "fr": "3 014,045", "ru": "3 014,045"}
    for language, phrases in words.items():
        text = pdf_text(statement_pdf(e, language))
        for phrase in (*phrases, e.number, "Acme Cement", "2025-01-01", total[language], level[language]):
            assert phrase in text, (language, phrase)


def test_a_correction_supersedes_the_old_statement(engagement, reviewer, verifier) -> None:
    _to_review(engagement, reviewer)
    decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
    first = issue_statement(engagement, actor=SYSTEM, on=date(2026, 3, 1))
    second = open_engagement(
        first.body, actor=SYSTEM, client_name=first.client_name, title="2025 emissions report (corrected)",
        programme="eu-ets", period_start=first.period_start, period_end=first.period_end,
    )  # fmt: skip
    second.supersedes = first
    second.save()
    assign_team(second, actor=SYSTEM, members=[verifier])
    assign_reviewer(second, actor=SYSTEM, reviewer=reviewer)
    _to_review(second, reviewer)
    decide_opinion(second, actor=SYSTEM, opinion="unmodified")
    issued = issue_statement(second, actor=SYSTEM, on=date(2026, 3, 5))
    assert issued.snapshot["supersedes"] == first.number
    old = Attestation.all_objects.get(
        issuer=first.body, kind=Kind.VERIFICATION_STATEMENT, number=first.number
    )
    assert old.status == "superseded"


def test_an_issued_statement_is_not_changed(engagement, reviewer) -> None:
    _to_review(engagement, reviewer)
    decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
    issue_statement(engagement, actor=SYSTEM, on=date(2026, 3, 1))
    with pytest.raises(VerificationInputError, match="no longer changed"):
        record_misstatement(engagement, actor=SYSTEM, kind="factual", amount=1, description="late")


def test_a_consultant_to_the_client_within_the_cooling_off_period_is_refused(vv, verifier, reviewer) -> None:
    e = open_engagement(
        vv, actor=SYSTEM, client_name="Acme Cement", title="2025", programme="eu-ets",
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), cooling_off_years=2,
    )  # fmt: skip
    today = clock.today()
    declare_consultancy(
        vv, actor=SYSTEM, user=verifier, client_name="ACME cement", ended_on=today.replace(day=1)
    )
    with pytest.raises(
        VerificationInputError, match="consulted for Acme Cement .* cooling-off period of 2 years"
    ):
        assign_team(e, actor=SYSTEM, members=[verifier])
    declare_consultancy(vv, actor=SYSTEM, user=reviewer, client_name="Acme Cement", ended_on=None)
    with pytest.raises(VerificationInputError, match="ongoing"):
        assign_reviewer(e, actor=SYSTEM, reviewer=reviewer)
    # a consultancy that ended before the cooling-off period does not block
    long_ago = today.replace(year=today.year - 3, day=1)
    other = open_engagement(
        vv, actor=SYSTEM, client_name="Beta Steel", title="2025", programme="eu-ets",
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
    )  # fmt: skip
    declare_consultancy(vv, actor=SYSTEM, user=verifier, client_name="Beta Steel", ended_on=long_ago)
    assert assign_team(other, actor=SYSTEM, members=[verifier]) == other
