"""Pages of audit plans, checklists, coverage, remote audits and their documents: every role of
the body, a foreign body's members (0 leaks), anonymous, and the client's contacts in the portal."""

from __future__ import annotations

import json
import subprocess
import tempfile
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casys import clock
from casys.accounts.models import Body, Membership, Role, User
from casys.accounts.scoping import unscoped
from casys.certification.models import (
    Application,
    Audit,
    Auditor,
    AuditPlan,
    ChecklistEntry,
    FindingRequirement,
    RecordingConsent,
    RemoteActivity,
    RemoteAssessment,
)
from casys.certification.services import audits, checklists, plans
from casys.certification.views.common import MANAGE
from casys.core import remote_audit
from casys.requirements.services import oscal
from casys.requirements.services.catalogues import load_shipped
from tests.conftest import make_user

CB_ROLES = [
    Role.ADMIN,
    Role.SCHEME_MANAGER,
    Role.AUDITOR,
    Role.DECISION_MAKER,
    Role.ANALYST,
    Role.REPORT_REVIEWER,
]
SECRET = "Calibration records of the torque wrench were missing"


@pytest.fixture
def audited(certified: Application, anna: Auditor, ben: Auditor) -> Audit:
    """A surveillance audit planned (sent to the client), carried out, with a checklist and a finding."""
    load_shipped()
    with unscoped():
        audit = certified.audits.filter(phase="surveillance").order_by("latest").first()
        audits.plan_audit(audit, leader=anna, team=[ben], planned_on=date(2026, 9, 1), days=audit.days or 2)
        audit = Audit.all_objects.get(pk=audit.pk)
        plan = plans.generate(audit)
        plans.send(plan, on=date(2026, 8, 1))
        checklists.prepare(audit)
        with clock.travel_to(date(2026, 9, 2)):
            audits.record_audit(audit, done_on=date(2026, 9, 1), mode="on-site", days=audit.days or 2)
            entry = ChecklistEntry.all_objects.get(
                audit=audit, auditor=anna, requirement__uid="iso9001:2015/4.1"
            )
            checklists.record(
                entry, conformity="nonconform", notes=SECRET, grade="minor", finding_ids=["7.1.5"]
            )
        return Audit.all_objects.get(pk=audit.pk)


def _as(body: Body, role: str) -> Client:
    user = make_user(f"{role}@{body.slug}.example", role.title())
    Membership.all_objects.create(user=user, body=body, role=role)
    c = Client()
    c.force_login(user)
    return c


def reads(audit: Audit) -> list[str]:
    a, app = ["alpha-cert", audit.pk], ["alpha-cert", audit.application_id]
    return [
        reverse("certification:plan", args=a),
        reverse("certification:plan-pdf", args=a) + "?lang=en",
        reverse("certification:report-pdf", args=a) + "?lang=en",
        reverse("certification:oscal-results", args=a),
        reverse("certification:oscal-poam", args=a),
        reverse("certification:coverage", args=app),
        reverse("certification:remote", args=app),
    ]


def manages(audit: Audit) -> list[tuple[str, dict[str, Any]]]:
    a = ["alpha-cert", audit.pk]
    return [
        (reverse("certification:plan-generate", args=a), {}),
        (reverse("certification:plan-save", args=a), {}),
        (reverse("certification:plan-send", args=a), {}),
        (
            reverse("certification:remote-assess", args=["alpha-cert", audit.application_id]),
            {"met_objectives": "on"},
        ),
    ]


def team_only(audit: Audit) -> list[tuple[str, str, dict[str, Any]]]:
    a = ["alpha-cert", audit.pk]
    return [
        ("get", reverse("certification:checklist", args=a), {}),
        ("post", reverse("certification:checklist-prepare", args=a), {}),
        (
            "post",
            reverse("certification:checklist-record", args=a),
            {"requirement": "4.2", "conformity": "conform"},
        ),
        (
            "post",
            reverse("certification:remote-consent", args=a),
            {"given_by": "QM", "covers": "screenshots"},
        ),
        (
            "post",
            reverse("certification:remote-activity", args=a),
            {"activity": "x", "mode": "on-site", "participants": "QM"},
        ),
    ]


def state(audit: Audit) -> tuple[Any, ...]:
    with unscoped():
        return (
            AuditPlan.all_objects.filter(audit=audit).values_list("status", "days").first(),
            list(ChecklistEntry.all_objects.filter(audit=audit).values_list("conformity", "notes")),
            FindingRequirement.all_objects.count(),
            RemoteAssessment.all_objects.count(),
            RemoteActivity.all_objects.count(),
            RecordingConsent.all_objects.count(),
        )


@pytest.mark.parametrize("role", CB_ROLES)
def test_every_role_of_the_body_reads_and_only_managers_and_the_team_act(
    body_a: Body, audited: Audit, role: str
) -> None:
    client = _as(body_a, role)
    for url in reads(audited):
        response = client.get(url)
        assert response.status_code == 200, (role, url)
    page = client.get(reads(audited)[0]).content.decode()
    assert ('id="send"' in page) is False  # already sent: nobody sees the send form
    assert ('id="generate"' in page) is False
    before = state(audited)
    for url, data in manages(audited):
        response = client.post(url, data)
        assert (response.status_code == 403) == (role not in MANAGE), (role, url)
    for method, url, data in team_only(audited):
        response = getattr(client, method)(url, data)
        # an auditor who is not on the audit's team is refused like the other roles
        assert (response.status_code == 403) == (role not in MANAGE), (role, url)
    if role not in MANAGE:
        assert state(audited) == before


def test_an_auditor_on_the_team_fills_the_checklist(body_a: Body, audited: Audit, ben: Auditor) -> None:
    client = _as(body_a, Role.AUDITOR)
    with unscoped():
        ben.user = User.objects.get(email=f"{Role.AUDITOR}@alpha-cert.example")
        ben.save()
    a = ["alpha-cert", audited.pk]
    page = client.get(reverse("certification:checklist", args=a))
    assert page.status_code == 200 and "Ben Builder" in page.content.decode()
    response = client.post(
        reverse("certification:checklist-record", args=a),
        {"requirement": "iso9001:2015/8.5.1", "conformity": "conform"},
    )
    assert response.status_code == 302
    assert ChecklistEntry.all_objects.filter(
        auditor=ben, requirement__uid="iso9001:2015/8.5.1", conformity="conform"
    ).exists()


@pytest.mark.parametrize("role", Role.values)
def test_every_role_of_a_foreign_body_gets_404_and_sees_nothing(
    body_b: Body, audited: Audit, role: str
) -> None:
    client = _as(body_b, role)
    before = state(audited)
    urls = (
        [("get", u, {}) for u in reads(audited)]
        + [("post", u, d) for u, d in manages(audited)]
        + team_only(audited)
    )
    urls.append(("get", reverse("certification:portal-plan", args=["mueller-praezision", audited.pk]), {}))
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (role, url)
        assert SECRET.encode() not in response.content
    assert state(audited) == before


def test_anonymous_is_sent_to_sign_in(audited: Audit) -> None:
    for url in reads(audited):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_the_client_sees_the_plan_and_team_and_objects_to_a_member(
    audited: Audit, contact_client: Client, ben: Auditor, cert_client: Any
) -> None:
    slug = cert_client.organisation.slug
    url = reverse("certification:portal-plan", args=[slug, audited.pk])
    page = contact_client.get(url).content.decode()
    assert "Anna Auditor" in page and "Ben Builder" in page and "iso9001:2015/4.1" in page
    answer = reverse("certification:portal-plan-answer", args=[slug, audited.pk])
    refused = contact_client.post(
        answer, {"answer": "object", "member": str(ben.pk), "reason": ""}, follow=True
    )
    html = refused.content.decode()
    assert "say why you object to this member of the team" in html, html[html.find("<main") :][:2500]
    contact_client.post(
        answer, {"answer": "object", "member": str(ben.pk), "reason": "Audited our competitor"}
    )
    with unscoped():
        plan = AuditPlan.all_objects.get(audit=audited)
    assert plan.status == "objected" and plan.objection == "Audited our competitor"
    assert "/login" not in contact_client.get(reverse("certification:portal", args=[slug])).get(
        "Location", ""
    )


def test_staff_get_404_on_the_portal_plan(owner_client: Client, audited: Audit, cert_client: Any) -> None:
    url = reverse("certification:portal-plan", args=[cert_client.organisation.slug, audited.pk])
    assert owner_client.get(url).status_code == 404


def _pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True)  # noqa: S603, S607
    return " ".join(out.stdout.decode().split())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            ["Audit plan", "Audit team", "Anna Auditor", "Ben Builder", "iso9001:2015/4.1", "team leader"],
        ),
        (
            "fr",
            ["Plan d'audit", "Équipe d'audit", "Anna Auditor", "iso9001:2015/4.1", "responsable d'équipe"],
        ),
        (
            "ru",
            ["План аудита", "Группа по аудиту", "Anna Auditor", "iso9001:2015/4.1", "руководитель группы"],
        ),
    ],
)
def test_the_plan_pdf_carries_the_plan_in_each_language(
    owner_client: Client, audited: Audit, lang: str, words: list[str]
) -> None:
    response = owner_client.get(
        reverse("certification:plan-pdf", args=["alpha-cert", audited.pk]) + f"?lang={lang}"
    )
    text = _pdf_text(response.content)
    days = str(audited.days) if lang == "en" else str(audited.days).replace(".", ",")
    for word in [*words, "Alpha Certification", "Müller Präzisionsteile GmbH", days, f"AP-{audited.pk}"]:
        assert word in text, (lang, word)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Audit report", "Findings by requirement", "Coverage over the cycle", "Remote share"]),
        ("fr", ["Rapport d'audit", "Constats par exigence", "Couverture sur le cycle", "Part à distance"]),
        ("ru", ["Отчёт об аудите", "Выводы по требованиям", "Охват за цикл", "Доля дистанционного"]),
    ],
)
def test_the_report_pdf_lists_findings_by_requirement_and_the_coverage(
    owner_client: Client, audited: Audit, lang: str, words: list[str]
) -> None:
    response = owner_client.get(
        reverse("certification:report-pdf", args=["alpha-cert", audited.pk]) + f"?lang={lang}"
    )
    text = _pdf_text(response.content)
    for word in [*words, "iso9001:2015/4.1", "iso9001:2015/7.1.5", SECRET[:30]]:
        assert word in text, (lang, word)


def test_the_oscal_exports_validate_against_the_published_schemas(
    owner_client: Client, audited: Audit
) -> None:
    a = ["alpha-cert", audited.pk]
    results = json.loads(owner_client.get(reverse("certification:oscal-results", args=a)).content)
    assert oscal.validate(results, "assessment-results") == "assessment-results"
    found = results["assessment-results"]["results"][0]["findings"]
    states = {f["target"]["props"][0]["value"]: f["target"]["status"]["state"] for f in found}
    assert states["iso9001:2015/4.1"] == "not-satisfied"
    poam = json.loads(owner_client.get(reverse("certification:oscal-poam", args=a)).content)
    assert oscal.validate(poam, "plan-of-action-and-milestones") == "plan-of-action-and-milestones"
    item = poam["plan-of-action-and-milestones"]["poam-items"][0]
    assert [p["value"] for p in item["props"]] == ["iso9001:2015/4.1", "iso9001:2015/7.1.5"]


def test_an_export_that_fails_the_schema_is_refused_with_its_path() -> None:
    with pytest.raises(
        oscal.OscalError, match=r"^\$\['assessment-results'\]: 'metadata' is a required property"
    ):
        oscal.validate({"assessment-results": {"uuid": "not-a-uuid"}}, "assessment-results")


def test_the_coverage_page_lists_the_requirements_never_audited(owner_client: Client, audited: Audit) -> None:
    page = owner_client.get(
        reverse("certification:coverage", args=["alpha-cert", audited.application_id])
    ).content.decode()
    assert 'id="coverage"' in page and "iso9001:2015/10.3" in page


def test_the_remote_page_names_the_unmet_conditions_and_a_refused_form_keeps_what_was_typed(
    owner_client: Client, audited: Audit
) -> None:
    url = reverse("certification:remote-assess", args=["alpha-cert", audited.application_id])
    data = {f"met_{c}": "on" for c in remote_audit.CONDITION_IDS} | {
        f"evidence_{c}": "minutes" for c in remote_audit.CONDITION_IDS
    }
    data["evidence_fallback"] = ""
    page = owner_client.post(url, data, follow=True).content.decode()
    assert "give the evidence that the condition is met" in page
    assert page.count(">minutes</textarea>") == 7
    assert not RemoteAssessment.all_objects.exists()
    data["evidence_fallback"] = "agreed to switch to on-site"
    page = owner_client.post(url, data, follow=True).content.decode()
    assert 'id="remote-allowed"' in page


def test_a_recording_needs_a_permission_logged_before(owner_client: Client, audited: Audit) -> None:
    a = ["alpha-cert", audited.pk]
    activity = {
        "activity": "Tour of the warehouse",
        "mode": "remote",
        "ict": "Video call",
        "participants": "QM, Riga office",
        "recording": "screenshots of the store",
    }
    page = owner_client.post(
        reverse("certification:remote-activity", args=a), activity, follow=True
    ).content.decode()
    assert "recording: no permission to record was logged before" in page
    owner_client.post(
        reverse("certification:remote-consent", args=a),
        {"given_by": "Quality manager", "covers": "screenshots"},
    )
    owner_client.post(reverse("certification:remote-activity", args=a), activity)
    assert RemoteActivity.all_objects.filter(recording="screenshots of the store").count() == 1


def test_the_dashboard_plots_nonconformities_by_requirement(owner_client: Client, audited: Audit) -> None:
    page = owner_client.get(reverse("certification:dashboard", args=["alpha-cert"])).content.decode()
    assert 'id="nc-by-requirement"' in page and "ISO 9001:2015 7.1.5" in page


def test_the_application_page_shows_the_recertification_decision_blocked(
    owner_client: Client, certified: Application, anna: Auditor
) -> None:
    load_shipped()
    with unscoped():
        for a in certified.audits.filter(phase__in=("surveillance", "recertification")):
            audits.plan_audit(a, leader=anna, team=[], planned_on=date(2026, 9, 1), days=a.days or 1)
            plans.generate(Audit.all_objects.get(pk=a.pk))
            with clock.travel_to(a.latest):
                audits.record_audit(a, done_on=a.latest, mode="on-site", days=a.days or 1)
    url = reverse("certification:application", args=["alpha-cert", certified.pk])
    page = owner_client.get(url).content.decode()
    assert 'id="coverage-blocked"' in page and "iso9001:2015/10.3" in page and "iso9001:2015/4.1" in page


def test_pages_of_a_scheme_without_a_profile_still_work(
    owner_client: Client, certified: Application, anna: Auditor
) -> None:
    """No catalogue loaded: nothing to plan against, nothing blocks, and no page fails."""
    with unscoped():
        audit = certified.audits.filter(phase="surveillance").first()
        audits.plan_audit(audit, leader=anna, team=[], planned_on=date(2026, 9, 1), days=audit.days or 1)
    for url in [
        reverse("certification:coverage", args=["alpha-cert", certified.pk]),
        reverse("certification:application", args=["alpha-cert", certified.pk]),
        reverse("certification:plan", args=["alpha-cert", audit.pk]),
        reverse("certification:remote", args=["alpha-cert", certified.pk]),
    ]:
        assert owner_client.get(url).status_code == 200, url
    refused = owner_client.post(
        reverse("certification:plan-generate", args=["alpha-cert", audit.pk]), follow=True
    )
    assert "no profile of requirements is loaded" in refused.content.decode()
