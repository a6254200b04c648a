"""In Chromium: a major nonconformity is raised by the audit's leader, the client contact answers on the
portal with an evidence file, the auditor sends the answer back with a reason, the client answers again,
the auditor accepts it with a comment — and the finding page does not scroll sideways at 390 px."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from casys import clock
from casys.accounts.models import Body, Membership, Role
from casys.accounts.scoping import unscoped
from casys.certification.models import Attachment, Audit, Finding
from casys.certification.services import applications, auditors, audits, clients
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"
CB = "/certification/alpha-cert"
EVIDENCE = b"%PDF-1.4\n% recall record of batch 2028-112\n%%EOF\n"


@pytest.fixture(autouse=True)
def reset_clock() -> Any:
    clock.set_today(date(2026, 2, 10))
    yield
    clock.set_today(None)


@pytest.fixture
def audit(body_a: Body, owner: Any, team: Any) -> Audit:
    """Stage 2 of a client's application, recorded by its leader Anna (the ``team`` user)."""
    with unscoped():
        for user in (owner, team):
            user.set_password(PASSWORD)
            user.save()
        anna = auditors.create_auditor(body_a, name="Anna Auditor", user=team, leader_for=["iso9001"])
        auditors.add_qualification(anna, "iso9001", 17)
        client = clients.create_client(
            body_a, name="Müller Präzisionsteile GmbH", country="DE", language="en"
        )
        contact = make_user("contact@mueller.example", "Stefan Müller", PASSWORD)
        Membership.all_objects.create(user=contact, body=client.organisation, role=Role.CLIENT_CONTACT)
        site = applications.SiteInput(
            name="Werk", address="Industriestraße 4", country="DE", central=True, full_time=40
        )
        app = applications.create_application(
            body_a,
            client,
            schemes=["iso9001"],
            scope="Machining",
            iaf_codes=[17],
            complexity="medium",
            sites=[site],
            received_on=date(2026, 1, 5),
        )
        applications.review_application(app, on=date(2026, 1, 6), user=owner)
        stage2 = Audit.all_objects.get(application=app, kind="stage2")
        audits.plan_audit(stage2, leader=anna, team=[], planned_on=date(2026, 2, 10), days=3)
        audits.record_audit(stage2, done_on=date(2026, 2, 10), mode="on-site", days=3, user=team)
    return stage2


def _login(page: Any, email: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _portal_answer(portal: Any, finding: Finding, corrective_action: str, *, attach: bool) -> None:
    portal.goto(f"/certification/portal/muller-prazisionsteile-gmbh/findings/{finding.pk}/")
    portal.get_by_label("Correction").fill("Batch 2028-112 recalled and inspected")
    portal.get_by_label("Root cause").fill("The ERP allowed release without an inspection record")
    portal.get_by_label("Corrective action").fill(corrective_action)
    if attach:
        portal.set_input_files(
            "#answer_files", files=[{"name": "recall.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE}]
        )
    _submit(portal, "#answer")
    assert "answered, awaiting verification" in portal.inner_text("main")


def test_a_major_nonconformity_is_sent_back_answered_again_and_accepted(page: Any, audit: Audit) -> None:
    # the leader raises a major nonconformity
    _login(page, "team@alpha.example")
    page.goto(f"{CB}/audits/{audit.pk}/")
    page.select_option("#grade", "major")
    page.fill("#clause", "ISO 9001:2015 8.6")
    page.fill("#evidence", "Batch 2028-112 released without final inspection")
    page.fill("#due", "2026-03-31")
    _submit(page, "#new-finding")
    with unscoped():
        finding = Finding.all_objects.get()
    assert finding.grade == "major"

    # the client contact answers on the portal with an evidence file
    portal = page.context.browser.new_context(base_url=page.url.split("/certification")[0]).new_page()
    _login(portal, "contact@mueller.example")
    clock.set_today(date(2026, 2, 20))
    portal.goto("/certification/portal/muller-prazisionsteile-gmbh/")
    portal.click("text=Answer this finding")
    _portal_answer(portal, finding, "Staff retrained on release", attach=True)
    assert "recall.pdf" in portal.inner_text("#attachments")
    assert hashlib.sha256(EVIDENCE).hexdigest() in portal.inner_text("#attachments")

    # the auditor reads the answer and the file, and sends it back with a reason
    clock.set_today(date(2026, 2, 25))
    page.goto(f"{CB}/findings/{finding.pk}/")
    assert "Staff retrained on release" in page.inner_text("#finding")
    with page.expect_download() as download:
        page.click("#attachments >> text=recall.pdf")
    assert download.value.suggested_filename == "recall.pdf"
    page.get_by_label("Reason for sending the answer back to the client").fill(
        "Retraining does not stop a release without inspection"
    )
    _submit(page, "#send-back")
    assert "sent back to the client" in page.inner_text("main")

    # the client sees it was sent back, why, and answers again
    portal.goto("/certification/portal/muller-prazisionsteile-gmbh/")
    assert "sent back to the client" in portal.inner_text(f"#finding-{finding.pk}")
    portal.click("text=Answer this finding")
    assert "Retraining does not stop a release without inspection" in portal.inner_text("#sent-back")
    clock.set_today(date(2026, 3, 2))
    _portal_answer(portal, finding, "Release blocked in the ERP without an inspection record", attach=False)

    # the auditor accepts it with a comment
    clock.set_today(date(2026, 3, 5))
    page.goto(f"{CB}/findings/{finding.pk}/")
    page.get_by_label("Comment: what was checked (required to accept)").fill(
        "Release block tested on batch 113"
    )
    _submit(page, "#accept")
    assert "closed 5 Mar 2026" in page.inner_text("main")
    history = page.inner_text("#history")
    for text in (
        "raised",
        "Staff retrained on release",
        "Retraining does not stop a release without inspection",
        "Release blocked in the ERP",
        "Release block tested on batch 113",
        "Stefan Müller",
        "Tom Team",
    ):
        assert text in history

    # the client's history shows the same steps
    portal.goto(f"/certification/portal/muller-prazisionsteile-gmbh/findings/{finding.pk}/")
    assert portal.locator("#history > li").count() == 5
    assert "Release block tested on batch 113" in portal.inner_text("#history")
    portal.context.close()
    with unscoped():
        assert Attachment.all_objects.get().sha256 == hashlib.sha256(EVIDENCE).hexdigest()
        finding.refresh_from_db()
        assert finding.verified_on == date(2026, 3, 5)


def test_the_finding_page_does_not_scroll_sideways_at_390_px(page: Any, audit: Audit) -> None:
    with unscoped():
        finding = audits.add_finding(
            audit,
            grade="major",
            clause="ISO 9001:2015 8.6",
            evidence="Batch 2028-112 released without final inspection; " + "x" * 120,
            due=date(2026, 3, 31),
            on=date(2026, 2, 10),
        )
        audits.answer_finding(
            finding,
            correction="Recalled",
            root_cause="ERP_release_workflow_without_mandatory_inspection_record_" * 3,
            corrective_action="Release blocked",
            on=date(2026, 2, 12),
        )
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, "team@alpha.example")
    for url in (f"{CB}/findings/{finding.pk}/", f"{CB}/my-audits/", f"{CB}/audits/{audit.pk}/"):
        page.goto(url)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (url, widths)
