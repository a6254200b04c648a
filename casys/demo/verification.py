"""Demo data of the verification area: KlimaVerif, a validation/verification body (ISO/IEC 17029, ISO 14065).

Five engagements: an EU ETS installation verified with an unmodified opinion; one where a projected
misstatement (from a monetary-unit sample of fuel invoices) pushes the aggregate over materiality, so
the opinion is modified; a limited-assurance verification of a voluntary corporate inventory, still
in execution; one in planning; and an ISO 14064-2 project claim (a wind farm's reductions by vintage)
verified on the same engine. The issued statements are signed credentials in the registry.

The engagement's middle (ISO 14064-3:2019 6.1) is shown too: the team's competences (sector and
programme, checked at assignment), the time allocated with its justification, a risk assessment per
source, the sampling plan with its seeded selection and evaluation, control tests, and the base year
with a structural change and removals reported apart.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casys import clock
from casys.accounts.models import Body, BodyKind, Role, User
from casys.accounts.services.bodies import add_member, create_body
from casys.auditlog.services import SYSTEM, Actor
from casys.demo import demo_user
from casys.verification.models import Engagement
from casys.verification.services.claims import record_claim_figures
from casys.verification.services.clients import add_client
from casys.verification.services.competence import record_competence
from casys.verification.services.engagements import (
    assign_reviewer,
    assign_team,
    complete_review,
    decide_opinion,
    import_statement,
    open_engagement,
    record_misstatement,
)
from casys.verification.services.planning import (
    assess_source,
    create_sampling_plan,
    evaluate_sample,
    plan_control_test,
    plan_engagement,
    record_control_result,
    record_removal,
    record_structural_change,
    selected_items,
    set_base_year,
)
from casys.verification.services.statements import issue_statement

ORDER = 60

SLUG = "klimaverif"
PEOPLE = [
    ("admin@klimaverif.example", "Katrin Vogel", Role.ADMIN),
    ("lead@klimaverif.example", "Felix Brandt", Role.VERIFIER),
    ("verifier@klimaverif.example", "Sofia Lang", Role.VERIFIER),
    ("reviewer@klimaverif.example", "Henrik Falk", Role.VERIFIER),
]
#: the contact of the client Glaswerk Ost, who signs in to the client portal
CLIENT_CONTACT = ("jana@glaswerk-ost.example", "Jana Ostermann")

CEMENT = (
    "source,category,gas,activity,activity_unit,factor,factor_unit\n"
    "kiln fuel (coal),1,CO2,1800,TJ,94.6,t/TJ\n"
    "kiln fuel (coal),1,CH4,1800,TJ,1,kg/TJ\n"
    "kiln fuel (coal),1,N2O,1800,TJ,1.5,kg/TJ\n"
    "clinker calcination,1,CO2,520000,t,0.525,t/t\n"
    "purchased electricity,2,CO2,95000,MWh,0.35,t/MWh\n"
)
STEEL = (
    "source,category,gas,activity,activity_unit,factor,factor_unit\n"
    "reheating furnaces (natural gas),1,CO2,2100,TJ,56.1,t/TJ\n"
    "reheating furnaces (natural gas),1,CH4,2100,TJ,1,kg/TJ\n"
    "electric arc furnace electrodes,1,CO2,4200,t,3.663,t/t\n"
    "switchgear,1,SF6,35,kg,1,kg/kg\n"
    "purchased electricity,2,CO2,410000,MWh,0.35,t/MWh\n"
)
BREWERY = (
    "source,category,gas,activity,activity_unit,factor,factor_unit\n"
    "boilers (natural gas),1,CO2,180,TJ,56.1,t/TJ\n"
    "cooling,1,HFC-134a,120,kg,1,kg/kg\n"
    "purchased electricity,2,CO2,21000,MWh,0.35,t/MWh\n"
    "inbound logistics,3,CO2,4500000,tkm,0.00009,t/tkm\n"
)


#: Competences recorded per verifier (kind, value): the register the team is checked against.
COMPETENCES = {
    "lead@klimaverif.example": [
        ("programme", "eu-ets"),
        ("programme", "cdm-small-scale"),
        ("sector", "cement"),
        ("sector", "iron and steel"),
        ("sector", "wind power"),
    ],
    "verifier@klimaverif.example": [("programme", "voluntary"), ("sector", "food and beverages")],
    "reviewer@klimaverif.example": [("programme", "eu-ets"), ("programme", "voluntary")],
}

# 120 natural-gas invoices of the steel plant's reheating furnaces: 117 810 t CO2 (2 100 TJ × 56.1 t/TJ).
GAS_INVOICES = "item,book_value\n" + "".join(
    f"GAS-{2 * k + 1:03d},{981.75 + (k % 7) * 40}\nGAS-{2 * k + 2:03d},{981.75 - (k % 7) * 40}\n"
    for k in range(60)
)
SAMPLE_SEED = 20250131


def _steel_sample(e: Engagement) -> None:
    """A MUS sample of the gas invoices; six sampled invoices were booked twice over (tainting 0.5)."""
    plan = create_sampling_plan(
        e, actor=SYSTEM, name="Natural gas invoices (reheating furnaces)", population=GAS_INVOICES,
        tolerable=5_000, confidence=0.95, seed=SAMPLE_SEED,
    )  # fmt: skip
    chosen = selected_items(plan)
    audited = {item: book for item, book in chosen}
    for item, book in chosen[:6]:
        audited[item] = round(book / 2, 2)
    evaluate_sample(
        plan, actor=SYSTEM, audited="item,audited_value\n" + "".join(f"{i},{v}\n" for i, v in audited.items())
    )


def _risks(e: Engagement, risks: list[tuple[str, str, str, str]]) -> None:
    for source, inherent, control, why in risks:
        assess_source(e, actor=SYSTEM, source=source, inherent=inherent, control=control, justification=why)


def _engagement(
    body: Body, client: str, title: str, programme: str, assurance: str, record: Body | None = None, **kw: Any
) -> Engagement:
    year = clock.today().year - 1
    return open_engagement(
        body, actor=SYSTEM, client_name=client, title=title, programme=programme, assurance=assurance,
        period_start=date(year, 1, 1), period_end=date(year, 12, 31), client=record, **kw,
    )  # fmt: skip


def load_demo() -> None:
    if Body.all_objects.filter(slug=SLUG).exists():
        return
    body = create_body(
        slug=SLUG, name="KlimaVerif GmbH", name_en="KlimaVerif GmbH",
        kind=BodyKind.VALIDATION_VERIFICATION_BODY, country="DE", city="Köln",
    )  # fmt: skip
    users = {}
    for email, name, role in PEOPLE:
        users[email] = demo_user(email, name)
        add_member(body, users[email], role)
    for email, held in COMPETENCES.items():
        for kind, value in held:
            record_competence(body, actor=SYSTEM, user=users[email], kind=kind, value=value)
    lead, second, reviewer = (users[e] for e, _n, _r in PEOPLE[1:])
    review_actor = Actor(user=reviewer, label=str(reviewer))
    today = clock.today()

    def run(e: Engagement, inventory: str, sector: str, days: float, why: str) -> Engagement:
        assign_team(e, actor=SYSTEM, members=[lead, second])
        assign_reviewer(e, actor=SYSTEM, reviewer=reviewer)
        plan_engagement(e, actor=SYSTEM, sector=sector, days=days, justification=why)
        import_statement(e, actor=SYSTEM, text=inventory)
        return e

    cement = run(
        _engagement(body, "Zementwerk Nord AG", "Annual emissions report", "eu-ets", "reasonable",
                    previous_average_tco2e=520_000),
        CEMENT, "cement", 6, "One site, five sources; category C installation: two days on site, "
        "process emissions (calcination) recalculated from the clinker balance",
    )  # fmt: skip
    _risks(cement, [
        ("kiln fuel (coal)", "medium", "low", "Belt weigher calibrated monthly; coal analysed per lot"),
        ("clinker calcination", "high", "medium", "Largest source; clinker output from a mass balance"),
        ("purchased electricity", "low", "low", "Supplier invoices match the meter readings"),
    ])  # fmt: skip
    weigher = plan_control_test(cement, actor=SYSTEM, control="Monthly calibration of the coal belt weigher",
                                tolerable_rate=0.05, risk=0.05)  # fmt: skip
    record_control_result(weigher, actor=SYSTEM, deviations=0)
    set_base_year(cement, actor=SYSTEM, year=2019, tco2e=455_000, threshold_percent=5,
                  source="the body's choice (no standard fixes the significance threshold)")  # fmt: skip
    record_structural_change(
        cement, actor=SYSTEM, description="Grinding station Hafen acquired", tco2e=12_000
    )
    complete_review(cement, actor=review_actor, on=today)
    decide_opinion(cement, actor=SYSTEM, opinion="unmodified")
    issue_statement(cement, actor=SYSTEM, on=today)

    steel = run(
        _engagement(body, "Stahlwerk Süd GmbH", "Annual emissions report", "eu-ets", "reasonable",
                    previous_average_tco2e=380_000),
        STEEL, "iron and steel", 8, "Electric arc furnace plus reheating furnaces; gas invoices sampled "
        "because the meter was replaced mid-year",
    )  # fmt: skip
    _risks(steel, [
        ("reheating furnaces (natural gas)", "high", "high", "Meter replaced in June; invoices keyed in"),
        ("electric arc furnace electrodes", "medium", "medium", "Electrode consumption from stock records"),
        ("switchgear", "low", "medium", "SF6 top-ups from the service log"),
        ("purchased electricity", "low", "low", "Supplier invoices match the meter readings"),
    ])  # fmt: skip
    reconciliation = plan_control_test(
        steel, actor=SYSTEM, control="Monthly reconciliation of gas meter readings with supplier invoices",
        tolerable_rate=0.05, risk=0.05,
    )  # fmt: skip
    record_control_result(reconciliation, actor=SYSTEM, deviations=2)
    record_misstatement(
        steel, actor=SYSTEM, kind="factual", amount=round(169.3 * 56.1, 2),
        description="Natural gas of December counted twice (meter reading and invoice)",
        start=(169.3, "TJ"), chain=[(56.1, "t/TJ", "t", "emission factor natural gas")],
    )  # fmt: skip
    _steel_sample(steel)
    complete_review(steel, actor=review_actor, on=today)
    decide_opinion(steel, actor=SYSTEM, opinion="modified")
    issue_statement(steel, actor=SYSTEM, on=today)

    brewery = run(
        _engagement(body, "Brauerei Rhein KG", "Corporate GHG inventory", "voluntary", "limited"), BREWERY,
        "food and beverages", 3, "Limited assurance: analytical procedures on four sources, one day on site",
    )  # fmt: skip
    set_base_year(brewery, actor=SYSTEM, year=2019, tco2e=18_500, threshold_percent=5,
                  source="the body's choice (no standard fixes the significance threshold)")  # fmt: skip
    record_structural_change(brewery, actor=SYSTEM, description="Malt house Bonn acquired", tco2e=1_400)
    record_removal(brewery, actor=SYSTEM, source="Company forest (reforestation)", category="1", tco2e=85)
    # the client in planning keeps its record here: its contact uploads the statement on the portal
    glass = add_client(body, actor=SYSTEM, name="Glaswerk Ost GmbH", country="DE", city="Jena")
    add_member(glass, demo_user(*CLIENT_CONTACT), Role.CLIENT_CONTACT)
    _engagement(body, "Glaswerk Ost GmbH", "Annual emissions report", "eu-ets", "reasonable", record=glass)

    _wind_farm(body, lead, reviewer)


def _wind_farm(body: Body, lead: User, reviewer: User) -> Engagement:
    """An ISO 14064-2 project claim: a wind farm's emission reductions for two vintages, verified."""
    last = clock.today().year - 1
    wind = open_engagement(
        body, actor=SYSTEM, client_name="Windpark Eifel GmbH & Co. KG",
        title="Wind farm Eifel: emission reductions", programme="cdm-small-scale", assurance="reasonable",
        period_start=date(last - 1, 1, 1), period_end=date(last, 12, 31),
    )  # fmt: skip
    assign_team(wind, actor=SYSTEM, members=[lead])
    assign_reviewer(wind, actor=SYSTEM, reviewer=reviewer)
    plan_engagement(
        wind, actor=SYSTEM, sector="wind power", days=3,
        justification="Two vintages; grid emission factor and metered net output checked",
    )  # fmt: skip
    for year, (baseline, project) in ((last - 1, (31_200, 140)), (last, (32_950, 155))):
        values = {"baseline": baseline, "project": project, "leakage": 0}
        record_claim_figures(
            wind, actor=SYSTEM, claim_type="iso14064-2-project", period=str(year), values=values
        )
    complete_review(wind, actor=Actor(user=reviewer, label=str(reviewer)), on=clock.today())
    decide_opinion(wind, actor=SYSTEM, opinion="unmodified")
    return issue_statement(wind, actor=SYSTEM, on=clock.today())
