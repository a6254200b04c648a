"""Demo data of the proficiency area: EuroPT's scheme "Trace metals in drinking water".

Two past rounds are evaluated and published, a third is open for results. LCEM and seven
further (fictional) laboratories in different countries take part, each with one member;
results are drawn from a seeded generator around realistic levels (lead and cadmium near
the EU drinking-water parametric values), one laboratory reports a gross outlier.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from casys import clock
from casys.accounts.models import Body, BodyKind, Role
from casys.accounts.services.bodies import add_member, create_body
from casys.demo import demo_user
from casys.proficiency.models import Participation, PTScheme
from casys.proficiency.services import evaluation, results, rounds

ORDER = 40

SCHEME = "Trace metals in drinking water"

LABORATORIES = [
    (
        "wasserlabor-hamburg",
        "Wasserlabor Hamburg GmbH",
        "DE",
        "Hamburg",
        "analyst@wasserlabor-hamburg.example",
        "Jan Petersen",
    ),
    (
        "aguas-valencia-lab",
        "Laboratorio de Aguas de Valencia S.L.",
        "ES",
        "Valencia",
        "analista@aguas-valencia.example",
        "Lucía Martínez",
    ),
    ("vandlab-aarhus", "VandLab Aarhus ApS", "DK", "Aarhus", "analyst@vandlab.example", "Mette Nielsen"),
    (
        "acque-torino-lab",
        "Laboratorio Acque Torino S.r.l.",
        "IT",
        "Torino",
        "analista@acque-torino.example",
        "Marco Rossi",
    ),
    (
        "vesilab-tampere",
        "Vesilaboratorio Tampere Oy",
        "FI",
        "Tampere",
        "analyytikko@vesilab.example",
        "Aino Virtanen",
    ),
    (
        "aqualab-krakow",
        "AquaLab Kraków sp. z o.o.",
        "PL",
        "Kraków",
        "analityk@aqualab.example",
        "Piotr Nowak",
    ),
    (
        "rigas-udens-lab",
        "Rīgas ūdens laboratorija SIA",
        "LV",
        "Rīga",
        "analitikis@rigas-udens.example",
        "Ilze Kalniņa",
    ),
]

# Levels of the items (µg/L) and σpt for fitness for purpose (about 12 % for Pb, 12 % for Cd).
LEVELS = {("A", "Pb"): 9.6, ("B", "Pb"): 11.2, ("A", "Cd"): 2.1, ("B", "Cd"): 2.5}
SIGMA_PT = {"Pb": 1.2, "Cd": 0.25}
# (days before today the items were dispatched, whether the round is evaluated and published);
# a round's code is the scheme's prefix and the month of dispatch.
ROUNDS = [(300, True), (140, True), (10, False)]
# The second round: one laboratory applies a dilution factor twice to its lead results.
OUTLIER = (1, "wasserlabor-hamburg")


def _laboratories() -> list[Body]:
    labs = [Body.all_objects.get(slug="lcem")]
    for slug, name, country, city, email, person in LABORATORIES:
        lab = Body.all_objects.filter(slug=slug).first()
        if lab is None:
            lab = create_body(
                slug=slug, name=name, name_en=name, kind=BodyKind.LABORATORY, country=country, city=city
            )
        user = demo_user(email, person)
        add_member(lab, user, Role.ANALYST)
        labs.append(lab)
    return labs


def _entries(rng: np.random.Generator, bias: dict[str, float], outlier: bool) -> list[results.Entry]:
    entries = []
    for (item, measurand), level in LEVELS.items():
        x = level * (1.0 + bias[measurand]) + rng.normal(0.0, 0.5 * SIGMA_PT[measurand])
        if outlier and measurand == "Pb":
            x *= 3.0  # a dilution factor applied twice
        entries.append(
            results.Entry(item, measurand, round(float(x), 2 if measurand == "Pb" else 3), round(0.2 * x, 2))
        )
    return entries


def _run_round(scheme: PTScheme, labs: list[Body], index: int, days_ago: int, finished: bool) -> None:
    opens_on = clock.today() - timedelta(days=days_ago)
    code, seed = f"TMW-{opens_on:%Y-%m}", 2025 + index
    with clock.travel_to(opens_on):
        pt_round = rounds.create_round(
            scheme,
            code=code,
            title="Pb and Cd in drinking water, two samples",
            opens_on=opens_on,
            deadline=opens_on + timedelta(days=35),
            report_due=opens_on + timedelta(days=60),
        )
        for name, per_unit in (("Pb", 1e-9), ("Cd", 1e-9)):
            rounds.add_measurand(
                pt_round, name=name, unit="µg/L", sigma_pt=SIGMA_PT[name], mass_fraction_per_unit=per_unit
            )
        for item, text in (("A", "tap water, spiked"), ("B", "tap water, spiked, second level")):
            rounds.add_item(pt_round, code=item, description=text)
        rng = np.random.default_rng(seed)
        homogeneity = "item,replicate,result\n" + "".join(
            f"{n},{r},{LEVELS[('A', 'Pb')] + rng.normal(0, 0.08):.3f}\n" for n in range(1, 11) for r in (1, 2)
        )
        item_a = rounds.Item.all_objects.get(round=pt_round, code="A")
        rounds.record_homogeneity(
            item_a, rounds.Measurand.all_objects.get(round=pt_round, name="Pb"), csv_text=homogeneity
        )
        for number, lab in enumerate(labs, start=1):
            rounds.invite(
                pt_round, lab, code=f"L{number:02d}", language={"FR": "fr", "LV": "ru"}.get(lab.country, "en")
            )
        rounds.open_round(pt_round)
    biases = {lab.slug: {"Pb": rng.normal(0, 0.08), "Cd": rng.normal(0, 0.08)} for lab in labs}
    with clock.travel_to(opens_on + timedelta(days=20)):
        for participation in Participation.all_objects.filter(round=pt_round).select_related("participant"):
            lab = participation.participant
            if not finished and (lab.slug == "lcem" or participation.code > "L05"):
                continue  # the open round: LCEM and a few others have not answered yet
            outlier = (index, lab.slug) == OUTLIER
            results.submit(participation, _entries(rng, biases[lab.slug], outlier))
    if finished:
        with clock.travel_to(opens_on + timedelta(days=40)):
            rounds.close_round(pt_round)
            outlier_code = Participation.all_objects.get(round=pt_round, participant__slug=OUTLIER[1]).code
            exclusions = (
                {outlier_code: "dilution error confirmed by the laboratory"} if index == OUTLIER[0] else {}
            )
            evaluation.evaluate(
                pt_round, assigned="algorithm-a", sigma_source="prescribed", exclusions=exclusions
            )
            rounds.publish_round(pt_round)


def load_demo() -> None:
    provider = Body.all_objects.get(slug="europt")
    if PTScheme.all_objects.filter(provider=provider, name=SCHEME).exists():
        return
    labs = _laboratories()
    scheme = rounds.create_scheme(
        provider,
        name=SCHEME,
        description="Lead and cadmium in spiked tap water, ISO/IEC 17043; scored with ISO 13528.",
    )
    for index, (days_ago, finished) in enumerate(ROUNDS):
        _run_round(scheme, labs, index, days_ago, finished)
