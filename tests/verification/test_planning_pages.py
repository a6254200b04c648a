"""Planning pages × roles: the body's administrator and verifiers open and use them; other staff 403;
a foreign body's member, a verifier of another V/V body and a client contact 404; anonymous to login.
Refused forms keep what was typed and name the field."""

from __future__ import annotations

import pytest

from casys.accounts.models import Body, BodyKind, Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.services import SYSTEM
from casys.verification.models import SamplingPlan, VerifierCompetence
from casys.verification.services.engagements import import_statement
from casys.verification.services.planning import create_sampling_plan, evaluate_sample, plan_control_test
from tests.conftest import make_body, make_user
from tests.verification.conftest import INVENTORY, client_for

pytestmark = pytest.mark.django_db

POPULATION = "item,book_value\n" + "".join(f"F-{i:02d},{100 + i}\n" for i in range(30))


@pytest.fixture
def planned(engagement):
    with unscoped():
        import_statement(engagement, actor=SYSTEM, text=INVENTORY)
        sample = create_sampling_plan(engagement, actor=SYSTEM, name="fuel invoices", population=POPULATION,
                                      tolerable=400, confidence=0.95, seed=11)  # fmt: skip
        test = plan_control_test(
            engagement, actor=SYSTEM, control="meter check", tolerable_rate=0.05, risk=0.05
        )
        return engagement, sample, test


def _pages(planned) -> list[str]:
    e, sample, test = planned
    base = f"/verification/{e.body.slug}/engagements/{e.pk}/plan/"
    return [
        f"/verification/{e.body.slug}/competences/",
        base,
        f"{base}header/",
        f"{base}risks/new/",
        f"{base}samples/new/",
        f"{base}samples/{sample.pk}/",
        f"{base}controls/new/",
        f"{base}controls/{test.pk}/result/",
        f"{base}base-year/",
        f"{base}changes/new/",
        f"{base}removals/new/",
        f"{base}claim/new/",
        f"{base}checklist/answer/",
    ]


@pytest.mark.parametrize("who", ["vv_admin", "verifier", "reviewer"])
def test_the_bodys_verifiers_and_administrator_open_every_planning_page(request, planned, who) -> None:
    client = client_for(request.getfixturevalue(who))
    for path in _pages(planned):
        assert client.get(path).status_code == 200, path


def test_staff_without_the_verifier_role_get_403_on_every_planning_page(planned, vv_auditor) -> None:
    client = client_for(vv_auditor)
    for path in _pages(planned):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {}).status_code == 403, path


def test_a_foreign_bodys_member_gets_404_on_every_planning_page(planned, outsider) -> None:
    client = client_for(outsider)
    for path in _pages(planned):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {}).status_code == 404, path


def test_a_verifier_of_another_vv_body_gets_404_and_cannot_reach_its_samples(planned) -> None:
    other = make_body("other-vv", kind=BodyKind.VALIDATION_VERIFICATION_BODY)
    user = make_user("v@other.example")
    Membership.all_objects.create(user=user, body=other, role=Role.VERIFIER)
    client = client_for(user)
    for path in _pages(planned):
        assert client.get(path).status_code == 404, path
    # its own body's address with the other body's sample id: 404 too
    e, sample, _t = planned
    assert (
        client.get(f"/verification/other-vv/engagements/{e.pk}/plan/samples/{sample.pk}/").status_code == 404
    )


def test_a_client_contact_gets_404_on_every_planning_page(planned, vv: Body) -> None:
    client_body = make_body("acme-cement", kind=BodyKind.CLIENT, managed_by=vv)
    user = make_user("contact@acme.example")
    Membership.all_objects.create(user=user, body=client_body, role=Role.CLIENT_CONTACT)
    client = client_for(user)
    for path in _pages(planned):
        assert client.get(path).status_code == 404, path


def test_anonymous_is_sent_to_login_from_every_planning_page(client, planned) -> None:
    for path in _pages(planned):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path


def test_a_verifier_assesses_a_source_and_the_plan_lists_it(planned, verifier) -> None:
    e, _s, _t = planned
    base = f"/verification/{e.body.slug}/engagements/{e.pk}/plan/"
    client = client_for(verifier)
    html = client.get(base).content.decode()
    assert "boiler" in html and "Sources not assessed yet" in html
    response = client.post(f"{base}risks/new/", {"source": "boiler", "inherent": "high", "control": "high",
                                                  "justification": "manual readings"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(base).content.decode()
    assert "manual readings" in html and "detailed data testing on a sample" in html


def test_a_refused_sampling_form_keeps_what_was_typed_and_names_the_row(planned, verifier) -> None:
    e, _s, _t = planned
    path = f"/verification/{e.body.slug}/engagements/{e.pk}/plan/samples/new/"
    typed = {"name": "electricity bills", "population": "item,book_value\nA,10\nB,-4\n", "tolerable": "5",
             "confidence": "0.95", "expected": "0", "seed": "3"}  # fmt: skip
    response = client_for(verifier).post(path, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "row 3, column book_value: must be zero or more" in html
    assert "electricity bills" in html and "B,-4" in html
    with unscoped():
        assert SamplingPlan.all_objects.filter(name="electricity bills").count() == 0


def test_the_sample_page_lists_the_selection_and_the_evaluation_records_a_projected_misstatement(
    planned, verifier
) -> None:
    e, sample, _t = planned
    path = f"/verification/{e.body.slug}/engagements/{e.pk}/plan/samples/{sample.pk}/"
    client = client_for(verifier)
    html = client.get(path).content.decode()
    with unscoped():
        chosen = [(i, v) for i, v, _h in sample.selection]
    assert all(i in html for i, _v in chosen) and "11" in html
    audited = "item,audited_value\n" + "".join(f"{i},{v}\n" for i, v in dict(chosen).items())
    assert client.post(path, {"audited": audited}).status_code == 302
    with unscoped():
        sample.refresh_from_db()
        assert sample.projected == 0 and sample.misstatement.kind == "projected"


def test_a_verifier_sees_the_competence_register_without_the_form_and_may_not_record(
    planned, verifier
) -> None:
    e, _s, _t = planned
    path = f"/verification/{e.body.slug}/competences/"
    client = client_for(verifier)
    assert "Record a competence" not in client.get(path).content.decode()
    data = {"user": str(verifier.pk), "kind": "sector", "value": "cement"}
    assert client.post(path, data).status_code == 403
    with unscoped():
        assert not VerifierCompetence.all_objects.exists()


def test_the_administrator_records_a_competence(planned, vv_admin, verifier) -> None:
    e, _s, _t = planned
    path = f"/verification/{e.body.slug}/competences/"
    client = client_for(vv_admin)
    assert "Record a competence" in client.get(path).content.decode()
    assert (
        client.post(path, {"user": str(verifier.pk), "kind": "sector", "value": "cement"}).status_code == 302
    )
    with unscoped():
        assert VerifierCompetence.all_objects.get().value == "cement"


def test_a_project_claim_vintage_is_recorded_through_the_claim_types_fields(engagement, verifier) -> None:
    base = f"/verification/{engagement.body.slug}/engagements/{engagement.pk}/plan/"
    client = client_for(verifier)
    form = client.get(f"{base}claim/new/?type=iso14064-2-project").content.decode()
    assert "Baseline emissions (t CO2e)" in form and "Leakage (t CO2e)" in form
    bad = {"period": "2025", "baseline": "1000", "project": "-5", "leakage": "10"}
    html = client.post(f"{base}claim/new/", bad).content.decode()
    assert "project: must be a finite number, zero or more" in html
    good = {"period": "2025", "baseline": "1000", "project": "200", "leakage": "50"}
    assert client.post(f"{base}claim/new/", good).status_code == 302
    html = client.get(base).content.decode()
    assert "GHG emission reductions" in html and "750" in html


def test_the_engagement_page_shows_a_projected_misstatements_chain(planned, verifier) -> None:
    e, sample, _t = planned
    with unscoped():
        chosen = [(i, v) for i, v, _h in sample.selection]
        audited = dict(chosen)
        audited[chosen[0][0]] = 0
        text = "item,audited_value\n" + "".join(f"{i},{v}\n" for i, v in audited.items())
        evaluate_sample(sample, actor=SYSTEM, audited=text)
    html = client_for(verifier).get(f"/verification/{e.body.slug}/engagements/{e.pk}/").content.decode()
    assert "sampling interval" in html and "upper misstatement limit" in html
