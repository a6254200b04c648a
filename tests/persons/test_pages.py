"""Every persons page × every role of the body × a foreign body's member × anonymous; item-bank
confidentiality; the PDF certificate in each language; the public verification page and register."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.persons.models import Appeal, Form, Item, PersonCertificate, Response
from casys.persons.services.certificates import decide
from casys.persons.services.sessions import import_responses, mark, record_identity
from tests.persons.conftest import actor, client_of

pytestmark = pytest.mark.django_db

STAFF = {"admin", "scheme_manager", "examiner", "decision_maker"}
ITEM_BANK = {"scheme_manager", "examiner"}
SESSIONS = {"admin", "scheme_manager", "examiner"}
PAGES = {
    "overview": STAFF,
    "items": ITEM_BANK,
    "item": ITEM_BANK,
    "forms": ITEM_BANK,
    "form": ITEM_BANK,
    "sessions": SESSIONS,
    "session": SESSIONS,
    "marking": {"examiner"},
    "applications": {"admin", "scheme_manager"},
    "decisions": {"decision_maker", "admin"},
    "appeals": {"admin", "scheme_manager", "decision_maker"},
    "certificates": STAFF,
    "certificate-pdf": STAFF,
    "portal": {"candidate"},
}
WHO = ["admin", "scheme_manager", "examiner", "decision_maker", "candidate", "auditor", "outsider"]


@pytest.fixture
def certified(session: Any, users: dict[str, User]) -> PersonCertificate:
    with unscoped():
        rows = ["candidate,item,response"]
        for fi in session.form.items.select_related("item"):
            value = {"single": "B", "numeric": "2.5"}.get(fi.item.kind, "done")
            rows.append(f"cara@x.example,{fi.item.code},{value}")
        import_responses(session, actor=actor(users["admin"]), text="\n".join(rows))
        sitting = session.sittings.get()
        for r in Response.all_objects.filter(sitting=sitting, points__isnull=True):
            mark(r, actor=actor(users["examiner2"]), points=[6, 4])
        record_identity(sitting, actor=actor(users["admin"]), document="passport LV1234")
        sitting.refresh_from_db()
        decide(sitting, actor=actor(users["decision_maker"]), granted=True, on=session.held_on)
        return PersonCertificate.all_objects.get()


def _url(name: str, session: Any, cert: PersonCertificate) -> str:
    slug = "alpha-persons"
    with unscoped():
        args: dict[str, list[Any]] = {
            "item": [slug, Item.all_objects.first().pk],
            "form": [slug, Form.all_objects.first().pk],
            "session": [slug, session.pk],
            "marking": [slug, session.pk],
            "certificate-pdf": [slug, cert.pk, "en"],
        }
    return reverse(f"persons:{name}", args=args.get(name, [slug]))


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", WHO)
def test_every_page_answers_each_role_as_it_should(
    page: str, who: str, users: dict[str, User], session: Any, certified: Any
) -> None:  # noqa: E501
    answer = client_of(users[who]).get(_url(page, session, certified))
    expected = 404 if who == "outsider" else 200 if who in PAGES[page] else 403
    assert answer.status_code == expected


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_sign_in(page: str, session: Any, certified: Any) -> None:
    answer = Client().get(_url(page, session, certified))
    assert answer.status_code == 302 and "login" in answer["Location"]


def test_a_candidate_never_reads_an_item_on_any_page_they_reach(
    users: dict[str, User], session: Any, certified: Any
) -> None:  # noqa: E501
    c = client_of(users["candidate"])
    with unscoped():
        stems = [i.stem for i in Item.all_objects.all()]
    pages = [
        c.get(reverse("persons:portal", args=["alpha-persons"])),
        c.get(reverse("persons:verify", args=["alpha-persons", certified.number])),
    ]  # noqa: E501
    for answer in pages:
        text = answer.content.decode()
        assert answer.status_code == 200 and not any(s in text for s in stems)
    for name in ("items", "forms"):
        assert c.get(reverse(f"persons:{name}", args=["alpha-persons"])).status_code == 403
    assert not [
        p
        for p in __import__("casys.project.api", fromlist=["api"]).api.urls[0]
        if str(p.pattern).startswith("persons")
    ]


def test_the_item_bank_filters_by_blueprint_element(users: dict[str, User], bank: Any) -> None:
    text = (
        client_of(users["examiner"])
        .get(reverse("persons:items", args=["alpha-persons"]) + "?element=codes")
        .content.decode()
    )  # noqa: E501
    assert "codes-1 v1" in text and "physics-1 v1" not in text


def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout  # noqa: E501


@pytest.mark.parametrize(
    ("language", "title", "number_label"),
    [
        ("en", "Certificate of competence", "Certificate number"),
        ("fr", "Certificat de compétence", "Numéro du certificat"),
        ("ru", "Сертификат компетентности", "Номер сертификата"),
    ],  # noqa: E501
)
def test_the_certificate_pdf_says_everything_in_each_language(
    language: str,
    title: str,
    number_label: str,
    users: dict[str, User],
    session: Any,
    certified: PersonCertificate,
) -> None:  # noqa: E501
    answer = client_of(users["admin"]).get(
        reverse("persons:certificate-pdf", args=["alpha-persons", certified.pk, language])
    )
    assert answer["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(answer.content).split())
    for expected in (
        title,
        number_label,
        certified.number,
        "Cara Candidate",
        "UT-2",
        "Alpha Persons",
        "ISO/IEC 17024:2012",
        f"/persons/verify/alpha-persons/{certified.number}/",
    ):  # noqa: E501
        assert expected in text, (language, expected)


def test_the_verification_page_names_the_person_only_with_consent(
    certified: PersonCertificate, users: dict[str, User]
) -> None:  # noqa: E501
    url = reverse("persons:verify", args=["alpha-persons", certified.number])
    text = Client().get(url).content.decode()
    assert "Valid today" in text and "UT-2" in text and "Cara Candidate" not in text
    c = client_of(users["candidate"])
    c.post(reverse("persons:portal", args=["alpha-persons"]), {"consent": "1"})
    assert "Cara Candidate" in Client().get(url).content.decode()
    register = reverse("persons:register")
    assert (
        "Yes: certified"
        in Client().get(register, {"name": "Cara Candidate", "scope": "UT-2"}).content.decode()
    )
    assert (
        "No certificate"
        in Client().get(register, {"name": "Cara Candidate", "scope": "UT-3"}).content.decode()
    )


def test_the_wallet_card_is_card_sized_and_carries_the_number_and_the_verification_address(
    users: dict[str, User], session: Any, certified: PersonCertificate
) -> None:
    url = reverse("persons:certificate-pdf", args=["alpha-persons", certified.pk, "fr"]) + "?card=1"
    data = client_of(users["admin"]).get(url).content
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "card.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "242.646 x 153.071 pts" in info  # ISO/IEC 7810 ID-1: 85.6 mm × 54 mm
    text = " ".join(_pdf_text(data).split())
    assert certified.number in text and "Cara Candidate" in text and "/persons/verify/alpha-persons/" in text


def test_an_appeal_is_recorded_and_closed_and_a_refused_one_keeps_what_was_typed(
    users: dict[str, User], body_a: Any
) -> None:  # noqa: E501
    c = client_of(users["decision_maker"])
    url = reverse("persons:appeals", args=["alpha-persons"])
    refused = c.post(url, {"kind": "appeal", "subject": ""})
    assert refused.status_code == 400 and "subject: is required" in refused.content.decode()
    refused = c.post(url, {"kind": "complaint", "subject": "x", "candidate": "999999"})
    assert refused.status_code == 404
    assert c.post(url, {"kind": "complaint", "subject": "the invigilator left the room"}).status_code == 302
    with unscoped():
        appeal = Appeal.all_objects.get()
    assert c.post(url, {"close": appeal.pk, "outcome": "upheld; invigilation retrained"}).status_code == 302
    assert "upheld; invigilation retrained" in c.get(url).content.decode()
