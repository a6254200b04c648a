"""Pages of the accreditation workflow: grant with a scope editor, CAB register, assessments,
findings, decisions — for the owner, each other role of the body, a foreign body and anonymous."""

from datetime import date

import pytest
from django.test import Client

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.accreditation.models import Accreditation, AccreditationDecision, Assessment, AssessmentFinding
from casys.accreditation.services import assessments as asv
from casys.auditlog.services import Actor
from tests.conftest import make_user
from tests.keys import use_data_dir

pytestmark = pytest.mark.django_db

LIST = "/accreditation/alpha-cert/"
GRANT = "/accreditation/alpha-cert/grant/"
DETAIL = "/accreditation/alpha-cert/AB-17/"


def client_with(ab, role, email=None, name="Rita Role"):
    user = make_user(email or f"{role}@alpha.example", name)
    Membership.all_objects.create(user=user, body=ab, role=role)
    c = Client()
    c.force_login(user)
    return c, user


@pytest.fixture
def manager(ab_a):
    return client_with(ab_a, Role.SCHEME_MANAGER)


@pytest.fixture
def decider(ab_a):
    return client_with(ab_a, Role.DECISION_MAKER, name="Dora Decider")


def grant_post(**extra):
    data = {
        "standard": "ISO/IEC 17021-1",
        "rows": "4",
        "cab_slug": "gamma-cert",
        "number": "AB-20",
        "valid_from": "2024-01-01",
        "valid_until": "2028-12-31",
        "scope-0-normative_document": "ISO 9001:2015",
        "scope-0-iaf_codes": "17, 28",
        "scope-1-normative_document": "ISO 14001:2015",
        "scope-1-iaf_codes": "17",
        "confirm": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


# --- list and grant ------------------------------------------------------------------------------


def test_the_list_shows_the_grant_button_only_to_administrators_and_scheme_managers(
    owner_client, team_client, manager, decider, accreditation
):
    assert 'id="grant"' in owner_client.get(LIST).content.decode()
    assert 'id="grant"' in manager[0].get(LIST).content.decode()
    for c in (team_client, decider[0]):
        page = c.get(LIST).content.decode()
        assert "AB-17" in page and 'id="grant"' not in page


def test_the_list_filters_by_state(owner_client, accreditation, gamma, ab_a):
    from casys.accreditation.services import accreditations as svc

    with unscoped():
        svc.record_event(accreditation, date(2024, 1, 1), "suspended", reason="x")
    assert "AB-17" in owner_client.get(LIST + "?state=suspended").content.decode()
    assert "AB-17" not in owner_client.get(LIST + "?state=active").content.decode()


def test_grant_pages_are_403_for_other_roles_404_for_a_foreign_body_and_login_for_anonymous(
    team_client, decider, outsider_client, client, ab_a
):
    for c in (team_client, decider[0]):
        assert c.get(GRANT).status_code == 403
        assert c.post(GRANT, grant_post()).status_code == 403
        assert c.get("/accreditation/alpha-cert/cabs/new/").status_code == 403
    assert outsider_client.get(GRANT).status_code == 404
    assert outsider_client.post(GRANT, grant_post()).status_code == 404
    r = client.get(GRANT)
    assert r.status_code == 302 and "/login" in r["Location"]


def test_the_grant_page_asks_for_the_standard_then_shows_its_scope_columns(owner_client, ab_a):
    assert 'name="standard"' in owner_client.get(GRANT).content.decode()
    cb = owner_client.get(GRANT + "?standard=ISO/IEC 17021-1").content.decode()
    assert "IAF codes" in cb and "Measurand" not in cb
    lab = owner_client.get(GRANT + "?standard=ISO/IEC 17025").content.decode()
    assert (
        "Field of testing or calibration" in lab and "Measurand / property" in lab and "IAF codes" not in lab
    )


def test_a_scheme_manager_grants_with_two_scope_lines(manager, gamma, ab_a):
    r = manager[0].post(GRANT, grant_post())
    assert r.status_code == 302 and r["Location"] == "/accreditation/alpha-cert/AB-20/"
    with unscoped():
        acc = Accreditation.objects.get(number="AB-20")
        assert acc.cab == gamma
        assert [(s.normative_document, s.iaf_codes) for s in acc.scope_lines.all()] == [
            ("ISO 9001:2015", ["17", "28"]),
            ("ISO 14001:2015", ["17"]),
        ]


def test_a_grant_without_confirmation_is_refused_and_keeps_what_was_typed(owner_client, ab_a, gamma):
    r = owner_client.post(GRANT, grant_post(confirm=None))
    page = r.content.decode()
    assert r.status_code == 200 and "This field is required." in page
    assert 'value="AB-20"' in page and 'value="ISO 14001:2015"' in page and 'value="17, 28"' in page
    with unscoped():
        assert not Accreditation.objects.filter(number="AB-20").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"number": "AB-17"}, "AB-17 is already used by"),
        ({"valid_until": "2023-01-01"}, "2023-01-01 is before valid_from"),
        (
            {
                "scope-0-normative_document": "",
                "scope-0-iaf_codes": "",
                "scope-1-normative_document": "",
                "scope-1-iaf_codes": "",
            },
            "an accreditation needs at least one scope line",
        ),
        ({"scope-1-normative_document": ""}, "required"),
        ({"cab_slug": "alpha-cert"}, "no conformity assessment body with the short name alpha-cert"),
    ],
)
def test_a_refused_grant_names_the_field_and_keeps_the_input(owner_client, accreditation, extra, message):
    page = owner_client.post(GRANT, grant_post(**extra)).content.decode()
    assert message in page and 'value="2024-01-01"' in page
    with unscoped():
        assert not Accreditation.objects.filter(number="AB-20").exists()


def test_more_scope_lines_keep_the_typed_lines(owner_client, ab_a, gamma):
    page = owner_client.post(GRANT, grant_post(more="1")).content.decode()
    assert 'name="rows" value="7"' in page and 'id="scope-6-normative_document"' in page
    assert 'value="ISO 9001:2015"' in page and "This field is required." not in page


def test_a_registered_cab_is_offered_when_granting(owner_client, ab_a):
    r = owner_client.post(
        "/accreditation/alpha-cert/cabs/new/",
        {"name": "Metrolab Tartu", "kind": "laboratory", "country": "EE", "city": "Tartu"},
    )
    assert r.status_code == 302
    page = owner_client.get(GRANT + "?standard=ISO/IEC 17025").content.decode()
    assert "Metrolab Tartu (Laboratory, EE)" in page


def test_a_certification_body_may_not_grant(client, body_b, outsider_client):
    assert outsider_client.get("/accreditation/beta-cert/grant/").status_code == 403


# --- detail, events ------------------------------------------------------------------------------


def test_the_detail_shows_event_and_assessment_buttons_only_to_roles_that_may_use_them(
    owner_client, team_client, manager, decider, accreditation
):
    owner = owner_client.get(DETAIL).content.decode()
    assert 'id="event-form"' in owner and 'id="new-assessment"' in owner
    m = manager[0].get(DETAIL).content.decode()
    assert 'id="event-form"' not in m and 'id="new-assessment"' in m
    d = decider[0].get(DETAIL).content.decode()
    assert 'id="event-form"' in d and 'id="new-assessment"' not in d
    t = team_client.get(DETAIL).content.decode()
    assert 'id="event-form"' not in t and 'id="new-assessment"' not in t


def test_a_suspension_without_confirmation_is_refused_next_to_the_checkbox(owner_client, accreditation):
    r = owner_client.post(
        DETAIL + "events/", {"on": "2024-01-01", "kind": "suspended", "reason": "late fees"}
    )
    page = r.content.decode()
    assert r.status_code == 400 and "Tick the box to confirm a suspension or withdrawal." in page
    assert "late fees" in page


def test_a_restoration_needs_no_confirmation(owner_client, accreditation):
    owner_client.post(
        DETAIL + "events/", {"on": "2024-01-01", "kind": "suspended", "reason": "x", "confirm": "on"}
    )
    r = owner_client.post(DETAIL + "events/", {"on": "2024-02-01", "kind": "restored"})
    assert r.status_code == 302


def test_the_detail_is_404_for_a_foreign_body_and_login_for_anonymous(outsider_client, client, accreditation):
    assert outsider_client.get(DETAIL).status_code == 404
    assert outsider_client.get(DETAIL + "assessments/new/").status_code == 404
    assert client.get(DETAIL).status_code == 302


# --- assessments ---------------------------------------------------------------------------------


def test_a_manager_records_an_assessment_with_a_witnessed_activity(manager, owner, team, accreditation):
    r = manager[0].post(
        DETAIL + "assessments/new/",
        {
            "kind": "witness",
            "start": "2024-05-06",
            "end": "2024-05-08",
            "team_leader": str(team.pk),
            "assessors": [str(owner.pk)],
            "recommendation": "grant",
            "witness-0-activity": "stage 2 audit",
            "witness-0-location": "Riga",
            "witness-0-on": "2024-05-07",
        },
    )
    assert r.status_code == 302
    with unscoped():
        a = Assessment.objects.get()
        assert a.team_ids() == {team.pk, owner.pk}
        assert a.witnessed.get().location == "Riga"


def test_a_refused_assessment_names_the_field(manager, team, accreditation):
    r = manager[0].post(
        DETAIL + "assessments/new/",
        {
            "kind": "initial",
            "start": "2024-05-06",
            "end": "2999-05-08",
            "team_leader": str(team.pk),
            "witness-0-activity": "audit",
            "witness-0-location": "Tallinn",
        },
    )
    page = r.content.decode()
    assert r.status_code == 400 and "when: a date is required" in page and 'value="Tallinn"' in page


def test_assessment_pages_are_403_for_roles_that_may_not_record(team_client, decider, accreditation):
    assert decider[0].get(DETAIL + "assessments/new/").status_code == 403
    assert team_client.get(DETAIL + "assessments/new/").status_code == 403


@pytest.fixture
def assessment(accreditation, team):
    with unscoped():
        return asv.record_assessment(
            accreditation,
            asv.AssessmentInput("surveillance", date(2024, 5, 6), date(2024, 5, 8), team),
            actor=Actor(user=team, label=str(team)),
        )


def test_the_assessor_records_and_closes_a_finding(team_client, assessment):
    url = f"{DETAIL}assessments/{assessment.pk}/"
    page = team_client.get(url).content.decode()
    assert 'id="finding-form"' in page and 'id="decision-form"' not in page
    r = team_client.post(url + "findings/", {"grade": "nonconformity", "clause": "7.9", "text": "records"})
    assert r.status_code == 302
    with unscoped():
        f = AssessmentFinding.objects.get()
    assert team_client.post(f"{url}findings/{f.pk}/close/", {"on": "2024-05-20"}).status_code == 302
    with unscoped():
        f.refresh_from_db()
        assert f.closed_on == date(2024, 5, 20)


def test_a_refused_finding_keeps_the_text(team_client, assessment):
    url = f"{DETAIL}assessments/{assessment.pk}/findings/"
    r = team_client.post(url, {"grade": "nonconformity", "clause": "", "text": "records incomplete"})
    assert r.status_code == 400 and "records incomplete" in r.content.decode()


def test_the_decision_form_is_shown_to_a_decider_who_did_not_assess(decider, assessment):
    url = f"{DETAIL}assessments/{assessment.pk}/"
    page = decider[0].get(url).content.decode()
    assert 'id="decision-form"' in page and 'id="finding-form"' not in page
    r = decider[0].post(url + "decision/", {"kind": "grant", "on": "2024-06-01", "confirm": "on"})
    assert r.status_code == 302
    with unscoped():
        assert AccreditationDecision.objects.get().decided_by == decider[1]


def test_a_decider_who_assessed_sees_no_decision_form_and_is_refused(ab_a, accreditation, assessment, team):
    c, dora = client_with(ab_a, Role.DECISION_MAKER, name="Dora Decider")
    Membership.all_objects.create(user=team, body=ab_a, role=Role.DECISION_MAKER)
    c.force_login(team)
    url = f"{DETAIL}assessments/{assessment.pk}/"
    page = c.get(url).content.decode()
    assert 'id="not-independent"' in page and 'id="decision-form"' not in page
    r = c.post(url + "decision/", {"kind": "grant", "on": "2024-06-01", "confirm": "on"})
    assert (
        r.status_code == 400
        and "assessed: someone who did not assess takes the decision" in r.content.decode()
    )


def test_a_decision_needs_the_confirmation(decider, assessment):
    r = decider[0].post(
        f"{DETAIL}assessments/{assessment.pk}/decision/", {"kind": "grant", "on": "2024-06-01"}
    )
    assert r.status_code == 400
    with unscoped():
        assert not AccreditationDecision.objects.exists()


def test_decision_and_finding_posts_are_403_for_roles_and_404_for_a_foreign_body(
    team_client, manager, outsider_client, assessment
):
    url = f"{DETAIL}assessments/{assessment.pk}/"
    data = {"kind": "grant", "on": "2024-06-01", "confirm": "on"}
    assert team_client.post(url + "decision/", data).status_code == 403
    assert manager[0].post(url + "decision/", data).status_code == 403
    assert outsider_client.post(url + "decision/", data).status_code == 404
    assert outsider_client.get(url).status_code == 404
    assert (
        outsider_client.post(
            url + "findings/", {"grade": "observation", "clause": "1", "text": "x"}
        ).status_code
        == 404
    )


# --- the public registry page ---------------------------------------------------------------------


def test_the_registry_page_shows_a_suspended_accreditation_to_anyone(client, owner_client, accreditation):
    owner_client.post(
        DETAIL + "events/", {"on": "2024-01-01", "kind": "suspended", "reason": "x", "confirm": "on"}
    )
    page = client.get("/registry/accreditation/alpha-cert/AB-17/").content.decode()
    assert 'data-status="suspended"' in page and "Suspended since" in page and "Gamma Certification" in page
    assert client.get("/registry/accreditation/alpha-cert/NOPE/").status_code == 404


def test_a_certificate_s_verify_page_fails_at_the_accreditation_once_it_is_suspended(
    client, owner_client, ab_a, gamma, accreditation, settings, tmp_path
):
    """The registry's chain is read from the accreditation's events: a suspension shows at link 2."""
    from casys.attestations.identity import verification_path
    from casys.attestations.services.issue import Entry, issue

    use_data_dir(settings, tmp_path)
    with unscoped():
        issue(
            gamma,
            [
                Entry(
                    number="G-1",
                    status="active",
                    holder_name="Holder Ltd",
                    holder_name_en="",
                    country="LV",
                    standards=("ISO 9001:2015",),
                    iaf_codes=("17",),
                    original_issue_date=date(2024, 3, 1),
                    issue_date=date(2024, 3, 1),
                    expiry_date=date(2099, 2, 28),
                    accreditation_body="alpha-cert",
                )
            ],
            source="test",
        )
    before = client.get(verification_path("gamma-cert", "G-1")).content.decode()
    assert 'class="link-accreditation" data-state="pass"' in before
    owner_client.post(
        DETAIL + "events/", {"on": "2025-01-01", "kind": "suspended", "reason": "x", "confirm": "on"}
    )
    after = client.get(verification_path("gamma-cert", "G-1")).content.decode()
    assert 'class="link-accreditation" data-state="fail"' in after


@pytest.mark.parametrize(
    ("lang", "text"), [("fr", "Accorder une accréditation"), ("ru", "Предоставить аккредитацию")]
)
def test_the_grant_page_speaks_french_and_russian(owner_client, ab_a, lang, text):
    owner_client.cookies["django_language"] = lang
    assert text in owner_client.get(GRANT + "?standard=ISO/IEC 17025").content.decode()


def test_russian_has_the_three_plural_forms_of_open_nonconformities():
    from django.utils import translation
    from django.utils.translation import ngettext

    one = "%(n)s nonconformity is still open: close it first, or suspend or withdraw"
    many = "%(n)s nonconformities are still open: close them first, or suspend or withdraw"
    with translation.override("ru"):
        got = [ngettext(one, many, n) % {"n": n} for n in (1, 3, 5)]
    assert [g.split(" ", 2)[1] for g in got] == ["несоответствие", "несоответствия", "несоответствий"]


GRANTERS = {Role.ADMIN, Role.SCHEME_MANAGER}
DECIDING = {Role.ADMIN, Role.DECISION_MAKER}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_what_it_should_on_grant_event_and_decision(ab_a, accreditation, assessment, role):
    c, _user = client_with(ab_a, role, email=f"r-{role}@alpha.example")
    assert c.get(GRANT).status_code == (200 if role in GRANTERS else 403)
    assert c.get(DETAIL + "assessments/new/").status_code == (200 if role in GRANTERS else 403)
    event = {"on": "2024-01-01", "kind": "suspended", "reason": "x", "confirm": "on"}
    assert c.post(DETAIL + "events/", event).status_code == (302 if role in DECIDING else 403)
    decision = {"kind": "suspend", "on": "2024-06-01", "reason": "x", "confirm": "on"}
    r = c.post(f"{DETAIL}assessments/{assessment.pk}/decision/", decision)
    # the suspension event above makes a second suspension a refusal: 400, not a permission error
    assert r.status_code == (400 if role in DECIDING else 403)
    page = c.get(DETAIL).content.decode()
    assert ('id="event-form"' in page) == (role in DECIDING)
    assert ('id="new-assessment"' in page) == (role in GRANTERS)


def test_anonymous_posts_are_sent_to_sign_in(client, accreditation, assessment):
    for url in (
        GRANT,
        DETAIL + "events/",
        f"{DETAIL}assessments/{assessment.pk}/decision/",
        f"{DETAIL}assessments/{assessment.pk}/findings/",
        "/accreditation/alpha-cert/cabs/new/",
    ):
        r = client.post(url, {})
        assert r.status_code == 302 and "/login" in r["Location"], url


def test_a_tampered_cab_choice_is_refused_next_to_the_field(owner_client, ab_a, gamma):
    page = owner_client.post(GRANT, grant_post(cab_slug="", cab="999999")).content.decode()
    assert "Select a valid choice" in page or "not a conformity assessment body known to" in page
    with unscoped():
        assert not Accreditation.objects.filter(number="AB-20").exists()


def test_the_cab_sees_its_accreditation_linked_to_the_public_page(ab_a, accreditation, gamma):
    c, _user = client_with(gamma, Role.ADMIN, email="admin@gamma.example")
    page = c.get("/accreditation/gamma-cert/").content.decode()
    assert 'href="/registry/accreditation/alpha-cert/AB-17/"' in page


def test_the_signed_credential_carries_the_scope_of_today(
    client, owner_client, accreditation, settings, tmp_path
):
    import base64
    import json

    use_data_dir(settings, tmp_path)
    owner_client.post(
        DETAIL + "events/",
        {"on": "2024-01-01", "kind": "scope-reduced", "normative_document": "ISO 14001:2015"},
    )
    token = client.get("/registry/accreditation/alpha-cert/AB-17.jwt").content.decode()
    payload = token.split(".")[1]
    doc = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    docs = [s["normativeDocument"] for s in doc["credentialSubject"]["accreditationScope"]]
    assert docs == ["ISO 9001:2015"]
