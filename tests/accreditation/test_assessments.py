"""Assessments, findings and accreditation decisions: every transition and refusal, and the
independence of the decision maker compared by identity, never by name."""

from datetime import date

import pytest

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.accreditation.models import AccreditationDecision, AccreditationEvent
from casys.accreditation.services import accreditations as svc
from casys.accreditation.services import assessments as asv
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import Actor
from casys.core import recognition
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def member(body, email, name, role=Role.AUDITOR):
    user = make_user(email, name)
    Membership.all_objects.create(user=user, body=body, role=role)
    return user


@pytest.fixture
def anna(ab_a):
    return member(ab_a, "anna.berg@alpha.example", "Anna Berg")


@pytest.fixture
def other_anna(ab_a):
    """A second person of the same name: another identity."""
    return member(ab_a, "anna.berg2@alpha.example", "Anna Berg", Role.DECISION_MAKER)


def assess(acc, leader, *assessors, kind="surveillance", witnessed=()):
    with unscoped():
        return asv.record_assessment(
            acc,
            asv.AssessmentInput(
                kind=kind,
                start=date(2024, 5, 6),
                end=date(2024, 5, 8),
                team_leader=leader,
                assessors=assessors,
                witnessed=witnessed,
                recommendation="grant",
            ),
            actor=Actor(user=leader, label=str(leader)),
        )


def decide(a, user, kind="grant", on=date(2024, 6, 1), **kw):
    with unscoped():
        return asv.decide(
            a, asv.DecisionInput(kind=kind, on=on, **kw), actor=Actor(user=user, label=str(user))
        )


def state(acc, on=date(2024, 7, 1)):
    with unscoped():
        return recognition.accreditation_state(svc.to_record(acc), on)


# --- assessment record ---------------------------------------------------------------------------


def test_it_records_an_assessment_with_its_team_and_witnessed_activities(accreditation, anna, team):
    w = asv.WitnessInput("stage 2 audit of a food client", date(2024, 5, 7), "Riga")
    a = assess(accreditation, anna, team, kind="witness", witnessed=[w])
    with unscoped():
        assert a.team_ids() == {anna.pk, team.pk}
        assert [(x.activity, x.location, x.on) for x in a.witnessed.all()] == [
            ("stage 2 audit of a food client", "Riga", date(2024, 5, 7))
        ]
        assert AuditEntry.objects.filter(action="accreditation.assessment.recorded").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "audit"}, "kind: "),
        ({"end": date(2024, 5, 1)}, "end: "),
        ({"end": date(2999, 1, 1)}, "end: "),
        ({"recommendation": "promote"}, "recommendation: "),
    ],
)
def test_it_refuses_an_unusable_assessment_naming_the_field(accreditation, anna, change, field):
    fields = {"kind": "initial", "start": date(2024, 5, 6), "end": date(2024, 5, 8), "team_leader": anna}
    with unscoped(), pytest.raises(svc.AccreditationInputError, match=f"^{field}"):
        asv.record_assessment(accreditation, asv.AssessmentInput(**{**fields, **change}))


def test_it_refuses_a_team_leader_who_is_not_a_member_of_the_accreditation_body(accreditation, outsider):
    with pytest.raises(svc.AccreditationInputError, match="^team_leader: "):
        assess(accreditation, outsider)


def test_it_refuses_an_assessor_of_another_body(accreditation, anna, outsider):
    with pytest.raises(svc.AccreditationInputError, match="^assessors: "):
        assess(accreditation, anna, outsider)


def test_a_witnessing_needs_a_witnessed_activity_and_no_future_date(accreditation, anna):
    with pytest.raises(svc.AccreditationInputError, match="^witnessed: "):
        assess(accreditation, anna, kind="witness")
    future = asv.WitnessInput("audit", date(2999, 1, 1))
    with pytest.raises(svc.AccreditationInputError, match=r"^witnessed\[0\]\.on: "):
        assess(accreditation, anna, witnessed=[future])


# --- findings ------------------------------------------------------------------------------------


def test_a_finding_is_recorded_and_closed_once(accreditation, anna):
    a = assess(accreditation, anna)
    with unscoped():
        f = asv.add_finding(a, "nonconformity", "7.2.1", "impartiality risks not reviewed")
        assert asv.open_nonconformities(a) == 1
        f = asv.close_finding(f, date(2024, 5, 30))
        assert f.closed and asv.open_nonconformities(a) == 0
        with pytest.raises(svc.AccreditationInputError, match="^finding: already closed on 2024-05-30"):
            asv.close_finding(f, date(2024, 5, 31))


@pytest.mark.parametrize(
    ("grade", "clause", "text", "field"),
    [("major", "7.2", "x", "grade"), ("observation", " ", "x", "clause"), ("observation", "7.2", "", "text")],
)
def test_it_refuses_an_incomplete_finding(accreditation, anna, grade, clause, text, field):
    a = assess(accreditation, anna)
    with unscoped(), pytest.raises(svc.AccreditationInputError, match=f"^{field}: "):
        asv.add_finding(a, grade, clause, text)


def test_it_refuses_to_close_a_finding_before_the_assessment_or_in_the_future(accreditation, anna):
    a = assess(accreditation, anna)
    with unscoped():
        f = asv.add_finding(a, "nonconformity", "7.2.1", "x")
        with pytest.raises(svc.AccreditationInputError, match="^on: 2024-01-01 is before"):
            asv.close_finding(f, date(2024, 1, 1))
        with pytest.raises(svc.AccreditationInputError, match="^on: 2999-01-01 is after today"):
            asv.close_finding(f, date(2999, 1, 1))


# --- decisions: independence ---------------------------------------------------------------------


def test_a_person_of_the_same_name_who_did_not_assess_may_decide(accreditation, anna, other_anna):
    a = assess(accreditation, anna)
    d = decide(a, other_anna)
    assert d.decided_by == other_anna and d.kind == "grant" and d.event is None


def test_the_assessor_may_not_decide_even_under_another_spelling_of_her_name(accreditation, ab_a):
    juri = member(ab_a, "juri.tamm@alpha.example", "Jüri Tamm", Role.DECISION_MAKER)
    a = assess(accreditation, juri)
    juri.full_name = "Juri Tamm"  # the same person, spelt without the umlaut
    juri.save()
    with pytest.raises(svc.AccreditationInputError, match="^decided_by: Juri Tamm assessed"):
        decide(a, juri)
    with unscoped():
        assert not AccreditationDecision.objects.exists()


def test_an_assessor_who_was_not_the_leader_may_not_decide(accreditation, anna, other_anna):
    a = assess(accreditation, anna, other_anna)
    with pytest.raises(svc.AccreditationInputError, match="^decided_by: "):
        decide(a, other_anna)


def test_a_decision_by_someone_outside_the_accreditation_body_is_refused(accreditation, anna, outsider):
    a = assess(accreditation, anna)
    with pytest.raises(svc.AccreditationInputError, match="^decided_by: the decision maker must be a member"):
        decide(a, outsider)


def test_the_system_takes_no_decision(accreditation, anna):
    a = assess(accreditation, anna)
    with unscoped(), pytest.raises(svc.AccreditationInputError, match="^decided_by: "):
        asv.decide(a, asv.DecisionInput("grant", date(2024, 6, 1)), actor=Actor())


# --- decisions: open nonconformities and transitions -----------------------------------------------


def test_an_open_nonconformity_blocks_a_grant_but_not_a_suspension(accreditation, anna, other_anna):
    a = assess(accreditation, anna)
    with unscoped():
        asv.add_finding(a, "nonconformity", "7.9", "records incomplete")
        asv.add_finding(a, "observation", "7.10", "could be clearer")
    with pytest.raises(svc.AccreditationInputError, match="^kind: 1 nonconformity is still open"):
        decide(a, other_anna, "grant")
    with pytest.raises(svc.AccreditationInputError, match="^kind: "):
        decide(a, other_anna, "extend", normative_document="ISO 22000:2018")
    decide(a, other_anna, "suspend", reason="nonconformity 7.9 not answered")
    assert state(accreditation).status == "suspended"


def test_an_open_observation_does_not_block_a_decision(accreditation, anna, other_anna):
    a = assess(accreditation, anna)
    with unscoped():
        asv.add_finding(a, "observation", "7.10", "could be clearer")
    assert decide(a, other_anna).kind == "grant"


def test_closing_the_nonconformity_lets_the_decision_through(accreditation, anna, other_anna):
    a = assess(accreditation, anna)
    with unscoped():
        f = asv.add_finding(a, "nonconformity", "7.9", "records incomplete")
        asv.close_finding(f, date(2024, 5, 20))
    assert decide(a, other_anna).kind == "grant"


def test_an_extension_decision_is_a_scope_extended_event(accreditation, anna, other_anna):
    a = assess(accreditation, anna, kind="extension")
    d = decide(a, other_anna, "extend", normative_document="ISO 22000:2018", iaf_codes=["3"])
    with unscoped():
        assert d.event.kind == "scope-extended"
        assert accreditation.scope_lines.count() == 2  # the accreditation itself is unchanged
    docs = [s.normative_document for s in state(accreditation).scopes]
    assert docs == ["ISO 9001:2015", "ISO 14001:2015", "ISO 22000:2018"]


def test_a_reduction_decision_removes_the_line_from_today_s_scope(accreditation, anna, other_anna):
    a = assess(accreditation, anna)
    decide(a, other_anna, "reduce", normative_document="ISO 14001:2015")
    assert [s.normative_document for s in state(accreditation).scopes] == ["ISO 9001:2015"]


def test_suspend_then_restore_then_withdraw_each_on_a_new_assessment(accreditation, anna, other_anna):
    decide(assess(accreditation, anna), other_anna, "suspend", on=date(2024, 6, 1), reason="no surveillance")
    assert state(accreditation).status == "suspended"
    decide(assess(accreditation, anna), other_anna, "restore", on=date(2024, 7, 1))
    assert state(accreditation, date(2024, 7, 2)).status == "active"
    decide(assess(accreditation, anna), other_anna, "withdraw", on=date(2024, 8, 1), reason="request")
    assert state(accreditation, date(2024, 8, 2)).status == "withdrawn"
    with unscoped():
        assert list(AccreditationEvent.objects.values_list("kind", flat=True)) == [
            "suspended",
            "restored",
            "withdrawn",
        ]
        assert AuditEntry.objects.filter(action="accreditation.decision.taken").count() == 3


def test_it_refuses_a_restoration_of_an_accreditation_that_is_not_suspended(accreditation, anna, other_anna):
    with pytest.raises(svc.AccreditationInputError, match="^kind: .*not suspended"):
        decide(assess(accreditation, anna), other_anna, "restore")
    with unscoped():
        assert not AccreditationDecision.objects.exists()


def test_a_suspension_needs_a_reason(accreditation, anna, other_anna):
    with pytest.raises(svc.AccreditationInputError, match="^reason: "):
        decide(assess(accreditation, anna), other_anna, "suspend")


def test_one_decision_per_assessment_and_none_before_it_ended(accreditation, anna, other_anna):
    a = assess(accreditation, anna)
    with pytest.raises(svc.AccreditationInputError, match="^on: 2024-05-07 is before the assessment ended"):
        decide(a, other_anna, on=date(2024, 5, 7))
    decide(a, other_anna)
    with pytest.raises(svc.AccreditationInputError, match="^assessment: a decision was already taken"):
        decide(a, other_anna, "suspend", reason="x")
    with unscoped(), pytest.raises(svc.AccreditationInputError, match="^assessment: "):
        asv.add_finding(a, "observation", "7.1", "late")


def test_an_unknown_decision_is_refused(accreditation, anna, other_anna):
    with pytest.raises(svc.AccreditationInputError, match="^kind: "):
        decide(assess(accreditation, anna), other_anna, "promote")


# --- grant refusals and the CAB register -----------------------------------------------------------


def test_it_refuses_a_duplicate_number_and_an_empty_scope(ab_a, gamma, accreditation):
    g = svc.GrantInput(gamma, "AB-17", "ISO/IEC 17021-1", date(2020, 1, 1), date(2021, 1, 1))
    with unscoped(), pytest.raises(svc.AccreditationInputError, match="^scope: ") as exc:
        svc.grant(ab_a, g)
    assert exc.value.field == "scope"
    g = svc.GrantInput(
        gamma, "AB-17", "ISO/IEC 17021-1", date(2020, 1, 1), date(2021, 1, 1), (svc.ScopeInput("X"),)
    )
    with (
        unscoped(),
        pytest.raises(svc.AccreditationInputError, match="^number: AB-17 is already used") as exc,
    ):
        svc.grant(ab_a, g)
    assert exc.value.field == "number"


def test_it_names_the_blank_scope_line(ab_a, gamma):
    scope = (svc.ScopeInput("ISO 9001:2015"), svc.ScopeInput(" ", ("17",)))
    g = svc.GrantInput(gamma, "N-1", "ISO/IEC 17021-1", date(2020, 1, 1), date(2021, 1, 1), scope)
    with unscoped(), pytest.raises(svc.AccreditationInputError) as exc:
        svc.grant(ab_a, g)
    assert exc.value.field == "scope[1].normative_document"


def test_a_registered_cab_is_kept_by_the_accreditation_body_and_known_to_it(ab_a, gamma, accreditation):
    with unscoped():
        lab = svc.register_cab(ab_a, svc.CabInput("Metrolab Tartu", "laboratory", "ee", "Tartu"))
        assert (lab.slug, lab.country, lab.managed_by) == ("metrolab-tartu", "EE", ab_a)
        assert [c.slug for c in svc.known_cabs(ab_a)] == ["gamma-cert", "metrolab-tartu"]
        with pytest.raises(svc.AccreditationInputError, match="^name: Metrolab Tartu is already registered"):
            svc.register_cab(ab_a, svc.CabInput("Metrolab Tartu", "laboratory", "EE"))
        with pytest.raises(svc.AccreditationInputError, match="^kind: "):
            svc.register_cab(ab_a, svc.CabInput("Client Ltd", "client", "EE"))
        with pytest.raises(svc.AccreditationInputError, match="^country: "):
            svc.register_cab(ab_a, svc.CabInput("Lab X", "laboratory", "Estonia"))


def test_a_cab_on_casys_is_found_by_its_short_name_and_a_client_is_not(ab_a, gamma):
    with unscoped():
        assert svc.cab_on_casys("gamma-cert") == gamma
        with pytest.raises(svc.AccreditationInputError, match="^cab_slug: "):
            svc.cab_on_casys("alpha-cert")  # an accreditation body is not a CAB


def test_no_decision_on_a_withdrawn_accreditation(accreditation, anna, other_anna):
    with unscoped():
        svc.record_event(accreditation, date(2024, 1, 1), "withdrawn", reason="request")
    with pytest.raises(svc.AccreditationInputError, match="^kind: accreditation AB-17 is withdrawn"):
        decide(assess(accreditation, anna), other_anna, "grant")
