"""Demo data of the laboratory area (ISO/IEC 17025): LCEM's methods, customers, agreements, results, a report.

The three methods use realistic limits: the maximum permissible error of a
10 kg class F1 weight (± 50 mg, OIML R 111-1:2004 Table 1), the indicator value
for the conductivity of drinking water (2500 µS/cm at 20 °C, Directive (EU)
2020/2184 Annex I Part C) and the tensile strength of S355 steel (470 to
630 MPa for 3 mm to 100 mm, EN 10025-2:2019 Table 7). The uncertainty figures are
plausible, not taken from a real laboratory.
"""

from __future__ import annotations

from datetime import date, timedelta

from casys.accounts.models import Body, User
from casys.auditlog.services import Actor
from casys.laboratory.models import SamplingScheme, TestMethod
from casys.laboratory.services.agreements import add_customer, record_agreement
from casys.laboratory.services.lot_sampling import create_scheme, record_lot
from casys.laboratory.services.methods import create_method
from casys.laboratory.services.reports import create_report, issue_report, set_customer_record
from casys.laboratory.services.results import record_result

ORDER = 30

MASS_MODEL = """\
# Conventional mass error of a 10 kg weight by comparison with a class E2 reference (OIML R 111-1 C.6)
[model]
expression = "dm_R + dm + d_drift + d_buoy + d_res"

[inputs.dm_R]        # error of the reference weight, certificate: U = 5 mg (k = 2)
distribution = "normal"
mean = 2.0
std = 2.5

[inputs.dm]          # mean of three ABBA cycles on the comparator, mg
distribution = "normal"
mean = {dm}
std = 1.2
dof = 2

[inputs.d_drift]     # drift of the reference since its calibration, mg
distribution = "rectangular"
low = -1.5
high = 1.5

[inputs.d_buoy]      # air buoyancy correction, mg
distribution = "rectangular"
low = -1.0
high = 1.0

[inputs.d_res]       # comparator resolution 0.1 mg
distribution = "rectangular"
low = -0.05
high = 0.05
"""

TENSILE_MODEL = """\
# Tensile strength Rm = Fm / S0 of a round bar, S0 = pi d^2 / 4 (ISO 6892-1:2019 3.10.1, 3.4.2)
[model]
expression = "Fm / (pi * d^2 / 4)"

[inputs.Fm]          # maximum force, N; force-measuring system class 1 (ISO 7500-1): +/- 1 %
distribution = "rectangular"
low = {f_low}
high = {f_high}

[inputs.d]           # diameter, mm: mean of three micrometer readings
distribution = "normal"
mean = 20.00
std = 0.02
dof = 2
"""

CONDUCTIVITY_BUDGET = """\
repeatability (5 readings); 8.0; 1; 4
cell constant (KCl reference solution); 12.0; 1
temperature compensation to 20 °C; 7.5; 1
meter resolution; 0.29; 1
"""


def _tensile(force_kn: float) -> str:
    f = force_kn * 1000.0
    return TENSILE_MODEL.format(f_low=round(f * 0.99, 1), f_high=round(f * 1.01, 1))


def _actor(email: str) -> Actor:
    user = User.objects.get(email=email)
    return Actor(user=user, label=str(user))


def _methods(lab: Body, analyst: Actor) -> dict[str, TestMethod]:
    mass = create_method(
        lab,
        actor=analyst,
        code="mass-10kg-f1",
        title="Calibration of a 10 kg weight, OIML class F1",
        measurand="conventional mass error of the weight",
        unit="mg",
        lower_limit=-50.0,
        upper_limit=50.0,
        uncertainty_source="model",
        model_toml=MASS_MODEL.format(dm="10.0"),
    )
    water = create_method(
        lab,
        actor=analyst,
        code="conductivity-water",
        title="Electrical conductivity of drinking water (EN 27888)",
        measurand="electrical conductivity at 20 °C",
        unit="µS/cm",
        lower_limit=None,
        upper_limit=2500.0,
        uncertainty_source="budget",
        budget_text=CONDUCTIVITY_BUDGET,
    )
    tensile = create_method(
        lab,
        actor=analyst,
        code="tensile-s355",
        title="Tensile strength of S355 steel bar (ISO 6892-1)",
        measurand="tensile strength Rm",
        unit="MPa",
        lower_limit=470.0,
        upper_limit=630.0,
        uncertainty_source="model",
        model_toml=_tensile(160.0),
    )
    return {"mass": mass, "water": water, "tensile": tensile}


# Incoming inspection of bolts, lot by lot (ISO 2859-1 / MIL-STD-105E, level II, AQL 1.0, lots of
# 1200: code letter J, n = 80). Found per lot: lots 4 and 6 rejected on normal inspection switch
# to tightened (4.7.1); lot 8 is rejected on tightened; lots 9 to 13 accepted return to normal (4.7.2).
BOLT_LOTS = (0, 1, 0, 3, 1, 4, 0, 2, 0, 1, 0, 0, 1, 1, 0)


def load_lot_sampling_demo(lab: Body) -> None:
    """LCEM's incoming inspection of a supplier's bolts: 15 lots, normal → tightened → normal."""
    if SamplingScheme.all_objects.filter(body=lab, code="bolts-m10").exists():
        return
    analyst = _actor("analyst@lcem.example")
    scheme = create_scheme(
        lab,
        actor=_actor("admin@lcem.example"),
        code="bolts-m10",
        product="Hex bolts ISO 4017 M10 x 50, property class 8.8",
        characteristic="thread (GO/NO GO ring gauges) and head height",
        supplier="Visserie du Rhône SARL",
        level="II",
        aql="1.0",
        sampling="single",
        basis="nonconforming",
        lot_size=1200,
    )
    for index, found in enumerate(BOLT_LOTS):
        record_lot(
            scheme,
            actor=analyst,
            lot=f"VR-2026-{index + 1:03d}",
            lot_size=1200,
            inspected_on=date(2026, 1, 5) + timedelta(weeks=index),
            d1=found,
            note="Supplier's 8D report 26-04 received" if index == 8 else "",
        )


def load_demo() -> None:
    lab = Body.all_objects.get(slug="lcem")
    load_lot_sampling_demo(lab)
    if TestMethod.all_objects.filter(body=lab).exists():
        return
    analyst, reviewer = _actor("analyst@lcem.example"), _actor("reviewer@lcem.example")
    methods = _methods(lab, analyst)
    steel = add_customer(lab, actor=reviewer, name="Aciéries du Rhône SA", country="FR", city="Givors")
    scales = add_customer(lab, actor=reviewer, name="Pesage Rhône-Alpes SARL", country="FR", city="Grenoble")
    water = add_customer(
        lab, actor=reviewer, name="Syndicat des Eaux du Beaujolais", country="FR", city="Anse"
    )
    # French customers of a French laboratory: their reports are issued in French (ISO/IEC 17025 7.8.2)
    for customer, contact, email in (
        (steel, "Marc Giraud", "marc.giraud@acieries-rhone.example"),
        (scales, "Sophie Blanc", "s.blanc@pesage-ra.example"),
        (water, "Julien Perrin", "julien.perrin@eaux-beaujolais.example"),
    ):
        set_customer_record(
            lab, customer, actor=reviewer, report_language="fr", contact_name=contact, contact_email=email
        )
    simple_steel = record_agreement(
        lab,
        actor=reviewer,
        customer=steel,
        method=None,
        rule="simple",
        r=0.0,
        binary=True,
        agreed_on=date(2026, 1, 12),
        customer_representative="Marc Giraud, quality manager",
        notes="Contract 2026-017: simple acceptance for production release.",
    )
    guarded_steel = record_agreement(
        lab,
        actor=reviewer,
        customer=steel,
        method=methods["tensile"],
        rule="guarded-acceptance",
        r=1.0,
        binary=False,
        agreed_on=date(2026, 2, 3),
        customer_representative="Marc Giraud, quality manager",
        notes="Bars for a pressure-equipment customer: guarded acceptance, w = U.",
    )
    guarded_scales = record_agreement(
        lab,
        actor=reviewer,
        customer=scales,
        method=methods["mass"],
        rule="guarded-acceptance",
        r=1.0,
        binary=True,
        agreed_on=date(2026, 1, 20),
        customer_representative="Sophie Blanc, technical director",
    )
    record_agreement(
        lab,
        actor=reviewer,
        customer=water,
        method=None,
        rule="simple",
        r=1.0,
        binary=False,
        agreed_on=date(2026, 2, 10),
        customer_representative="Julien Perrin, head of the water works",
    )
    mass_far = record_result(
        lab,
        actor=analyst,
        method=methods["mass"],
        customer=scales,
        sample="Weight 10 kg PRA-0412",
        measured_on=date(2026, 3, 2),
        item_description="Stainless-steel weight, nominal 10 kg, OIML class F1, in its case",
        received_on=date(2026, 2, 26),
        model_toml=MASS_MODEL.format(dm="10.0"),
        mcm_seed=20260302,
    )
    mass_near = record_result(
        lab,
        actor=analyst,
        method=methods["mass"],
        customer=scales,
        sample="Weight 10 kg PRA-0413",
        measured_on=date(2026, 3, 2),
        item_description="Stainless-steel weight, nominal 10 kg, OIML class F1, in its case",
        received_on=date(2026, 2, 26),
        model_toml=MASS_MODEL.format(dm="45.0"),
        mcm_seed=20260303,
    )
    # Release tests of earlier heats (one bar each): the method's history, from which the method page
    # estimates the production process for global risks (JCGM 106:2012 9.5).
    for n, force in enumerate(
        (163.1, 158.4, 170.2, 161.7, 166.0, 155.9, 167.8, 159.3, 164.6, 172.4, 157.2, 162.5)
    ):
        record_result(
            lab,
            actor=analyst,
            method=methods["tensile"],
            customer=steel,
            sample=f"Heat 24-{101 + n}, bar 1",
            measured_on=date(2026, 2, 2 + 2 * n),
            model_toml=_tensile(force),
        )
    steel_results = [
        record_result(
            lab,
            actor=analyst,
            method=methods["tensile"],
            customer=steel,
            sample=sample,
            measured_on=date(2026, 3, 5),
            model_toml=_tensile(force),
            mcm_seed=20260305,
        )
        for sample, force in (("Heat 24-118, bar 3", 160.0), ("Heat 24-121, bar 1", 148.3))
    ]
    for sample, value in (("Well P2, 2026-03-04", 612.0), ("Reservoir Anse-Nord, 2026-03-04", 2478.0)):
        record_result(
            lab,
            actor=analyst,
            method=methods["water"],
            customer=water,
            sample=sample,
            measured_on=date(2026, 3, 6),
            value=value,
        )
    report = create_report(
        lab,
        actor=reviewer,
        customer=scales,
        title="Calibration of two 10 kg weights, class F1",
        results=[mass_far, mass_near],
        agreements=[guarded_scales],
    )
    issue_report(report, actor=reviewer, on=date(2026, 3, 10))
    create_report(
        lab,
        actor=analyst,
        customer=steel,
        title="Tensile tests of S355 bars, heats 24-118 and 24-121",
        results=steel_results,
        agreements=[simple_steel, guarded_steel],
    )
