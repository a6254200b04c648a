"""Certification demo: baltcert and eurasia-cert with auditors, clients and certificates in several states.

Dates are relative to ``casys.clock.today()`` (the demo's date) so the dashboards always show audits
due and overdue, a certificate expiring soon and a suspension near its limit; for the daily run
(``casys daily``, issue 20) baltcert has a surveillance due next week (tallinna-metall), one
overdue past the scheme's limit (slm: 35 days, iso9001 allows 30 before a suspension is proposed)
and a certificate expiring tomorrow (kurzemes-masinas). Everything is
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
from casys.certification.models import Audit, Auditor, Certificate, Client, Licence
from casys.certification.services import applications, auditors, audits, clients, decisions, marks, products
from casys.certification.services.applications import SiteInput
from casys.certification.services.certificates import add_event
from casys.core.programme import add_months

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
    #: decided so that the first surveillance is due this many days after the demo's date
    surveillance_due_in_days: int | None = None
    #: decided so that the certificate (3 years) expires this many days after the demo's date
    expires_in_days: int | None = None


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
    Case(
        "tallinna-metall",
        "en",
        ("iso9001",),
        (17,),
        "Manufacture of welded steel structures",
        "medium",
        (SiteInput("Tallinn", "Peterburi tee 64, 11415 Tallinn", "EE", True, full_time=95),),
        0,
        surveillance_due_in_days=7,
    ),
    Case(
        "kurzemes-masinas",
        "en",
        ("iso9001",),
        (18,),
        "Manufacture of agricultural machinery",
        "medium",
        (SiteInput("Ventspils", "Dzintaru iela 91, Ventspils", "LV", True, full_time=70),),
        0,
        surveillance_done=2,
        expires_in_days=1,
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
#: Master data of the demo clients: registration number, VAT number (the syntax of the country),
#: NACE Rev. 2 code, contact persons (name, function, e-mail, phone, language) and addresses.
MASTER: dict[str, dict[str, Any]] = {
    "mueller-praezision": {
        "registration_number": "HRB 725123",
        "vat_number": "DE811234567",
        "nace_code": "C25.62",
        "contacts": [
            ("Stefan Müller", "Qualitätsmanager", "client@mueller.example", "+49 711 7890 120", "en"),
            ("Petra Hahn", "Geschäftsführerin", "p.hahn@mueller.example", "+49 711 7890 100", "en"),
        ],
        "addresses": [
            ("registered", "Industriestraße 12", "70565", "Stuttgart", "DE"),
            ("postal", "Postfach 80 04 11", "70504", "Stuttgart", "DE"),
            ("site", "Mettinger Straße 5", "73728", "Esslingen", "DE"),
        ],
    },
    "slm": {
        "registration_number": "RCS Lyon 402 118 357",
        "vat_number": "FR40402118357",
        "nace_code": "C25.62",
        "contacts": [
            ("Claire Martin", "Responsable qualité", "c.martin@slm.example", "+33 4 72 10 20 30", "fr")
        ],
        "addresses": [("registered", "12 rue du Dauphiné", "69100", "Villeurbanne", "FR")],
    },
    "nordfisk": {
        "registration_number": "918 273 645",
        "vat_number": "NO918273645MVA",
        "nace_code": "C10.20",
        "contacts": [("Ingrid Solberg", "Kvalitetssjef", "ingrid@nordfisk.example", "+47 70 12 34 56", "en")],
        "addresses": [("registered", "Havnegata 3", "6005", "Ålesund", "NO")],
    },
    "tallinna-metall": {
        "registration_number": "10234567",
        "vat_number": "EE100234567",
        "nace_code": "C25.11",
        "contacts": [("Kadri Tamm", "Kvaliteedijuht", "kadri.tamm@metall.example", "+372 640 1234", "en")],
        "addresses": [("registered", "Peterburi tee 64", "11415", "Tallinn", "EE")],
    },
    "kurzemes-masinas": {
        "registration_number": "41203012345",
        "vat_number": "LV41203012345",
        "nace_code": "C28.30",
        "contacts": [
            ("Edgars Kalns", "Kvalitātes vadītājs", "edgars@kurzemes-masinas.example", "+371 6362 1234", "en")
        ],
        "addresses": [("registered", "Dzintaru iela 91", "LV-3602", "Ventspils", "LV")],
    },
    "rigas-piens": {
        "registration_number": "40003012345",
        "vat_number": "LV40003012345",
        "nace_code": "C10.51",
        "contacts": [
            ("Līga Ozoliņa", "Kvalitātes vadītāja", "liga.ozolina@piens.example", "+371 6700 1234", "en")
        ],
        "addresses": [("registered", "Mūkusalas iela 41", "LV-1004", "Rīga", "LV")],
    },
    "volzhsky-pishchekombinat": {
        "registration_number": "ОГРН 1026301234567",
        "vat_number": "RU6312345678",
        "nace_code": "C10.71",
        "contacts": [
            (
                "Ольга Смирнова",
                "Руководитель службы качества",
                "client@volzhsky.example",
                "+7 846 200 10 20",
                "ru",
            )
        ],
        "addresses": [
            ("registered", "ул. Заводская, 7", "443001", "Самара", "RU"),
            ("site", "ул. Заводская, 7, корпус 2", "443001", "Самара", "RU"),
        ],
    },
    "kauno-elektra": {
        "registration_number": "305123456",
        "vat_number": "LT100012345611",
        "nace_code": "C27.51",
        "contacts": [
            ("Rūta Jankauskienė", "Kokybės vadovė", "ruta@kauno-elektra.example", "+370 37 401 234", "en")
        ],
        "addresses": [
            ("registered", "Pramonės pr. 16", "LT-51329", "Kaunas", "LT"),
            ("site", "Raudondvario pl. 150", "LT-47174", "Kaunas", "LT"),
        ],
    },
    "kazagrotech": {
        "registration_number": "БИН 180540012345",
        "vat_number": "KZ180540012345",
        "nace_code": "A01.11",
        "contacts": [
            ("Ерлан Нурланов", "Директор по качеству", "e.nurlanov@kazagro.example", "+7 7172 55 66 77", "ru")
        ],
        "addresses": [("registered", "пр. Кабанбай батыра, 11", "010000", "Астана", "KZ")],
    },
}

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
#: the demo's mark: a circle with a check mark, plain drawing only (what casys.core.marks accepts)
DEMO_MARK_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
    b'<circle cx="32" cy="32" r="29" fill="none" stroke="#0b5394" stroke-width="5"/>'
    b'<path d="M18 33 l9 9 l19 -20" fill="none" stroke="#0b5394" stroke-width="6"/>'
    b'<text x="32" y="60" font-size="8" text-anchor="middle" fill="#0b5394">BC</text></svg>'
)
DECISION_MAKERS = {"baltcert": "decision@baltcert.example", "eurasia-cert": "admin@eurasia.example"}


def _auditors(cb: Body, today: date) -> list[Auditor]:
    """Auditors qualified per scheme (auditor, and team leader where listed) from six years ago for
    another two, with a training record and a witnessed audit; one qualification has expired."""
    out = []
    for name, email, leader_for, quals in AUDITORS[cb.slug]:
        user = User.objects.filter(email=email).first() if email else None
        a = auditors.create_auditor(cb, name=name, user=user)
        for scheme_id in dict.fromkeys(s for s, _ in quals):
            roles = ["auditor", "team_leader"] if scheme_id in leader_for else ["auditor"]
            q = auditors.add_qualification(
                a,
                scheme_id,
                [c for s, c in quals if s == scheme_id],
                roles=roles,
                valid_from=today - timedelta(days=6 * 365),
                valid_until=today + timedelta(days=2 * 365),
            )
            _evidence(q, today - timedelta(days=6 * 365))
        out.append(a)
    expired = auditors.add_qualification(
        out[-1],
        "iso9001",
        [35],
        valid_from=today - timedelta(days=4 * 365),
        valid_until=today - timedelta(days=45),
    )
    _evidence(expired, today - timedelta(days=4 * 365))
    return out


def _evidence(q: Any, start: date) -> None:
    standard = q.scheme.upper().replace("ISO", "ISO ")
    auditors.add_evidence(
        q,
        kind="training",
        description=f"{standard} lead auditor course (40 h), passed",
        on=start - timedelta(days=60),
        reference=f"CQI-IRCA {q.auditor.pk:04d}-{q.pk:03d}",
    )
    auditors.add_evidence(
        q,
        kind="witnessed_audit",
        description="Stage 2 audit witnessed by the scheme manager; competent",
        on=start - timedelta(days=14),
    )


def _master_data(client: Client) -> None:
    data = MASTER.get(client.organisation.slug)
    if data is None:
        return
    org = client.organisation
    clients.update_client(
        client,
        name=org.name,
        name_en=org.name_en,
        registration_number=data["registration_number"],
        vat_number=data["vat_number"],
        nace_code=data["nace_code"],
        language=client.language,
    )
    for i, (name, function, email, phone, language) in enumerate(data["contacts"]):
        clients.save_contact_person(
            client, name=name, function=function, email=email, phone=phone, language=language, primary=i == 0
        )
    for kind, street, postcode, city, country in data["addresses"]:
        clients.save_address(client, kind=kind, street=street, postcode=postcode, city=city, country=country)


def _decided(case: Case, today: date) -> date | None:
    """The case's decision date (None: not decided yet)."""
    if case.decided_days_ago is None:
        return None
    if case.surveillance_due_in_days is not None:  # 9.6.2.2: first surveillance 12 months after
        return add_months(today + timedelta(days=case.surveillance_due_in_days), -12)
    if case.expires_in_days is not None:  # expiry: the day before the third anniversary
        return add_months(today + timedelta(days=case.expires_in_days + 1), -36)
    return today - timedelta(days=case.decided_days_ago)


def _do(audit: Audit, leader: Auditor, on: date) -> None:
    audits.plan_audit(audit, leader=leader, team=[], planned_on=on, days=audit.days or 1)
    audits.record_audit(audit, done_on=on, mode="on-site", days=audit.days or 1, report="No major issues.")


def _case(cb: Body, case: Case, team: list[Auditor], dm: User, today: date) -> None:
    org = Body.all_objects.get(slug=case.client)
    client = clients.create_client(
        cb, name=org.name, country=org.country, organisation=org, language=case.language
    )
    _master_data(client)
    decided = _decided(case, today)
    received = (decided or today) - timedelta(days=90)
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
    assert decided is not None  # noqa: S101 - decided_days_ago is set
    applications.review_application(app, on=received + timedelta(days=7), user=dm)
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
    _master_data(client)
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
    mark = marks.create_mark(
        cb,
        scheme_id="type5-electrical",
        code="baltcert-safety",
        name="BaltCert Safety Mark",
        artwork=DEMO_MARK_SVG,
        rules_of_use=(
            "The mark is used only on the product types named in the licence, made at the certified "
            "factory, next to the licence number, at least 5 mm high, in one colour. It is removed "
            "from products and literature at once when the licence is suspended or withdrawn."
        ),
    )
    products.take_product_decision(
        app,
        outcome="grant",
        review_notes="Type-test reports and factory inspection reviewed.",
        user=dm,
        on=decided,
    )
    licence = Licence.all_objects.get(certificate__application=app)
    answered = marks.report_misuse(
        mark,
        reporter_name="Rasa Petrauskienė",
        reporter_email="rasa@example.org",
        where_seen="Online shop listing of kettle WK-17, photographed in Vilnius",
        description="Is this kettle really certified? The mark is printed on the box.",
        licence_number=licence.number,
    )
    marks.decide_misuse(
        answered,
        outcome="unfounded",
        notes="WK-17 is covered by the licence; the use follows the rules of use.",
        on=today,
        user=dm,
    )
    marks.report_misuse(
        mark,
        reporter_name="Market surveillance, Kaunas",
        reporter_email="surveillance@example.org",
        where_seen="Kettle type WK-30 at a market stall, Kaunas",
        description="The mark and the licence number are on a kettle type the licence does not name.",
        licence_number=licence.number,
    )


def load_demo() -> None:
    today = clock.today()
    for slug, cases in (("baltcert", BALTCERT), ("eurasia-cert", EURASIA)):
        cb = Body.all_objects.get(slug=slug)
        if Client.all_objects.filter(body=cb).exists():
            continue  # already loaded
        team = _auditors(cb, today)
        dm = User.objects.get(email=DECISION_MAKERS[slug])
        for case in cases:
            _case(cb, case, team, dm, today)
        if slug == "baltcert":
            _product_case(cb, team, dm, today)
