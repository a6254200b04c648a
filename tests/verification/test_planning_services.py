"""The engagement's middle: competence and time, risk per source, sampling plans (seeded selection,
Stringer evaluation becoming a projected misstatement), control tests, base year, removals, and a
project claim (ISO 14064-2) verified on the same engine."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.core import credentials, signing
from casys.core.sampling.monetary_unit import SampleItem, mus_evaluate, mus_sample_size
from casys.verification.models import Misstatement
from casys.verification.services import VerificationInputError
from casys.verification.services.claims import claim_table, record_claim_figures
from casys.verification.services.competence import record_competence
from casys.verification.services.engagements import (
    assign_team,
    complete_review,
    decide_opinion,
    import_statement,
    open_engagement,
    summary,
)
from casys.verification.services.planning import (
    assess_source,
    base_year_recalculation,
    create_sampling_plan,
    evaluate_sample,
    plan_control_test,
    plan_engagement,
    record_control_result,
    record_removal,
    record_structural_change,
    reselect,
    selected_items,
    set_base_year,
)
from casys.verification.services.statements import issue_statement, statement_pdf
from tests.documents.pdftext import pdf_text
from tests.verification.conftest import INVENTORY, actor

pytestmark = pytest.mark.django_db

# 40 fuel invoices of 250 t CO2e each and 10 of 1 000 t: 20 000 t CO2e.
POPULATION = "item,book_value\n" + "".join(f"INV-{i:03d},{250 if i < 40 else 1000}\n" for i in range(50))


@pytest.fixture(autouse=True)
def _unscoped():
    with unscoped():
        yield


def test_a_team_without_the_programmes_competence_is_refused_naming_it(engagement, vv, verifier) -> None:
    record_competence(vv, actor=SYSTEM, user=verifier, kind="sector", value="cement")
    with pytest.raises(VerificationInputError, match="no one on the team is competent for programme eu-ets"):
        assign_team(engagement, actor=SYSTEM, members=[verifier])
    record_competence(vv, actor=SYSTEM, user=verifier, kind="programme", value="eu-ets")
    assign_team(engagement, actor=SYSTEM, members=[verifier])


def test_the_plan_records_time_with_its_justification_and_checks_the_sector(engagement, vv, verifier) -> None:
    record_competence(vv, actor=SYSTEM, user=verifier, kind="programme", value="eu-ets")
    with pytest.raises(VerificationInputError, match="competent for sector cement"):
        plan_engagement(engagement, actor=SYSTEM, sector="cement", days=4, justification="two sites")
    assert not hasattr(engagement, "plan") or engagement.plan is None
    record_competence(vv, actor=SYSTEM, user=verifier, kind="sector", value="Cement")
    plan = plan_engagement(engagement, actor=SYSTEM, sector="cement", days=4.5, justification="two sites")
    assert (str(plan.days), plan.justification) == ("4.5", "two sites")
    with pytest.raises(VerificationInputError, match="justification"):
        plan_engagement(engagement, actor=SYSTEM, sector="cement", days=4, justification=" ")
    with pytest.raises(VerificationInputError, match="days"):
        plan_engagement(engagement, actor=SYSTEM, sector="cement", days=0, justification="x")


def test_each_source_gets_its_risks_and_the_planned_work(engagement) -> None:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    r = assess_source(engagement, actor=SYSTEM, source="boiler", inherent="high", control="medium",
                      justification="manual meter readings")  # fmt: skip
    assert (r.detection, r.work) == ("low", "extended")
    # revising replaces, it does not add
    assess_source(engagement, actor=SYSTEM, source="boiler", inherent="low", control="low", justification="x")
    assert [(x.source, x.detection) for x in engagement.risks.all()] == [("boiler", "high")]
    with pytest.raises(VerificationInputError, match="'kiln' is not a source of the imported statement"):
        assess_source(
            engagement, actor=SYSTEM, source="kiln", inherent="low", control="low", justification="x"
        )
    with pytest.raises(VerificationInputError, match="control: choose one of low, medium, high"):
        assess_source(
            engagement, actor=SYSTEM, source="grid", inherent="low", control="none", justification="x"
        )


def test_the_sampling_plan_stores_its_size_and_a_selection_reproducible_from_the_seed(engagement) -> None:
    plan = create_sampling_plan(engagement, actor=SYSTEM, name="fuel invoices", population=POPULATION,
                                tolerable=1_000, confidence=0.95, seed=20260105)  # fmt: skip
    expected = mus_sample_size(20_000, 1_000, 0.95)
    assert (plan.population_value, plan.sample_size) == (20_000, expected.sample_size)
    assert plan.sampling_interval == pytest.approx(expected.sampling_interval)
    assert len(plan.selection) == plan.sample_size
    assert reselect(plan) == plan.selection
    # every 1 000 t invoice is at or above the interval (333.3 t): always selected
    assert {f"INV-{i:03d}" for i in range(40, 50)} <= {i for i, _v in selected_items(plan)}
    log = AuditEntry.all_objects.filter(action="verification.sampling.planned").get()
    assert json.loads(log.data_json)["seed"] == 20260105


def test_the_evaluation_becomes_a_projected_misstatement_with_its_chain_and_stringer_limit(
    engagement,
) -> None:
    plan = create_sampling_plan(engagement, actor=SYSTEM, name="fuel invoices", population=POPULATION,
                                tolerable=1_000, confidence=0.95, seed=7)  # fmt: skip
    chosen = selected_items(plan)
    small = next(i for i, v in chosen if v == 250)
    audited = {i: v for i, v in chosen}
    audited[small] = 200.0  # tainting 0.2
    text = "item,audited_value\n" + "".join(f"{i},{v}\n" for i, v in audited.items())
    evaluate_sample(plan, actor=SYSTEM, audited=text)
    ev = mus_evaluate([SampleItem(i, b, audited[i]) for i, b in chosen], 20_000, 0.95,
                      sample_size=plan.sample_size)  # fmt: skip
    ms = Misstatement.all_objects.get(engagement=engagement)
    assert ms.kind == "projected"
    assert ms.amount == pytest.approx(ev.projected_misstatement)
    assert ms.amount == pytest.approx(0.2 * plan.sampling_interval)
    assert ms.upper_limit == pytest.approx(ev.upper_misstatement_limit)
    assert [s["label"] for s in ms.chain][-2:] == ["projected misstatement", "upper misstatement limit"]
    with pytest.raises(VerificationInputError, match="evaluated already"):
        evaluate_sample(plan, actor=SYSTEM, audited=text)


@pytest.mark.parametrize(
    ("population", "kw", "field", "message"),
    [
        ("item,book_value\nA,10\nB,-3\n", {}, "population", "row 3, column book_value: must be zero or more"),
        ("item,book_value\nA,10\nB,x\n", {}, "population", "row 3, column book_value: 'x' is not a number"),
        ("item,value\nA,10\n", {}, "population", "row 1, column book_value: column missing"),
        ("item,book_value\nA,10\nA,5\n", {}, "population", "row 3, column item: 'A' given twice"),
        (POPULATION, {"confidence": 95}, "confidence", "strictly between 0 and 1"),
        (POPULATION, {"tolerable": 30_000}, "tolerable", "at most the population value 20000"),
        (POPULATION, {"expected": 2_000}, "expected", "below the tolerable"),
    ],
)
def test_bad_sampling_input_is_refused_naming_the_field(engagement, population, kw, field, message) -> None:
    args = {"tolerable": 1_000, "confidence": 0.95, "seed": 1, **kw}
    with pytest.raises(VerificationInputError, match=message) as exc:
        create_sampling_plan(engagement, actor=SYSTEM, name="x", population=population, **args)
    assert exc.value.field == field
    assert not engagement.sampling_plans.exists()


def test_audited_values_must_match_the_selection(engagement) -> None:
    plan = create_sampling_plan(engagement, actor=SYSTEM, name="f", population=POPULATION, tolerable=1_000,
                                confidence=0.95, seed=7)  # fmt: skip
    first, *_rest = selected_items(plan)
    with pytest.raises(VerificationInputError, match="audited value missing"):
        evaluate_sample(plan, actor=SYSTEM, audited=f"item,audited_value\n{first[0]},250\n")
    with pytest.raises(VerificationInputError, match="'NOPE' is not in the selection"):
        evaluate_sample(plan, actor=SYSTEM, audited="item,audited_value\nNOPE,1\n")
    assert not Misstatement.all_objects.filter(engagement=engagement).exists()


def test_a_control_test_gets_its_size_and_a_conclusion_from_the_deviations(engagement) -> None:
    t = plan_control_test(engagement, actor=SYSTEM, control="monthly meter calibration check",
                          tolerable_rate=0.05, risk=0.05)  # fmt: skip
    assert t.sample_size == 59  # ⌈ln 0.05 / ln 0.95⌉
    record_control_result(t, actor=SYSTEM, deviations=0)
    assert t.relied_on is True and t.upper_rate < 0.05
    general = plan_control_test(engagement, actor=SYSTEM, control="invoice approval", tolerable_rate=0.05,
                                risk=0.05, expected_rate=0.01)  # fmt: skip
    assert general.sample_size == 93  # AICPA Audit Sampling Table A-1
    record_control_result(general, actor=SYSTEM, deviations=2)
    assert general.relied_on is False
    with pytest.raises(VerificationInputError, match="deviations: must be between 0 and the sample size 93"):
        record_control_result(general, actor=SYSTEM, deviations=94)
    with pytest.raises(VerificationInputError, match="tolerable_rate"):
        plan_control_test(engagement, actor=SYSTEM, control="x", tolerable_rate=5, risk=0.05)


def test_the_base_year_is_recalculated_past_the_threshold_and_removals_stay_apart(engagement) -> None:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    with pytest.raises(VerificationInputError, match="record the base year first"):
        record_structural_change(engagement, actor=SYSTEM, description="acquired kiln", tco2e=10)
    set_base_year(
        engagement, actor=SYSTEM, year=2019, tco2e=50_000, threshold_percent=5, source="the body's choice"
    )
    record_structural_change(engagement, actor=SYSTEM, description="acquired kiln", tco2e=2_000)
    assert base_year_recalculation(engagement).recalculate is False
    record_structural_change(engagement, actor=SYSTEM, description="acquired quarry", tco2e=500)
    r = base_year_recalculation(engagement)
    assert (r.recalculate, r.recalculated) == (True, 52_500)
    record_removal(engagement, actor=SYSTEM, source="quarry reforestation", category="1", tco2e=300)
    assert summary(engagement)["total_tco2e"] == pytest.approx(60_280.9)  # not netted
    with pytest.raises(VerificationInputError, match="positive"):
        record_removal(engagement, actor=SYSTEM, source="x", category="1", tco2e=-5)
    with pytest.raises(VerificationInputError, match="after the reporting period"):
        set_base_year(engagement, actor=SYSTEM, year=2030, tco2e=1, threshold_percent=5, source="x")


def test_a_project_claim_is_verified_on_the_same_engine(vv, verifier, reviewer) -> None:
    e = open_engagement(
        vv, actor=SYSTEM, client_name="Windpark Ost", title="Wind farm: reductions 2024-2025",
        programme="voluntary", period_start=date(2024, 1, 1), period_end=date(2025, 12, 31),
    )  # fmt: skip
    assign_team(e, actor=SYSTEM, members=[verifier])
    e.reviewer = reviewer
    e.save()
    record_claim_figures(e, actor=SYSTEM, claim_type="iso14064-2-project", period="2024",
                         values={"baseline": 42_000, "project": 1_200, "leakage": 300})  # fmt: skip
    record_claim_figures(e, actor=SYSTEM, claim_type="iso14064-2-project", period="2025",
                         values={"baseline": 44_000, "project": 1_000, "leakage": 500})  # fmt: skip
    table = claim_table(e)
    assert [p[2] for p in table["periods"]] == [40_500, 42_500]
    assert table["total"] == 83_000
    assert summary(e)["materiality"].base_value == 83_000
    with pytest.raises(VerificationInputError, match="2024 is recorded already"):
        record_claim_figures(e, actor=SYSTEM, claim_type="iso14064-2-project", period="2024",
                             values={"baseline": 1, "project": 0, "leakage": 0})  # fmt: skip
    with pytest.raises(VerificationInputError, match="leakage"):
        record_claim_figures(e, actor=SYSTEM, claim_type="iso14064-2-project", period="2026",
                             values={"baseline": 1, "project": 0})  # fmt: skip
    with pytest.raises(VerificationInputError, match="the engagement's claim is iso14064-2-project"):
        removals = {"project_removals": 1, "baseline_removals": 0, "leakage": 0}
        record_claim_figures(e, actor=SYSTEM, claim_type="iso14064-2-removals", period="26", values=removals)
    complete_review(e, actor=actor(reviewer), on=date(2026, 2, 1))
    assert decide_opinion(e, actor=SYSTEM, opinion="unmodified").opinion == "unmodified"


def test_the_statement_shows_removals_and_the_base_year_in_every_language(engagement, reviewer) -> None:
    import_statement(engagement, actor=SYSTEM, text=INVENTORY)
    set_base_year(
        engagement, actor=SYSTEM, year=2019, tco2e=50_000, threshold_percent=5, source="the body's choice"
    )
    record_structural_change(engagement, actor=SYSTEM, description="acquired quarry", tco2e=4_000)
    record_removal(engagement, actor=SYSTEM, source="quarry reforestation", category="1", tco2e=321.5)
    complete_review(engagement, actor=actor(reviewer), on=date(2026, 2, 1))
    decide_opinion(engagement, actor=SYSTEM, opinion="unmodified")
    issued = issue_statement(engagement, actor=SYSTEM, on=date(2026, 3, 1))
    subject = _subject(issued)
    assert subject["verifiedRemovals"] == {"total_tco2e": 321.5, "by_category": {"1": 321.5}}
    assert subject["verifiedEmissions"]["total_tco2e"] == pytest.approx(60_280.9)
    assert (subject["baseYear"]["year"], subject["baseYear"]["recalculated_tco2e"]) == (2019, 54_000)
    words = {"en": ("Removals", "Base year"), "fr": ("Absorptions", "Année de référence"),
             "ru": ("Поглощения", "Базовый год")}  # fmt: skip
    for language, (removals, base_year) in words.items():
        text = pdf_text(statement_pdf(issued, language)).replace("\u00a0", " ").replace("\u202f", " ")
        assert removals in text and base_year in text, language
        sep = "." if language == "en" else ","
        for figure in (f"321{sep}500", "2019", f"54 000{sep}000", f"50 000{sep}000"):
            assert figure in text, (language, figure)


def test_a_project_claims_statement_carries_its_reductions_by_vintage(vv, verifier, reviewer) -> None:
    e = open_engagement(
        vv, actor=SYSTEM, client_name="Windpark Ost", title="Wind farm reductions", programme="voluntary",
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
    )  # fmt: skip
    assign_team(e, actor=SYSTEM, members=[verifier])
    e.reviewer = reviewer
    e.save()
    record_claim_figures(e, actor=SYSTEM, claim_type="iso14064-2-project", period="2025",
                         values={"baseline": 42_000, "project": 1_200, "leakage": 300})  # fmt: skip
    complete_review(e, actor=actor(reviewer), on=date(2026, 2, 1))
    decide_opinion(e, actor=SYSTEM, opinion="unmodified")
    issued = issue_statement(e, actor=SYSTEM, on=date(2026, 3, 1))
    claim = _subject(issued)["verifiedClaim"]
    assert (claim["type"], claim["total"], claim["periods"]) == (
        "iso14064-2-project",
        40_500,
        [["2025", [42_000, 1_200, 300], 40_500]],
    )
    text = pdf_text(statement_pdf(issued, "en")).replace("\u00a0", " ").replace("\u202f", " ")
    for phrase in ("GHG emission reductions", "Baseline emissions", "Leakage", "2025", "40 500.000"):
        assert phrase in text, phrase


def _subject(e) -> dict:
    """The credential subject of an issued statement, its signature checked with the body's JWKS."""
    jwks = json.loads(
        (Path(settings.DATA_DIR) / "registry-static/keys" / e.body.slug / "jwks.json").read_text()
    )
    v = credentials.verify(e.credential, [signing.keyring_from_jwks(jwks, jwks["issuer"])],
                           datetime(2026, 4, 1, tzinfo=UTC))  # fmt: skip
    assert v.ok, v.checks
    return v.credential["credentialSubject"]
