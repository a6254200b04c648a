"""Certification demo: baltcert and eurasia-cert with auditors, clients and certificates in several states.

Dates are relative to ``casys.clock.today()`` so the dashboards always show audits due
and overdue, a certificate expiring soon and a suspension near its limit. Everything is
made through the services, as staff would, so the audit log and the registry signal
see the same history. Loading twice changes nothing (a body with certification clients
is left as it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casys import clock
from casys.accounts.models import Body, User
from casys.certification.models import Audit, Auditor, Certificate, Client
from casys.certification.services import applications, auditors, audits, clients, decisions, products
from casys.certification.services.applications import SiteInput
from casys.certification.services.certificates import add_event

ORDER = 20


@dataclass(frozen=True)
class Case:
    client: str  # slug of the client Body (casys/demo/__init__.py)
    language: str
    schemes: tuple[str, ...]
    codes: tuple[int, ...]
    scope: str
    complexity: str
    sites: tuple[SiteInput, ...]
    decided_days_ago: int | None  # None: application not reviewed yet
    surveillance_done: int = 0
    finding: tuple[str, str, str] | None = None  # grade, clause, evidence (on the last audit)
    suspended_days_ago: int | None = None


BALTCERT = [
    Case(
        "mueller-praezision",
        "en",
        ("iso9001",),
        (17, 18),
        "Machining and assembly of precision turned parts",
        "medium",
        (
            SiteInput(
                "Werk Stuttgart",
                "Industriestraße 12, 70565 Stuttgart",
                "DE",
                True,
                full_time=140,
                part_time=20,
                part_time_hours=20,
            ),
            SiteInput("Werk Esslingen", "Mettinger Straße 5, 73728 Esslingen", "DE", full_time=35, shift=12),
        ),
        300,
        finding=("minor", "ISO 9001:2015 7.1.5.2", "Calibration of micrometer M-114 overdue by 3 weeks"),
    ),
    Case(
        "slm",
        "fr",
        ("iso9001",),
        (18,),
        "Usinage et montage de sous-ensembles mécaniques",
        "medium",
        (SiteInput("Villeurbanne", "12 rue du Dauphiné, 69100 Villeurbanne", "FR", True, full_time=60),),
        400,
    ),
    Case(
        "nordfisk",
        "en",
        ("iso9001",),
        (3,),
        "Processing and packing of frozen seafood",
        "medium",
        (SiteInput("Ålesund plant", "Havnegata 3, 6005 Ålesund", "NO", True, full_time=80, shift=40),),
        520,
        surveillance_done=1,
        suspended_days_ago=160,
    ),
    Case(
        "rigas-piens",
        "en",
        ("iso9001",),
        (3,),
        "Production of dairy products",
        "medium",
        (SiteInput("Rīga", "Mūkusalas iela 41, Rīga", "LV", True, full_time=210),),
        3 * 365 - 60,
        surveillance_done=2,
    ),
]
EURASIA = [
    Case(
        "volzhsky-pishchekombinat",
        "ru",
        ("iso14001", "iso45001"),
        (3,),
        "Производство хлебобулочных и кондитерских изделий",
        "medium",
        (
            SiteInput(
                "Самара, основная площадка", "ул. Заводская, 7, Самара", "RU", True, full_time=260, shift=60
            ),
        ),
        200,
        finding=("major", "ISO 45001:2018 8.1.2", "Guard of dough mixer No. 3 removed; no risk assessment"),
    ),
    Case(
        "kazagrotech",
        "ru",
        ("iso9001",),
        (1,),
        "Выращивание зерновых культур",
        "medium",
        (SiteInput("Астана", "пр. Кабанбай батыра, 11, Астана", "KZ", True, full_time=45),),
        380,
    ),
]
AUDITORS: dict[str, list[tuple[str, str | None, list[str], list[tuple[str, int]]]]] = {
    "baltcert": [
        (
            "Anna Kalniņa",
            "auditor@baltcert.example",
            ["iso9001"],
            [("iso9001", 3), ("iso9001", 17), ("iso9001", 18)],
        ),
        ("Tomas Petrauskas", "auditor2@baltcert.example", ["iso9001"], [("iso9001", 3), ("iso9001", 28)]),
        ("Ilze Krūmiņa", None, [], [("iso9001", 18), ("iso9001", 29)]),
    ],
    "eurasia-cert": [
        (
            "Дмитрий Волков",
            "auditor@eurasia.example",
            ["iso9001", "iso14001", "iso45001"],
            [("iso9001", 1), ("iso14001", 3), ("iso45001", 3), ("iso9001", 3)],
        ),
        ("Марина Ким", None, [], [("iso14001", 3), ("iso9001", 1)]),
    ],
}
DECISION_MAKERS = {"baltcert": "decision@baltcert.example", "eurasia-cert": "admin@eurasia.example"}


def _auditors(cb: Body) -> list[Auditor]:
    out = []
    for name, email, leader_for, quals in AUDITORS[cb.slug]:
        user = User.objects.filter(email=email).first() if email else None
        a = auditors.create_auditor(cb, name=name, user=user, leader_for=leader_for)
        for scheme_id, code in quals:
            auditors.add_qualification(a, scheme_id, code)
        out.append(a)
    return out


def _do(audit: Audit, leader: Auditor, on: date) -> None:
    audits.plan_audit(audit, leader=leader, team=[], planned_on=on, days=audit.days or 1)
    audits.record_audit(audit, done_on=on, mode="on-site", days=audit.days or 1, report="No major issues.")


def _case(cb: Body, case: Case, team: list[Auditor], dm: User, today: date) -> None:
    org = Body.all_objects.get(slug=case.client)
    client = clients.create_client(
        cb, name=org.name, country=org.country, organisation=org, language=case.language
    )
    received = today - timedelta(days=(case.decided_days_ago or 0) + 90)
    app = applications.create_application(
        cb,
        client,
        schemes=list(case.schemes),
        scope=case.scope,
        iaf_codes=list(case.codes),
        complexity=case.complexity,
        sites=list(case.sites),
        received_on=received,
    )
    if case.decided_days_ago is None:
        return
    applications.review_application(app, on=received + timedelta(days=7), user=dm)
    decided = today - timedelta(days=case.decided_days_ago)
    leader = team[0]
    stages = list(app.audits.order_by("id"))
    for i, audit in enumerate(stages):
        _do(audit, leader, decided - timedelta(days=40 - 20 * i))
    last = stages[-1]
    if case.finding and case.surveillance_done == 0:
        audits.add_finding(
            last,
            grade=case.finding[0],
            clause=case.finding[1],
            evidence=case.finding[2],
            due=last.done_on + timedelta(days=90),
            on=last.done_on,
        )  # type: ignore[operator]
        if case.finding[0] == "major":
            return _major_then_decide(app, dm, decided, leader)
    decisions.take_decision(
        app, review_notes="Audit reports reviewed; evidence sufficient.", user=dm, on=decided
    )
    for audit in app.audits.filter(phase="surveillance").order_by("latest")[: case.surveillance_done]:
        _do(audit, leader, audit.latest - timedelta(days=30))  # type: ignore[operator]
    if case.suspended_days_ago is not None:
        cert = Certificate.all_objects.get(application=app)
        add_event(
            cert,
            "suspended",
            at=today - timedelta(days=case.suspended_days_ago),
            user=dm,
            why="Surveillance audit not carried out within the required time (ISO/IEC 17021-1:2015 9.6.5)",
        )


def _major_then_decide(app: Any, dm: User, decided: date, leader: Auditor) -> None:
    """The integrated client's major NC is answered and verified before the decision (9.5.3)."""
    finding = app.audits.order_by("-id").first().findings.get()
    audits.answer_finding(
        finding,
        correction="Guard refitted the same day",
        root_cause="Maintenance work order had no step to refit guards",
        corrective_action="Work orders now require a guard check",
        on=decided - timedelta(days=10),
    )
    audits.verify_finding(finding, on=decided - timedelta(days=5), user=leader.user)
    stage2 = app.audits.order_by("-id").first()
    audits.add_finding(
        stage2,
        grade="minor",
        clause="ISO 14001:2015 6.1.2",
        evidence="Aspect register does not cover the new packaging line",
        due=decided + timedelta(days=60),
        on=stage2.done_on,
    )
    decisions.take_decision(
        app, review_notes="Major NC closed and verified; reports reviewed.", user=dm, on=decided
    )


def _product_case(cb: Body, team: list[Auditor], dm: User, today: date) -> None:
    """A product client (ISO/IEC 17065, scheme type 5): two kettle types made in one factory,
    type-tested and inspected, certified with a licence to use the mark."""
    org = Body.all_objects.get(slug="kauno-elektra")
    client = clients.create_client(cb, name=org.name, country=org.country, organisation=org, language="en")
    decided = today - timedelta(days=120)
    app = products.create_product_application(
        cb,
        client,
        scheme_id="type5-electrical",
        products=[
            products.ProductInput(
                "Electric kettle",
                "EV-1700",
                "Cordless kettle, 1.7 l, stainless steel",
                "230 V~, 50 Hz, 2200 W",
            ),
            products.ProductInput(
                "Electric kettle", "EV-1000", "Travel kettle, 1.0 l", "230 V~, 50 Hz, 1200 W"
            ),
        ],
        manufacturer=products.PartyInput(org.name, "Pramonės pr. 16, 51329 Kaunas", "LT"),
        factories=[products.PartyInput("Gamykla Kaunas", "Pramonės pr. 16, 51329 Kaunas", "LT")],
        received_on=decided - timedelta(days=90),
    )
    products.review_product_application(app, on=decided - timedelta(days=83), user=dm)
    test, inspection = app.audits.order_by("id")
    tested = decided - timedelta(days=40)
    products.record_activity(
        test,
        done_on=tested,
        team=[team[1]],
        today=today,
        days=2,
        report="Type tests to IEC 60335-1 and IEC 60335-2-15 witnessed at the laboratory.",
        results=[
            products.ResultInput(p.pk, f"TR-{p.type_designation}-01", "Baltic Test Lab", tested, "pass")
            for p in app.products.all()
        ],
    )
    products.record_activity(
        inspection,
        done_on=decided - timedelta(days=20),
        team=[team[0]],
        today=today,
        report="Routine tests in place.",
    )
    audits.add_finding(
        inspection,
        grade="minor",
        clause="IEC 60335-1 Annex A (routine tests)",
        evidence="Earth-continuity test records of one shift not signed",
        due=decided + timedelta(days=60),
        on=decided - timedelta(days=20),
    )
    products.take_product_decision(
        app,
        outcome="grant",
        review_notes="Type-test reports and factory inspection reviewed.",
        user=dm,
        on=decided,
    )


def load_demo() -> None:
    today = clock.today()
    for slug, cases in (("baltcert", BALTCERT), ("eurasia-cert", EURASIA)):
        cb = Body.all_objects.get(slug=slug)
        if Client.all_objects.filter(body=cb).exists():
            continue  # already loaded
        team = _auditors(cb)
        dm = User.objects.get(email=DECISION_MAKERS[slug])
        for case in cases:
            _case(cb, case, team, dm, today)
        if slug == "baltcert":
            _product_case(cb, team, dm, today)
