"""Workflows without dead ends (issue 13) and the audit team's rights (issue 12, findings 4 and 15).

A refused form keeps what was typed with the reason by the field; dates after today are refused; only
the audit's team or a manager records an audit and raises or verifies its findings; a finding's answer
is sent back or accepted, with a history and evidence files; irreversible steps need a confirmation;
an auditor's own audits; pages of a body of the wrong kind are 404.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.test import override_settings

from casys import clock
from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.certification.models import (
    Attachment,
    Audit,
    Auditor,
    Certificate,
    CertificateEvent,
    Finding,
    FindingStep,
)
from casys.certification.services import CertificationError, applications, attachments, audits
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
CB = "/certification/alpha-cert"
PORTAL = "/certification/portal/muller-prazisionsteile-gmbh"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _login(user) -> HttpClient:  # type: ignore[no-untyped-def]
    c = HttpClient()
    c.force_login(user)
    return c


def _member(email: str, body, role: str):  # type: ignore[no-untyped-def]
    user = make_user(email)
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.fixture
def reviewed(application, owner):  # type: ignore[no-untyped-def]
    with unscoped():
        applications.review_application(application, on=clock.today(), user=owner)
    return application


@pytest.fixture
def stage1(reviewed) -> Audit:  # type: ignore[no-untyped-def]
    return Audit.all_objects.get(application=reviewed, kind="stage1")


@pytest.fixture
def anna_is_team(anna, team) -> Auditor:  # type: ignore[no-untyped-def]
    """The ``team`` user is Anna Auditor (Auditor.user), who leads the audits of ``certified``."""
    Auditor.all_objects.filter(pk=anna.pk).update(user=team)
    anna.refresh_from_db()
    return anna


@pytest.fixture
def major(certified) -> Finding:  # type: ignore[no-untyped-def]
    with unscoped():
        stage2 = Audit.all_objects.get(application=certified, kind="stage2")
        return audits.add_finding(
            stage2,
            grade="major",
            clause="ISO 9001:2015 8.5.1",
            evidence="Batch released without final inspection",
            due=date(2026, 4, 30),
            on=date(2026, 2, 3),
        )


# --- 1. a refused form keeps everything typed ---


def test_a_refused_audit_plan_keeps_leader_team_and_date_with_the_reason_by_the_field(
    stage1, anna, ben, owner_client
) -> None:
    url = f"{CB}/audits/{stage1.pk}/"
    response = owner_client.post(
        url + "plan/",
        {"leader": anna.pk, "team": [ben.pk], "planned_on": "2026-01-21", "days": "0"},
        follow=True,
    )
    html = response.content.decode()
    assert f'<option value="{anna.pk}" selected>' in html
    assert re.search(rf'value="{ben.pk}"[^>]*checked', html)
    assert (
        'value="2026-01-21"' in html
        and 'id="plan_days" name="days" type="number" step="0.5" value="0"' in html
    )
    assert re.search(r'class="field-error" role="alert" id="plan_days-error">days: must be positive', html)
    stage1.refresh_from_db()
    assert stage1.leader_id is None  # nothing written
    # shown once: the next visit is a fresh form
    assert "field-error" not in owner_client.get(url).content.decode()


def test_a_refused_portal_answer_keeps_the_text_typed(major, contact_client) -> None:
    response = contact_client.post(
        f"{PORTAL}/findings/{major.pk}/answer/",
        {"correction": "Batch recalled", "root_cause": "", "corrective_action": "Block release"},
        follow=True,
    )
    html = response.content.decode()
    assert ">Batch recalled</textarea>" in html and ">Block release</textarea>" in html
    assert 'id="root_cause-error">root_cause: required' in html


def test_a_refused_certificate_event_keeps_the_reason_typed(certified, owner_client) -> None:
    cert = Certificate.all_objects.get()
    response = owner_client.post(
        f"{CB}/certificates/{cert.pk}/events/",
        {"kind": "suspended", "why": "Surveillance refused by the client"},
        follow=True,
    )
    html = response.content.decode()
    assert 'value="Surveillance refused by the client"' in html
    assert 'id="confirm_event-error">confirm: tick the box' in html


# --- 2. dates after today ---


def test_an_audit_carried_out_after_today_is_refused_with_the_reason(stage1, anna, owner_client) -> None:
    with unscoped():
        audits.plan_audit(stage1, leader=anna, team=[], planned_on=date(2026, 1, 20), days=2)
    response = owner_client.post(
        f"{CB}/audits/{stage1.pk}/record/",
        {"done_on": "2026-01-20", "mode": "on-site", "days": "2"},
        follow=True,
    )
    assert "done_on: 2026-01-20 is after today (2026-01-05)" in response.content.decode()
    stage1.refresh_from_db()
    assert stage1.done_on is None
    with clock.travel_to(date(2026, 1, 20)):
        owner_client.post(
            f"{CB}/audits/{stage1.pk}/record/", {"done_on": "2026-01-20", "mode": "on-site", "days": "2"}
        )
    stage1.refresh_from_db()
    assert stage1.done_on == date(2026, 1, 20)


# --- 4. the audit's team and managers only ---


def test_an_auditor_off_the_team_cannot_record_the_audit_or_raise_or_verify_findings(
    major, team_client, anna
) -> None:
    """The ``team`` user holds the auditor role but is not linked to Anna, who led the audit."""
    audit = major.audit
    assert (
        team_client.post(f"{CB}/audits/{audit.pk}/findings/", {"grade": "ofi", "evidence": "x"}).status_code
        == 403
    )
    with unscoped():
        audits.answer_finding(
            major, correction="c", root_cause="r", corrective_action="a", on=date(2026, 3, 1)
        )
    assert team_client.post(f"{CB}/findings/{major.pk}/verify/", {"comment": "ok"}).status_code == 403
    assert team_client.post(f"{CB}/findings/{major.pk}/send-back/", {"reason": "no"}).status_code == 403
    html = team_client.get(f"{CB}/findings/{major.pk}/").content.decode()
    assert 'id="accept"' not in html and 'id="send-back"' not in html
    major.refresh_from_db()
    assert major.verified_on is None and Finding.all_objects.count() == 1


def test_an_auditor_off_the_team_cannot_record_an_audit_and_sees_no_record_form(
    stage1, anna, team_client
) -> None:
    with unscoped():
        audits.plan_audit(stage1, leader=anna, team=[], planned_on=date(2026, 1, 5), days=2)
    url = f"{CB}/audits/{stage1.pk}/"
    assert 'id="record"' not in team_client.get(url).content.decode()
    response = team_client.post(url + "record/", {"done_on": "2026-01-05", "mode": "on-site", "days": "2"})
    assert response.status_code == 403
    stage1.refresh_from_db()
    assert stage1.done_on is None


def test_a_team_member_records_the_audit_and_who_recorded_it_is_kept(
    stage1, anna, ben, team, team_client
) -> None:
    Auditor.all_objects.filter(pk=ben.pk).update(user=team)  # team member, not the leader
    with unscoped():
        audits.plan_audit(stage1, leader=anna, team=[ben], planned_on=date(2026, 1, 5), days=2)
    url = f"{CB}/audits/{stage1.pk}/"
    assert 'id="record"' in team_client.get(url).content.decode()
    assert 'id="plan"' not in team_client.get(url).content.decode()  # planning is for managers
    team_client.post(url + "record/", {"done_on": "2026-01-05", "mode": "on-site", "days": "2"})
    stage1.refresh_from_db()
    assert (stage1.done_on, stage1.recorded_by) == (date(2026, 1, 5), team)
    assert "recorded by Tom Team" in team_client.get(url).content.decode()


def test_a_scheme_manager_off_the_team_records_and_verifies(major, body_a) -> None:
    manager = _member("sm@alpha.example", body_a, Role.SCHEME_MANAGER)
    c = _login(manager)
    with unscoped():
        audits.answer_finding(
            major, correction="c", root_cause="r", corrective_action="a", on=date(2026, 3, 1)
        )
    assert c.post(f"{CB}/findings/{major.pk}/verify/", {"comment": "Checked"}).status_code == 302
    major.refresh_from_db()
    assert major.verified_by == manager


# --- 3. verification, sending back, history, attachments ---


def test_the_answer_is_sent_back_answered_again_and_accepted_with_every_step_in_the_history(
    major, anna_is_team, team_client, contact_client, contact, team
) -> None:
    answer = f"{PORTAL}/findings/{major.pk}/answer/"
    contact_client.post(
        answer, {"correction": "Recalled", "root_cause": "Skippable step", "corrective_action": "Train"}
    )
    # accepting needs a comment; sending back needs a reason
    bad = team_client.post(f"{CB}/findings/{major.pk}/verify/", {"comment": ""}, follow=True)
    assert "comment: say what was checked" in bad.content.decode()
    bad = team_client.post(f"{CB}/findings/{major.pk}/send-back/", {"reason": " "}, follow=True)
    assert "reason: say why the answer is sent back" in bad.content.decode()
    team_client.post(
        f"{CB}/findings/{major.pk}/send-back/", {"reason": "Training is not a corrective action"}
    )
    major.refresh_from_db()
    assert (major.state, major.sent_back_reason) == ("sent_back", "Training is not a corrective action")
    # a sent-back answer cannot be accepted
    team_client.post(f"{CB}/findings/{major.pk}/verify/", {"comment": "ok"})
    major.refresh_from_db()
    assert major.verified_on is None
    # the client sees it was sent back, with the reason, and answers again
    page = contact_client.get(f"{PORTAL}/findings/{major.pk}/").content.decode()
    assert 'id="sent-back"' in page and "Training is not a corrective action" in page
    contact_client.post(
        answer,
        {"correction": "Recalled", "root_cause": "Skippable step", "corrective_action": "ERP release block"},
    )
    with clock.travel_to(date(2026, 3, 20)):
        team_client.post(f"{CB}/findings/{major.pk}/verify/", {"comment": "ERP block tested on batch 113"})
    major.refresh_from_db()
    assert (major.state, major.verified_by, major.verification_comment) == (
        "closed",
        team,
        "ERP block tested on batch 113",
    )
    steps = list(
        FindingStep.all_objects.filter(finding=major).values_list(
            "kind", "by_id", "text", "corrective_action"
        )
    )
    assert steps == [
        ("raised", None, "Batch released without final inspection", ""),
        ("answered", contact.pk, "", "Train"),
        ("sent_back", team.pk, "Training is not a corrective action", ""),
        ("answered", contact.pk, "", "ERP release block"),
        ("accepted", team.pk, "ERP block tested on batch 113", ""),
    ]
    for html in (
        contact_client.get(f"{PORTAL}/findings/{major.pk}/").content.decode(),
        team_client.get(f"{CB}/findings/{major.pk}/").content.decode(),
    ):
        history = html[html.index('id="history"') :]
        assert history.count("<li class=") == 5
        assert "sent back to the client" in history and "Training is not a corrective action" in history
        assert (
            "ERP block tested on batch 113" in history
            and "Tom Team" in history
            and "Stefan Müller" in history
        )


def test_an_answer_with_evidence_files_is_stored_with_its_sha256_and_downloaded_by_owner_and_contact(
    major, contact_client, owner_client, outsider_client, anna_is_team, team_client
) -> None:
    files = [
        SimpleUploadedFile("recall.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("photo.png", PNG, "image/png"),
        SimpleUploadedFile("batches.csv", b"batch;status\n112;recalled\n", "text/csv"),
        SimpleUploadedFile("procedure.docx", _docx(), "application/octet-stream"),
    ]
    contact_client.post(
        f"{PORTAL}/findings/{major.pk}/answer/",
        {"correction": "c", "root_cause": "r", "corrective_action": "a", "files": files},
    )
    stored = {a.name: a for a in Attachment.all_objects.filter(finding=major)}
    assert {n: a.content_type for n, a in stored.items()} == {
        "recall.pdf": "application/pdf",
        "photo.png": "image/png",
        "batches.csv": "text/csv",
        "procedure.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    pdf = stored["recall.pdf"]
    assert pdf.sha256 == hashlib.sha256(PDF).hexdigest() and pdf.size == len(PDF) and pdf.by_client
    assert pdf.step is not None and pdf.step.kind == "answered"
    assert attachments.path_of(pdf).read_bytes() == PDF
    staff_page = owner_client.get(f"{CB}/findings/{major.pk}/").content.decode()
    assert pdf.sha256 in staff_page
    for client, url in (
        (owner_client, f"{CB}/attachments/{pdf.pk}/"),
        (team_client, f"{CB}/attachments/{pdf.pk}/"),
        (contact_client, f"{PORTAL}/attachments/{pdf.pk}/"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
    assert outsider_client.get(f"{CB}/attachments/{pdf.pk}/").status_code == 404
    assert outsider_client.get(f"/certification/beta-cert/attachments/{pdf.pk}/").status_code == 404
    assert contact_client.get(f"{CB}/attachments/{pdf.pk}/").status_code == 404
    assert owner_client.get(f"{PORTAL}/attachments/{pdf.pk}/").status_code == 404
    assert HttpClient().get(f"{CB}/attachments/{pdf.pk}/").status_code == 302


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("invoice.pdf", b"MZ\x90\x00 an executable renamed"),
        ("page.html", b"<html>\x00<script>alert(1)</script>"),
        ("macro.docm", b""),
        ("empty.txt", b""),
        ("archive.zip", b"PK\x03\x04 not an office document"),
    ],
)
def test_a_file_of_a_kind_not_accepted_refuses_the_whole_answer(major, contact_client, name, data) -> None:
    if name == "macro.docm":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<w:document/>")
            z.writestr("word/vbaProject.bin", "macro")
        data = out.getvalue()
    response = contact_client.post(
        f"{PORTAL}/findings/{major.pk}/answer/",
        {
            "correction": "c",
            "root_cause": "r",
            "corrective_action": "a",
            "files": [SimpleUploadedFile(name, data)],
        },
        follow=True,
    )
    assert "files: '" in unescape(response.content.decode())
    major.refresh_from_db()
    assert major.answered_on is None and not Attachment.all_objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_size_setting_is_refused(major, contact_client) -> None:
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024))
    response = contact_client.post(
        f"{PORTAL}/findings/{major.pk}/answer/",
        {"correction": "c", "root_cause": "r", "corrective_action": "a", "files": [big]},
        follow=True,
    )
    assert "files: 'scan.pdf' is larger than 1 MB" in unescape(response.content.decode())
    assert not Attachment.all_objects.exists()


def test_the_size_setting_is_validated(monkeypatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from casys.project.config import env_int_between

    monkeypatch.setenv("CASYS_ATTACHMENT_MAX_MB", "0")
    with pytest.raises(ImproperlyConfigured, match="CASYS_ATTACHMENT_MAX_MB: expected a whole number from 1"):
        env_int_between("CASYS_ATTACHMENT_MAX_MB", 10, 1, 1024)
    monkeypatch.setenv("CASYS_ATTACHMENT_MAX_MB", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int_between("CASYS_ATTACHMENT_MAX_MB", 10, 1, 1024)


def test_plain_text_is_checked_by_content_not_by_name() -> None:
    assert attachments.content_type("Kalibrierung bestanden ✓\n".encode(), "notes.txt") == "text/plain"
    assert attachments.content_type(PDF, "renamed.txt") == "application/pdf"
    with pytest.raises(CertificationError, match="not an accepted kind"):
        attachments.content_type(b"\xff\xfe\x00\x00binary", "notes.txt")
    assert attachments.clean_name("../../etc/passwd") == "passwd"


def test_the_team_attaches_evidence_to_a_finding(major, anna_is_team, team_client) -> None:
    team_client.post(
        f"{CB}/findings/{major.pk}/attach/",
        {"files": [SimpleUploadedFile("gauge.jpg", b"\xff\xd8\xff\xe0JFIF")]},
    )
    att = Attachment.all_objects.get()
    assert (att.content_type, att.by_client, att.step) == ("image/jpeg", False, None)


def test_finding_pages_permissions(
    major, owner_client, team_client, outsider_client, contact_client, body_a
) -> None:
    staff = f"{CB}/findings/{major.pk}/"
    portal = f"{PORTAL}/findings/{major.pk}/"
    assert owner_client.get(staff).status_code == 200
    assert team_client.get(staff).status_code == 200  # reads, without the verifier's forms
    for role in (Role.SCHEME_MANAGER, Role.DECISION_MAKER):
        assert _login(_member(f"{role}@alpha.example", body_a, role)).get(staff).status_code == 200
    assert outsider_client.get(staff).status_code == 404
    assert outsider_client.get(f"/certification/beta-cert/findings/{major.pk}/").status_code == 404
    assert contact_client.get(staff).status_code == 404
    assert HttpClient().get(staff).status_code == 302
    assert contact_client.get(portal).status_code == 200
    for c in (owner_client, team_client, outsider_client):
        assert c.get(portal).status_code == 404
    assert HttpClient().get(portal).status_code == 302


# --- 6. confirmation before irreversible steps ---


def test_a_certification_decision_is_not_taken_without_confirmation(
    application, anna, owner, owner_client, body_a
) -> None:
    decider = _member("dm@alpha.example", body_a, Role.DECISION_MAKER)
    with unscoped():
        applications.review_application(application, on=date(2026, 1, 6), user=owner)
        for a in Audit.all_objects.filter(application=application):
            audits.plan_audit(a, leader=anna, team=[], planned_on=date(2026, 1, 5), days=a.days or 1)
            audits.record_audit(a, done_on=date(2026, 1, 5), mode="on-site", days=a.days or 1)
    c = _login(decider)
    url = f"{CB}/applications/{application.pk}/decision/"
    response = c.post(url, {"review_notes": "Reports reviewed"}, follow=True)
    assert "confirm: tick the box" in response.content.decode()
    assert not Certificate.all_objects.exists()
    assert "Granting issues the certificate" in response.content.decode()
    c.post(url, {"review_notes": "Reports reviewed", "confirm": "yes"})
    assert Certificate.all_objects.get().status == "issued"


@pytest.mark.parametrize("kind", ["suspended", "withdrawn"])
def test_a_certificate_is_not_suspended_or_withdrawn_without_confirmation(
    certified, owner_client, kind
) -> None:
    cert = Certificate.all_objects.get()
    url = f"{CB}/certificates/{cert.pk}/events/"
    with clock.travel_to(date(2026, 6, 1)):
        owner_client.post(url, {"kind": kind, "why": "Client refused the surveillance audit"})
        cert.refresh_from_db()
        assert cert.status == "issued" and CertificateEvent.all_objects.filter(certificate=cert).count() == 1
        owner_client.post(
            url, {"kind": kind, "why": "Client refused the surveillance audit", "confirm": "yes"}
        )
    cert.refresh_from_db()
    assert cert.status == kind


# --- 5. buttons a role may not use are not shown ---


def test_the_decision_and_event_forms_are_shown_to_deciders_only(
    certified, body_a, owner_client, team_client
) -> None:
    cert = Certificate.all_objects.get()
    manager = _login(_member("sm@alpha.example", body_a, Role.SCHEME_MANAGER))
    decider = _login(_member("dm@alpha.example", body_a, Role.DECISION_MAKER))
    page = f"{CB}/certificates/{cert.pk}/"
    for c, shown in ((owner_client, True), (decider, True), (manager, False), (team_client, False)):
        assert ('id="event"' in c.get(page).content.decode()) is shown


def test_the_plan_form_is_shown_to_managers_only(stage1, body_a, owner_client, team_client) -> None:
    manager = _login(_member("sm@alpha.example", body_a, Role.SCHEME_MANAGER))
    decider = _login(_member("dm@alpha.example", body_a, Role.DECISION_MAKER))
    page = f"{CB}/audits/{stage1.pk}/"
    for c, shown in ((owner_client, True), (manager, True), (decider, False), (team_client, False)):
        assert ('id="plan"' in c.get(page).content.decode()) is shown


# --- 7. my audits ---


def test_my_audits_lists_the_auditors_own_audits_upcoming_first_with_a_month_calendar(
    reviewed, anna, ben, team, team_client
) -> None:
    Auditor.all_objects.filter(pk=ben.pk).update(user=team)
    stage1, stage2 = Audit.all_objects.filter(application=reviewed).order_by("id")
    with unscoped():
        audits.plan_audit(stage1, leader=anna, team=[ben], planned_on=date(2026, 1, 5), days=2)
        audits.record_audit(stage1, done_on=date(2026, 1, 5), mode="on-site", days=2)
        audits.plan_audit(stage2, leader=anna, team=[ben], planned_on=date(2026, 1, 28), days=5)
    html = team_client.get(f"{CB}/my-audits/").content.decode()
    upcoming = html[html.index('id="upcoming"') : html.index('id="month"')]
    done = html[html.index('id="done"') :]
    assert "Stage 2 audit" in upcoming and "28 Jan 2026" in upcoming and "Team member" in upcoming
    assert "Stage 1 audit" in done and "5 Jan 2026" in done
    assert 'data-day="2026-01-28"><span class="muted">28</span><a href' in html
    assert "January 2026" in html
    feb = team_client.get(f"{CB}/my-audits/?month=2026-02").content.decode()
    assert "February 2026" in feb and 'data-day="2026-01-28"' not in feb


def test_my_audits_of_an_auditor_without_audits_is_empty_and_says_why(
    certified, owner_client, team_client
) -> None:
    html = team_client.get(f"{CB}/my-audits/").content.decode()
    assert 'id="not-linked"' in html and "Stage 2 audit" not in html
    # the owner is not on Anna's team either
    assert (
        "Stage 2 audit" not in owner_client.get(f"{CB}/my-audits/").content.decode().split('id="upcoming"')[1]
    )


def test_my_audits_permissions_and_the_dashboard_links_it(
    certified, owner_client, team_client, outsider_client, contact_client
) -> None:
    url = f"{CB}/my-audits/"
    assert owner_client.get(url).status_code == 200 and team_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    assert contact_client.get(url).status_code == 404
    assert HttpClient().get(url).status_code == 302
    assert f'href="{url}"' in owner_client.get(f"{CB}/").content.decode()
    assert 'id="month"' in owner_client.get(f"{CB}/calendar/").content.decode()


# --- 8. pages of a body of the wrong kind (issue 12, finding 15) ---


@pytest.mark.parametrize(
    "path",
    [
        "/certification/{slug}/",
        "/certification/{slug}/clients/",
        "/certification/{slug}/certificates/",
        "/certification/{slug}/calendar/",
        "/certification/{slug}/my-audits/",
        "/laboratory/{slug}/",
        "/laboratory/{slug}/sampling/",
        "/proficiency/{slug}/schemes/",
        "/proficiency/{slug}/participations/",
        "/accreditation/{slug}/",
    ],
)
def test_a_client_contact_gets_404_on_staff_pages_of_its_own_client_body(
    cert_client, contact_client, path
) -> None:
    url = path.format(slug=cert_client.organisation.slug)
    assert contact_client.get(url).status_code == 404, url


def test_the_client_contact_still_reaches_its_portal(certified, contact_client) -> None:
    assert contact_client.get(f"{PORTAL}/").status_code == 200


@pytest.mark.parametrize("action", ["verify", "send-back", "attach"])
def test_the_finding_actions_answer_404_to_outsiders_and_contacts_403_to_other_roles_and_login_to_anonymous(
    major, body_a, outsider_client, contact_client, action
) -> None:
    url = f"{CB}/findings/{major.pk}/{action}/"
    data = {"comment": "ok", "reason": "no"}
    assert outsider_client.post(url, data).status_code == 404
    assert (
        outsider_client.post(f"/certification/beta-cert/findings/{major.pk}/{action}/", data).status_code
        == 404
    )
    assert contact_client.post(url, data).status_code == 404
    decider = _login(_member("dm@alpha.example", body_a, Role.DECISION_MAKER))
    assert decider.post(url, data).status_code == 403
    assert HttpClient().post(url, data).status_code == 302
    major.refresh_from_db()
    assert major.state == "open" and not Attachment.all_objects.exists()
