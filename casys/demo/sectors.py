"""Sector schemes in the demo (ORDER 26, after the audits demo): Baltic Certification quotes an
ISO/IEC 27001 client by the ISO/IEC 27006-1 method and an ISO 22000 dairy by the ISO/TS 22003-1
formula, from tables it loaded itself — casys's EXAMPLE tables, labelled as such in their source,
because the real tables are not public — and plans the ISMS client's initial audit, whose plan
times sum to the audit time of the method. A hospital on ISO 7101 gets an audit team whose
healthcare competence (ISO/IEC TS 17021-15) is only complete together.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources

from casys import clock
from casys.accounts.models import Body, User
from casys.certification.models import Application, Audit, Auditor, Client
from casys.certification.services import applications, audit_tables, auditors, audits, clients, plans
from casys.certification.services.applications import SiteInput
from casys.core.data import audit_time_examples

ORDER = 26
ISMS_CLIENT = "Daugava Data SIA"
FOOD_CLIENT = "Latgales Piens AS"
HOSPITAL = "Vidzemes slimnīca"
EXAMPLE_SOURCE = "EXAMPLE table shipped with casys (made-up numbers, not {doc}); demo only"
HEALTHCARE = ["healthcare-context", "patient-safety", "clinical-governance", "people-centred-care"]


def _load_example(cb: Body, table_id: str, doc: str) -> None:
    text = (resources.files(audit_time_examples) / f"{table_id}.example.csv").read_text(encoding="utf-8")
    audit_tables.load_table(cb, table_id, text, EXAMPLE_SOURCE.format(doc=doc))


def _qualify(cb: Body, today: date) -> dict[str, Auditor]:
    by_name = {a.name: a for a in Auditor.all_objects.filter(body=cb)}
    since, until = today - timedelta(days=3 * 365), today + timedelta(days=2 * 365)
    anna, tomas, ilze = by_name["Anna Kalniņa"], by_name["Tomas Petrauskas"], by_name["Ilze Krūmiņa"]
    auditors.add_qualification(
        anna, "iso27001", [33], roles=["auditor", "team_leader"], valid_from=since, valid_until=until
    )
    auditors.add_qualification(
        anna, "iso22000", [3], roles=["auditor", "team_leader"], valid_from=since, valid_until=until
    )
    auditors.add_qualification(
        tomas,
        "iso7101",
        [38],
        roles=["auditor", "team_leader"],
        areas=HEALTHCARE[:2],
        valid_from=since,
        valid_until=until,
    )
    auditors.add_qualification(
        ilze, "iso7101", [38], areas=HEALTHCARE[2:], valid_from=since, valid_until=until
    )
    return by_name


def _application(
    cb: Body,
    name: str,
    scheme: str,
    codes: list[int],
    scope: str,
    site: SiteInput,
    received: date,
    **inputs: object,
) -> Application:
    client = clients.create_client(cb, name=name, country="LV", city=site.address, language="en")
    return applications.create_application(
        cb,
        client,
        schemes=[scheme],
        scope=scope,
        iaf_codes=codes,
        complexity="medium",
        sites=[site],
        received_on=received,
        audit_time_inputs=dict(inputs),
    )


def _isms_client(cb: Body, team: dict[str, Auditor], dm: User, today: date) -> None:
    """ISO/IEC 27001 by ISO/IEC 27006-1 (EXAMPLE table): 80 persons, IT environment +10 %; stage 1
    and stage 2 planned next month with a generated plan each, summing to the stages' days."""
    site = SiteInput(name="Rīga office", address="Rīga", country="LV", central=True, full_time=80)
    received = today - timedelta(days=20)
    app = _application(
        cb,
        ISMS_CLIENT,
        "iso27001",
        [33],
        "Hosting and operation of cloud accounting services",
        site,
        received,
        factors=[{"percent": 10, "reason": "IT environment: three data centres and a public cloud tenancy"}],
    )
    applications.review_application(app, on=received + timedelta(days=5), user=dm)
    for i, audit in enumerate(Audit.all_objects.filter(application=app).order_by("id")):
        on = today + timedelta(days=30 + 14 * i)
        audits.plan_audit(audit, leader=team["Anna Kalniņa"], team=[], planned_on=on, days=audit.days or 1)
        plans.generate(Audit.all_objects.get(pk=audit.pk))


def _food_client(cb: Body, dm: User, today: date) -> None:
    """ISO 22000 by ISO/TS 22003-1 (EXAMPLE table): category C, two HACCP studies, 55 FTE."""
    site = SiteInput(name="Daugavpils plant", address="Daugavpils", country="LV", central=True, full_time=55)
    received = today - timedelta(days=10)
    app = _application(
        cb,
        FOOD_CLIENT,
        "iso22000",
        [3],
        "Production of cheese and butter",
        site,
        received,
        category="C",
        haccp_studies=2,
    )
    applications.review_application(app, on=received + timedelta(days=3), user=dm)


def _hospital(cb: Body, team: dict[str, Auditor], dm: User, today: date) -> None:
    """ISO 7101: stage 1 assigned to two auditors who cover the healthcare areas only together."""
    site = SiteInput(name="Valmiera hospital", address="Valmiera", country="LV", central=True, full_time=400)
    received = today - timedelta(days=15)
    app = _application(cb, HOSPITAL, "iso7101", [38], "Acute and outpatient care", site, received)
    applications.review_application(app, on=received + timedelta(days=5), user=dm)
    stage1 = Audit.all_objects.filter(application=app, kind="stage1").get()
    audits.plan_audit(
        stage1,
        leader=team["Tomas Petrauskas"],
        team=[team["Ilze Krūmiņa"]],
        planned_on=today + timedelta(days=40),
        days=stage1.days or 1,
    )


def load_demo() -> None:
    cb = Body.all_objects.get(slug="baltcert")
    if Client.all_objects.filter(body=cb, organisation__name=ISMS_CLIENT).exists():
        return  # already loaded
    today = clock.today()
    dm = User.objects.get(email="decision@baltcert.example")
    _load_example(cb, "iso27006-1", "ISO/IEC 27006-1")
    _load_example(cb, "iso22003-1", "ISO/TS 22003-1")
    team = _qualify(cb, today)
    _isms_client(cb, team, dm, today)
    _food_client(cb, dm, today)
    _hospital(cb, team, dm, today)
