"""Realistic demo data, loaded by ``casys demo`` (and ``make demo``). Loading twice changes nothing.

The organisations and people are fictional; addresses use the reserved
``.example`` domain. Each area adds a module ``casys/demo/<area>.py`` with
``ORDER`` (an int; accreditation before certification before registry) and
``load_demo()``; modules run in ``ORDER``, inside one transaction.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Any

from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction

from casys.accounts.models import Body, BodyKind, Role, User
from casys.accounts.scoping import unscoped
from casys.accounts.services.bodies import add_member, create_body

DEMO_PASSWORD = "casys-demo-2026"

BODIES: list[dict[str, Any]] = [
    {
        "slug": "nas",
        "name": "Nordic Accreditation Service",
        "kind": BodyKind.ACCREDITATION_BODY,
        "country": "SE",
        "city": "Stockholm",
        "address": "Sveavägen 44",
    },
    {
        "slug": "baltcert",
        "name": "Baltic Certification Ltd",
        "kind": BodyKind.CERTIFICATION_BODY,
        "country": "LV",
        "city": "Riga",
        "address": "Brīvības iela 21",
    },
    {
        "slug": "eurasia-cert",
        "name": "Сертификационный центр «Евразия»",
        "name_en": "Eurasia Certification Centre",
        "kind": BodyKind.CERTIFICATION_BODY,
        "country": "KZ",
        "city": "Алматы",
        "address": "проспект Абая, 52",
    },
    {
        "slug": "lcem",
        "name": "Laboratoire Central d'Essais et de Métrologie",
        "kind": BodyKind.LABORATORY,
        "country": "FR",
        "city": "Lyon",
        "address": "12 rue de la Métrologie",
    },
    {
        "slug": "europt",
        "name": "EuroPT Eignungsprüfungen GmbH",
        "name_en": "EuroPT Proficiency Testing GmbH",
        "kind": BodyKind.PT_PROVIDER,
        "country": "DE",
        "city": "Berlin",
        "address": "Invalidenstraße 117",
    },
    {
        "slug": "certpers",
        "name": "CertPers Personnel Certification OÜ",
        "kind": BodyKind.PERSONS_CERTIFICATION_BODY,
        "country": "EE",
        "city": "Tallinn",
        "address": "Pärnu mnt 22",
    },
    # Inspection bodies (ISO/IEC 17020), one of each type of independence (Annex A)
    {
        "slug": "baltlift",
        "name": "Baltic Lift Inspection SIA",
        "kind": BodyKind.INSPECTION_BODY,
        "country": "LV",
        "city": "Rīga",
        "address": "Krasta iela 52",
    },
    {
        "slug": "rhone-inspection",
        "name": "Service d'inspection de la Chaudronnerie du Rhône",
        "name_en": "Chaudronnerie du Rhône Inspection Service",
        "kind": BodyKind.INSPECTION_BODY,
        "country": "FR",
        "city": "Vienne",
        "address": "3 quai Riondet",
    },
    {
        "slug": "uralkran-inspection",
        "name": "ООО «Уралкран-Инспекция»",
        "name_en": "Uralkran Inspection LLC",
        "kind": BodyKind.INSPECTION_BODY,
        "country": "RU",
        "city": "Екатеринбург",
        "address": "ул. Фронтовых бригад, 18",
    },
]

CLIENTS: list[dict[str, Any]] = [
    {
        "slug": "kauno-elektra",
        "name": "Kauno elektros prietaisai UAB",
        "name_en": "Kaunas Electrical Appliances JSC",
        "country": "LT",
        "city": "Kaunas",
        "address": "Pramonės pr. 16",
        "managed_by": "baltcert",
    },
    {
        "slug": "mueller-praezision",
        "name": "Müller Präzisionsteile GmbH",
        "name_en": "Mueller Precision Parts GmbH",
        "country": "DE",
        "city": "Stuttgart",
        "managed_by": "baltcert",
    },
    {
        "slug": "slm",
        "name": "Société Lyonnaise de Mécanique SAS",
        "country": "FR",
        "city": "Villeurbanne",
        "managed_by": "baltcert",
    },
    {
        "slug": "nordfisk",
        "name": "Nordfisk Sjømat AS",
        "name_en": "Nordfisk Seafood AS",
        "country": "NO",
        "city": "Ålesund",
        "managed_by": "baltcert",
    },
    {
        "slug": "volzhsky-pishchekombinat",
        "name": "ООО «Волжский пищекомбинат»",
        "name_en": "Volzhsky Food Plant LLC",
        "country": "RU",
        "city": "Самара",
        "managed_by": "eurasia-cert",
    },
    {
        "slug": "kazagrotech",
        "name": "ТОО «Казахстанские агротехнологии»",
        "name_en": "Kazakhstan Agrotechnologies LLP",
        "country": "KZ",
        "city": "Астана",
        "managed_by": "eurasia-cert",
    },
    {
        "slug": "tallinna-metall",
        "name": "Tallinna Metallitööstus AS",
        "name_en": "Tallinn Metalworks JSC",
        "country": "EE",
        "city": "Tallinn",
        "managed_by": "baltcert",
    },
    {
        "slug": "kurzemes-masinas",
        "name": "Kurzemes Mašīnbūve SIA",
        "name_en": "Kurzeme Machine Works Ltd",
        "country": "LV",
        "city": "Ventspils",
        "managed_by": "baltcert",
    },
    {
        "slug": "rigas-piens",
        "name": "Rīgas Piena Kombināts AS",
        "name_en": "Riga Dairy Plant JSC",
        "country": "LV",
        "city": "Rīga",
        "managed_by": "baltcert",
    },
    {
        "slug": "rigas-ostas-celtni",
        "name": "Rīgas ostas celtņi SIA",
        "name_en": "Riga Port Cranes Ltd",
        "country": "LV",
        "city": "Rīga",
        "managed_by": "baltlift",
    },
    {
        "slug": "nordic-fasteners",
        "name": "Nordic Fasteners AB",
        "country": "SE",
        "city": "Göteborg",
        "managed_by": "baltlift",
    },
    {
        "slug": "chaudronnerie-du-rhone",
        "name": "Chaudronnerie du Rhône SA",
        "country": "FR",
        "city": "Vienne",
        "managed_by": "rhone-inspection",
    },
    {
        "slug": "uralkran",
        "name": "АО «Уралкран»",
        "name_en": "Uralkran JSC",
        "country": "RU",
        "city": "Екатеринбург",
        "managed_by": "uralkran-inspection",
    },
    {
        "slug": "severny-port",
        "name": "ООО «Северный порт»",
        "name_en": "Northern Port LLC",
        "country": "RU",
        "city": "Архангельск",
        "managed_by": "uralkran-inspection",
    },
]

# One user per role (and an administrator for each organisation that needs one).
USERS: list[tuple[str, str, str, str]] = [
    ("ab.admin@nas.example", "Karin Lindqvist", "nas", Role.ADMIN),
    ("assessor@nas.example", "Erik Nyström", "nas", Role.AUDITOR),
    ("assessor2@nas.example", "Liisa Tamm", "nas", Role.AUDITOR),
    ("admin@baltcert.example", "Laura Ozola", "baltcert", Role.ADMIN),
    ("manager@baltcert.example", "Mārtiņš Liepa", "baltcert", Role.SCHEME_MANAGER),
    ("auditor@baltcert.example", "Anna Kalniņa", "baltcert", Role.AUDITOR),
    ("auditor2@baltcert.example", "Tomas Petrauskas", "baltcert", Role.AUDITOR),
    ("decision@baltcert.example", "Jānis Bērziņš", "baltcert", Role.DECISION_MAKER),
    ("admin@eurasia.example", "Айгерим Сапарова", "eurasia-cert", Role.ADMIN),
    ("auditor@eurasia.example", "Дмитрий Волков", "eurasia-cert", Role.AUDITOR),
    ("analyst@lcem.example", "Camille Durand", "lcem", Role.ANALYST),
    ("reviewer@lcem.example", "Hélène Moreau", "lcem", Role.REPORT_REVIEWER),
    ("admin@lcem.example", "Olivier Fabre", "lcem", Role.ADMIN),
    ("pt@europt.example", "Jonas Weber", "europt", Role.SCHEME_MANAGER),
    ("admin@europt.example", "Sabine Krüger", "europt", Role.ADMIN),
    ("client@mueller.example", "Stefan Müller", "mueller-praezision", Role.CLIENT_CONTACT),
    ("client@volzhsky.example", "Ольга Смирнова", "volzhsky-pishchekombinat", Role.CLIENT_CONTACT),
    ("admin@certpers.example", "Kadri Tamm", "certpers", Role.ADMIN),
    ("manager@certpers.example", "Marko Kask", "certpers", Role.SCHEME_MANAGER),
    # the item bank's second person: writes the items the scheme manager reviews (author ≠ reviewer)
    ("items@certpers.example", "Anu Pärn", "certpers", Role.SCHEME_MANAGER),
    ("examiner@certpers.example", "Priit Saar", "certpers", Role.EXAMINER),
    ("decision@certpers.example", "Liis Mets", "certpers", Role.DECISION_MAKER),
    ("candidate@certpers.example", "Jaan Ilves", "certpers", Role.CANDIDATE),
    ("admin@baltlift.example", "Inese Ozola", "baltlift", Role.ADMIN),
    ("inspector@baltlift.example", "Edgars Kalniņš", "baltlift", Role.INSPECTOR),
    ("reviewer@baltlift.example", "Kristaps Bērziņš", "baltlift", Role.REPORT_REVIEWER),
    ("client@rigas-osta.example", "Dace Liepiņa", "rigas-ostas-celtni", Role.CLIENT_CONTACT),
    ("admin@rhone-inspection.example", "Nathalie Roux", "rhone-inspection", Role.ADMIN),
    ("inspector@rhone-inspection.example", "Luc Martin", "rhone-inspection", Role.INSPECTOR),
    ("reviewer@rhone-inspection.example", "Claire Petit", "rhone-inspection", Role.REPORT_REVIEWER),
    ("admin@uralkran.example", "Елена Соколова", "uralkran-inspection", Role.ADMIN),
    ("inspector@uralkran.example", "Сергей Иванов", "uralkran-inspection", Role.INSPECTOR),
    ("inspector2@uralkran.example", "Павел Кузнецов", "uralkran-inspection", Role.INSPECTOR),
    ("reviewer@uralkran.example", "Марина Орлова", "uralkran-inspection", Role.REPORT_REVIEWER),
]


def _area_modules() -> list[Any]:
    modules = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
    return sorted(modules, key=lambda m: (m.ORDER, m.__name__))


def _body(spec: dict[str, Any]) -> Body:
    existing = Body.all_objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    fields = dict(spec)
    if "managed_by" in fields:
        fields["managed_by"] = Body.all_objects.get(slug=fields["managed_by"])
        fields.setdefault("kind", BodyKind.CLIENT)
    fields.setdefault("name_en", fields["name"])
    return create_body(**fields)


@functools.cache
def _password_hash(algorithm: str) -> str:
    """:data:`DEMO_PASSWORD` hashed by the hasher ``algorithm`` (argon2, as any password), once a
    process for every demo login: the password is printed for all to read, so one salt for all
    hides nothing, and each login hashed anew cost a demo load 46 argon2 hashes (10 s of CPU)."""
    return make_password(DEMO_PASSWORD, hasher=algorithm)


def demo_user(email: str, name: str) -> User:
    """The demo login ``email`` (made, signing in with :data:`DEMO_PASSWORD`, if missing)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=name)
        user.password = _password_hash(get_hasher().algorithm)  # the hasher the settings prefer now
        user.save(update_fields=["password"])
    return user


def load() -> list[tuple[str, str, str]]:
    """Load (or complete) the demo data; return the logins as (email, role, body)."""
    logins = []
    with unscoped(), transaction.atomic():
        for spec in BODIES + CLIENTS:
            _body(spec)
        for email, name, slug, role in USERS:
            body = Body.all_objects.get(slug=slug)
            add_member(body, demo_user(email, name), role)
            logins.append((email, str(Role(role).label), body.name))
        for module in _area_modules():
            module.load_demo()
    return logins
