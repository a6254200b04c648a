"""Every page and endpoint of the inspection app × every role of the body × a foreign body's member ×
a client's contact × anonymous: the owner works, the others get what their role allows, 0 leaks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from casys.accounts.models import Body, Membership, Role, User
from casys.auditlog.services import SYSTEM, Actor
from casys.inspection.models import Inspection, InspectionReport, Instrument, Item, Photo, ScopeLine, State
from casys.inspection.services import inspections, photos, reports, setup
from tests.conftest import make_user
from tests.inspection.conftest import ON, answer_all, client_for, member

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
STAFF = ["admin", "scheme_manager", "inspector", "report_reviewer", "decision_maker", "auditor"]


@pytest.fixture
def world(
    body_a: Body,
    body_b: Body,
    client_body: Body,
    crane: Item,
    gauge: Instrument,
    inspector: User,
    reviewer: User,
) -> dict[str, Any]:
    """Body A with one member per role, an issued report and an inspection in progress with a photo;
    body B's admin (the outsider) and the client's contact."""
    users = {
        "admin": member("adm@alpha.example", "Ada Admin", body_a, Role.ADMIN),
        "scheme_manager": member("sm@alpha.example", "Sam Manager", body_a, Role.SCHEME_MANAGER),
        "inspector": inspector,
        "report_reviewer": reviewer,
        "decision_maker": member("dm@alpha.example", "Dora Decider", body_a, Role.DECISION_MAKER),
        "auditor": member("aud@alpha.example", "Abe Auditor", body_a, Role.AUDITOR),
        "outsider": member("out@beta.example", "Otto Outsider", body_b, Role.ADMIN),
        "contact": member("con@harbour.example", "Carla Contact", client_body, Role.CLIENT_CONTACT),
    }
    done = inspections.plan_inspection(
        body_a,
        scheme_id="lifting-equipment-periodic",
        client=client_body,
        items=[crane],
        planned_on=ON,
        actor=SYSTEM,
    )
    done = inspections.start(
        inspections.assign(done, inspector=inspector, on=ON, actor=SYSTEM), on=ON, actor=SYSTEM
    )
    answer_all(done, crane, gauge)
    inspections.submit(done, on=ON, actor=SYSTEM)
    report = reports.issue_report(done, on=date(2026, 3, 3), actor=Actor(user=reviewer, label="r"))
    open_one = inspections.plan_inspection(
        body_a,
        scheme_id="lifting-equipment-periodic",
        client=client_body,
        items=[crane],
        planned_on=ON,
        actor=SYSTEM,
    )
    open_one = inspections.start(
        inspections.assign(open_one, inspector=inspector, on=ON, actor=SYSTEM), on=ON, actor=SYSTEM
    )
    photo = photos.add_photo(open_one, data=PNG, name="hook.png", actor=SYSTEM)
    return {
        "users": users,
        "report": report,
        "open": open_one,
        "photo": photo,
        "client": client_body,
        "body": body_a,
    }


def _pages(w: dict[str, Any]) -> list[str]:
    s = w["body"].slug
    return [
        reverse("inspection:dashboard", args=[s]),
        reverse("inspection:scope", args=[s]),
        reverse("inspection:inspectors", args=[s]),
        reverse("inspection:instruments", args=[s]),
        reverse("inspection:items", args=[s]),
        reverse("inspection:client", args=[s, w["client"].pk]),
        reverse("inspection:inspections", args=[s]),
        reverse("inspection:inspection", args=[s, w["open"].pk]),
        reverse("inspection:report", args=[s, w["report"].pk]),
        reverse("inspection:report-pdf", args=[s, w["report"].pk]),
        reverse("inspection:photo", args=[s, w["photo"].pk]),
    ]


@pytest.mark.parametrize("role", STAFF)
def test_every_staff_role_reads_every_page_of_its_body(world: dict[str, Any], role: str) -> None:
    c = client_for(world["users"][role])
    for url in _pages(world):
        assert c.get(url).status_code == 200, (role, url)
    assert c.get(reverse("inspection:home")).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "contact"])
def test_a_foreign_body_and_a_client_contact_get_404_on_every_staff_page(
    world: dict[str, Any], who: str
) -> None:
    c = client_for(world["users"][who])
    for url in [*_pages(world), reverse("inspection:inspection-new", args=[world["body"].slug])]:
        assert c.get(url).status_code == 404, (who, url)
    for url in _posts(world):
        assert c.post(url, {}).status_code == 404, (who, url)


def test_anonymous_is_sent_to_sign_in(world: dict[str, Any]) -> None:
    c = Client()
    for url in [
        *_pages(world),
        reverse("inspection:home"),
        *_posts(world),
        reverse("inspection:portal", args=[world["client"].slug]),
    ]:
        r = c.post(url) if "/pdf/" not in url and url in _posts(world) else c.get(url)
        assert r.status_code == 302 and "login" in r["Location"], url


def _posts(w: dict[str, Any]) -> list[str]:
    s, i, r = w["body"].slug, w["open"].pk, w["report"].pk
    return [
        reverse(f"inspection:inspection-{a}", args=[s, i])
        for a in ("assign", "start", "check", "photo", "submit", "review", "issue", "cancel")
    ] + [reverse("inspection:report-correct", args=[s, r])]


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("assign", {"admin", "scheme_manager"}),
        ("cancel", {"admin", "scheme_manager"}),
        ("review", {"admin", "report_reviewer", "decision_maker"}),
        ("issue", {"admin", "report_reviewer", "decision_maker"}),
        ("check", {"inspector"}),
        ("photo", {"inspector"}),
        ("submit", {"inspector"}),
    ],
)
def test_each_action_is_refused_to_the_roles_without_it(
    world: dict[str, Any], action: str, allowed: set[str]
) -> None:
    url = reverse(f"inspection:inspection-{action}", args=[world["body"].slug, world["open"].pk])
    for role in STAFF:
        if role in allowed:
            continue
        assert client_for(world["users"][role]).post(url, {}).status_code == 403, (role, action)
    world["open"].refresh_from_db()
    assert world["open"].state == State.IN_PROGRESS and Photo.all_objects.count() == 1


@pytest.mark.parametrize("role", ["inspector", "auditor", "scheme_manager"])
def test_a_correction_is_refused_to_roles_that_do_not_issue_reports(world: dict[str, Any], role: str) -> None:
    url = reverse("inspection:report-correct", args=[world["body"].slug, world["report"].pk])
    assert client_for(world["users"][role]).post(url, {"reason": "x"}).status_code == 403
    assert InspectionReport.all_objects.count() == 1


@pytest.mark.parametrize(
    ("page", "form", "allowed"),
    [
        ("scope", {"scheme_id": "x"}, {"admin", "scheme_manager"}),
        (
            "items",
            {"form": "client", "client-name": "X", "client-country": "LV"},
            {"admin", "scheme_manager"},
        ),
        ("instruments", {"code": "Z"}, {"admin", "scheme_manager", "inspector"}),
        ("inspectors", {"form": "competence"}, {"admin", "scheme_manager"}),
    ],
)
def test_setup_forms_are_refused_to_the_roles_without_them(
    world: dict[str, Any], page: str, form: dict[str, str], allowed: set[str]
) -> None:
    url = reverse(f"inspection:{page}", args=[world["body"].slug])
    for role in STAFF:
        r = client_for(world["users"][role]).post(url, form)
        assert (r.status_code == 403) == (role not in allowed), (role, page, r.status_code)


def test_plan_page_is_for_managers_and_buttons_follow_the_role(world: dict[str, Any]) -> None:
    s = world["body"].slug
    for role in STAFF:
        c = client_for(world["users"][role])
        assert c.get(reverse("inspection:inspection-new", args=[s])).status_code == (
            200 if role in ("admin", "scheme_manager") else 403
        )
        page = c.get(reverse("inspection:inspection", args=[s, world["open"].pk])).content.decode()
        assert ('id="cancel-form"' in page) == (role in ("admin", "scheme_manager")), role
        assert ("check-form" in page) == (role == "inspector"), role
        dash = c.get(reverse("inspection:dashboard", args=[s])).content.decode()
        assert ("Plan an inspection" in dash) == (role in ("admin", "scheme_manager")), role


def test_the_client_contact_reads_its_reports_on_the_portal_and_no_one_else_does(
    world: dict[str, Any],
) -> None:
    slug, report = world["client"].slug, world["report"]
    contact = client_for(world["users"]["contact"])
    page = contact.get(reverse("inspection:portal", args=[slug])).content.decode()
    assert report.number in page
    pdf = contact.get(reverse("inspection:portal-pdf", args=[slug, report.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    for who in ("outsider", "admin", "inspector"):
        c = client_for(world["users"][who])
        assert c.get(reverse("inspection:portal", args=[slug])).status_code in (403, 404), who
        assert c.get(reverse("inspection:portal-pdf", args=[slug, report.pk])).status_code in (403, 404), who
    # another client's contact of the same body
    other = Body.all_objects.create(
        slug="other-client", name="Other", kind="client", country="LV", managed_by=world["body"]
    )
    stranger = make_user("str@other.example", "Stra Nger")
    Membership.all_objects.create(user=stranger, body=other, role=Role.CLIENT_CONTACT)
    assert (
        client_for(stranger).get(reverse("inspection:portal-pdf", args=[slug, report.pk])).status_code == 404
    )
    assert (
        client_for(stranger)
        .get(reverse("inspection:portal", args=["other-client"]))
        .content.decode()
        .count(report.number)
        == 0
    )


def test_the_public_verification_page_and_credential_answer_anyone(world: dict[str, Any]) -> None:
    report, c = world["report"], Client()
    page = c.get(reverse("inspection:verify", args=[world["body"].slug, report.number]))
    assert page.status_code == 200 and "Genuine" in page.content.decode()
    jwt = c.get(reverse("inspection:verify-credential", args=[world["body"].slug, report.number]))
    assert jwt.status_code == 200 and jwt.content.decode() == report.credential
    assert c.get(reverse("inspection:verify", args=[world["body"].slug, "NOPE-1"])).status_code == 404
    assert c.get(reverse("inspection:verify", args=["beta-insp", report.number])).status_code == 404


def test_a_refused_check_keeps_what_was_typed_and_names_the_field(world: dict[str, Any]) -> None:
    c = client_for(world["users"]["inspector"])
    url = reverse("inspection:inspection-check", args=[world["body"].slug, world["open"].pk])
    crane = world["open"].items.get()
    r = c.post(url, {"item": crane.pk, "check": "hook-throat-opening", "value": "wide", "u": "0.2"})
    page = r.content.decode()
    assert r.status_code == 200, page
    assert "hook-throat-opening.value" in page, page[page.find("checklist") :][:3000]
    assert 'value="wide"' in page
    r = c.post(url, {"item": crane.pk, "check": "rope-broken-wires", "value": "2"})
    assert r.status_code == 302
    assert world["open"].results.get().value == 2


def test_a_photo_that_is_not_an_image_is_refused_on_the_page(world: dict[str, Any]) -> None:
    c = client_for(world["users"]["inspector"])
    url = reverse("inspection:inspection-photo", args=[world["body"].slug, world["open"].pk])
    r = c.post(url, {"photo": SimpleUploadedFile("x.png", b"GIF89a not really", content_type="image/png")})
    assert r.status_code == 200 and "not an image" in r.content.decode()
    assert Photo.all_objects.count() == 1


def test_an_instrument_form_names_the_refused_field(world: dict[str, Any]) -> None:
    c = client_for(world["users"]["inspector"])
    url = reverse("inspection:instruments", args=[world["body"].slug])
    r = c.post(url, {"code": "GA-1", "name": "Dup", "calibration_due": "2027-01-01"})
    assert r.status_code == 200 and "registered already" in r.content.decode()
    assert Instrument.all_objects.count() == 1


def test_the_issued_inspection_is_not_listed_as_open(world: dict[str, Any]) -> None:
    page = client_for(world["users"]["admin"]).get(reverse("inspection:dashboard", args=[world["body"].slug]))
    text = page.content.decode()
    assert world["open"].reference in text and "<svg" in text
    assert Inspection.all_objects.filter(state=State.REPORTED).count() == 1


def test_the_assign_form_shows_the_type_c_refusal_and_assigns_no_one(world: dict[str, Any]) -> None:
    body, crane, inspector = world["body"], world["open"].items.get(), world["users"]["inspector"]
    setup.declare_involvement(
        body,
        inspector=inspector,
        item=crane,
        activity="installation",
        since=date(2024, 1, 1),
        until=None,
        actor=SYSTEM,
    )
    planned = inspections.plan_inspection(
        body,
        scheme_id="lifting-equipment-periodic",
        client=world["client"],
        items=[crane],
        planned_on=ON,
        actor=SYSTEM,
    )
    url = reverse("inspection:inspection-assign", args=[body.slug, planned.pk])
    r = client_for(world["users"]["scheme_manager"]).post(url, {"inspector": inspector.pk})
    assert (
        r.status_code == 200
        and "Annex A.3" in r.content.decode()
        and "installation of CR-12" in r.content.decode()
    )
    planned.refresh_from_db()
    assert planned.state == State.PLANNED and planned.inspector is None


def test_the_scope_form_refuses_a_second_type_for_a_scheme_by_the_field(world: dict[str, Any]) -> None:
    url = reverse("inspection:scope", args=[world["body"].slug])
    r = client_for(world["users"]["admin"]).post(
        url, {"scheme_id": "lifting-equipment-periodic", "independence": "A", "declared_on": "2026-01-01"}
    )
    assert r.status_code == 200 and "ILAC FAQ 26" in r.content.decode()
    assert (
        ScopeLine.all_objects.filter(body=world["body"], scheme_id="lifting-equipment-periodic").count() == 1
    )
