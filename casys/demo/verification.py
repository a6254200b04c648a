"""Demo data of the verification area: KlimaVerif, a validation/verification body (ISO/IEC 17029, ISO 14065).

Four engagements: an EU ETS installation verified with an unmodified opinion; one where a projected
misstatement (from a monetary-unit sample of fuel invoices) pushes the aggregate over materiality, so
the opinion is modified; a limited-assurance verification of a voluntary corporate inventory, still
in execution; and one in planning. The issued statements are signed credentials in the registry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casys import clock
from casys.accounts.models import Body, BodyKind, Role, User
from casys.accounts.services.bodies import add_member, create_body
from casys.auditlog.services import SYSTEM, Actor
from casys.demo import DEMO_PASSWORD
from casys.verification.models import Engagement
from casys.verification.services.clients import add_client
from casys.verification.services.engagements import (
    assign_reviewer,
    assign_team,
    complete_review,
    decide_opinion,
    import_statement,
    open_engagement,
    record_misstatement,
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


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email, DEMO_PASSWORD, full_name=name)


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
        users[email] = _user(email, name)
        add_member(body, users[email], role)
    lead, second, reviewer = (users[e] for e, _n, _r in PEOPLE[1:])
    review_actor = Actor(user=reviewer, label=str(reviewer))
    today = clock.today()

    def run(e: Engagement, inventory: str) -> Engagement:
        assign_team(e, actor=SYSTEM, members=[lead, second])
        assign_reviewer(e, actor=SYSTEM, reviewer=reviewer)
        import_statement(e, actor=SYSTEM, text=inventory)
        return e

    cement = run(
        _engagement(body, "Zementwerk Nord AG", "Annual emissions report", "eu-ets", "reasonable",
                    previous_average_tco2e=520_000),
        CEMENT,
    )  # fmt: skip
    complete_review(cement, actor=review_actor, on=today)
    decide_opinion(cement, actor=SYSTEM, opinion="unmodified")
    issue_statement(cement, actor=SYSTEM, on=today)

    steel = run(
        _engagement(body, "Stahlwerk Süd GmbH", "Annual emissions report", "eu-ets", "reasonable",
                    previous_average_tco2e=380_000),
        STEEL,
    )  # fmt: skip
    record_misstatement(
        steel, actor=SYSTEM, kind="factual", amount=round(169.3 * 56.1, 2),
        description="Natural gas of December counted twice (meter reading and invoice)",
        start=(169.3, "TJ"), chain=[(56.1, "t/TJ", "t", "emission factor natural gas")],
    )  # fmt: skip
    record_misstatement(
        steel, actor=SYSTEM, kind="projected", amount=8_200,
        description="Projected from a monetary-unit sample of 60 fuel invoices (Stringer bound 14 900 t)",
        upper_limit=14_900,
    )  # fmt: skip
    complete_review(steel, actor=review_actor, on=today)
    decide_opinion(steel, actor=SYSTEM, opinion="modified")
    issue_statement(steel, actor=SYSTEM, on=today)

    run(_engagement(body, "Brauerei Rhein KG", "Corporate GHG inventory", "voluntary", "limited"), BREWERY)
    # the client in planning keeps its record here: its contact uploads the statement on the portal
    glass = add_client(body, actor=SYSTEM, name="Glaswerk Ost GmbH", country="DE", city="Jena")
    add_member(glass, _user(*CLIENT_CONTACT), Role.CLIENT_CONTACT)
    _engagement(body, "Glaswerk Ost GmbH", "Annual emissions report", "eu-ets", "reasonable", record=glass)
