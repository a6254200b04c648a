# ruff: noqa: E501
"""The examination cycle at the service level: eligibility, item bank, forms, sessions, impartiality,
decision and the person certificate issued through the attestations layer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casys.accounts.models import Body, User
from casys.attestations.models import Attestation, Kind, Status
from casys.auditlog.services import Actor
from casys.core import credentials
from casys.persons.daily import person_certificate_expiry
from casys.persons.models import Item, Outcome, Response, Sitting
from casys.persons.services import ImpartialityError, PersonsInputError
from casys.persons.services.candidates import (
    apply,
    check_eligibility,
    declare_relation,
    register_candidate,
    upload_evidence,
)
from casys.persons.services.certificates import change_status, decide, reduce_scope
from casys.persons.services.forms import assemble_form
from casys.persons.services.items import create_item, import_items, review_item, revise_item
from casys.persons.services.records import close_appeal, cpd_total, log_cpd, record_appeal
from casys.persons.services.sessions import add_sitting, create_session, import_responses, mark
from tests.persons.conftest import ON, SCHEME, actor, eligible_application

VALUE = {"single": "B", "numeric": "2.5", "practical": "report written"}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


def test_the_eligibility_check_names_the_unmet_prerequisite(body_a: Body) -> None:
    c = register_candidate(body_a, actor=Actor(user=None), full_name="Ivo Short")
    a = apply(c, actor=Actor(user=None), scheme_id=SCHEME, scope="UT-2", on=ON)
    upload_evidence(
        a,
        actor=Actor(user=None),
        requirement="education",
        value="school",
        filename="e.pdf",
        content=b"x",
        on=ON,
    )
    ev = upload_evidence(
        a,
        actor=Actor(user=None),
        requirement="training_hours",
        value="40",
        filename="t.pdf",
        content=b"abc",
        on=ON,
    )
    assert ev.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" and ev.size == 3
    check_eligibility(a, actor=Actor(user=None))
    assert a.status == "ineligible"
    assert a.eligibility_note == "training_hours: 40 shown, the scheme asks for at least 80"


def test_an_author_does_not_review_their_own_item(body_a: Body, users: dict[str, User]) -> None:
    item = create_item(body_a, actor=actor(users["examiner"]), scheme_id=SCHEME, code="q1", element="physics",
                       kind="true_false", stem="Sound is a wave.", key="true")  # fmt: skip
    with pytest.raises(PersonsInputError, match="author ≠ reviewer"):
        review_item(item, actor=actor(users["examiner"]), approve=True)


def test_a_used_item_is_never_edited_a_change_is_a_new_version(session: Any, users: dict[str, User]) -> None:
    fi = session.form.items.select_related("item").first()
    import_responses(
        session,
        actor=actor(users["admin"]),
        text=f"candidate,item,response\ncara@x.example,{fi.item.code},{VALUE[fi.item.kind]}\n",
    )
    item = Item.all_objects.get(pk=fi.item.pk)
    assert (
        item.exposure_count == 1
        and item.last_used_on == ON
        and session.form.__class__.all_objects.get(pk=session.form.pk).frozen
    )
    new = revise_item(item, actor=actor(users["examiner"]), stem="Changed stem")
    item.refresh_from_db()
    assert (new.version, new.state, item.state, item.stem != "Changed stem") == (2, "draft", "retired", True)


def test_a_form_is_stratified_by_the_blueprint_and_reproducible_from_its_seed(
    body_a: Body, users: dict[str, User], bank: Any
) -> None:
    f1 = assemble_form(
        body_a, actor=actor(users["scheme_manager"]), scheme_id=SCHEME, code="A", seed=11, on=ON
    )
    elements = [fi.item.element for fi in f1.items.select_related("item")]
    assert {e: elements.count(e) for e in set(elements)} == {
        "physics": 5,
        "equipment": 4,
        "safety": 3,
        "codes": 4,
        "products": 4,
        "specimen": 2,
    }
    f2 = assemble_form(
        body_a, actor=actor(users["scheme_manager"]), scheme_id=SCHEME, code="B", seed=11, on=ON
    )
    assert [fi.item_id for fi in f1.items.all()] == [fi.item_id for fi in f2.items.all()]


def test_items_used_within_the_exposure_window_are_not_drawn_again(
    session: Any, users: dict[str, User], body_a: Body
) -> None:
    fi = session.form.items.select_related("item").first()
    import_responses(
        session,
        actor=actor(users["admin"]),
        text=f"candidate,item,response\ncara@x.example,{fi.item.code},{VALUE[fi.item.kind]}\n",
    )
    with pytest.raises(PersonsInputError, match="element 'physics' needs 5 approved items not used since"):
        assemble_form(body_a, actor=actor(users["scheme_manager"]), scheme_id=SCHEME, code="C", seed=3, on=ON)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "nobody@x.example,{code},B",
            "row 2, column candidate: 'nobody@x.example' does not sit this session",
        ),
        ("cara@x.example,nope-1,B", "row 2, column item: 'nope-1' is not an item of form F-1"),
        (
            "cara@x.example,{code},Z",
            "row 2, column response: 'Z' is not one of the item's options (A, B, C, D)",
        ),
    ],
)
def test_a_bad_responses_file_names_row_and_column_and_saves_nothing(
    session: Any, users: dict[str, User], line: str, message: str
) -> None:
    code = next(fi.item.code for fi in session.form.items.select_related("item") if fi.item.kind == "single")
    good = f"cara@x.example,{code},B"
    with pytest.raises(PersonsInputError) as exc:
        import_responses(
            session,
            actor=actor(users["admin"]),
            text=f"candidate,item,response\n{line.format(code=code)}\n{good}\n",
        )
    assert exc.value.message == message
    assert not Response.all_objects.exists()


def test_an_examiner_who_trained_the_candidate_cannot_examine_them(
    body_a: Body, users: dict[str, User], session: Any
) -> None:
    app = eligible_application(body_a, None, "Dan Trainee")
    declare_relation(
        body_a,
        actor=actor(users["admin"]),
        person=users["examiner"],
        candidate=app.candidate,
        kind="trained",
        on=ON,
    )
    with pytest.raises(
        ImpartialityError,
        match=r"refused by rule ISO/IEC 17024:2012 5.2/6.2: an examiner does not examine a candidate they trained",
    ):
        add_sitting(session, actor=actor(users["admin"]), application=app)


def _sit_and_pass(session: Any, users: dict[str, User]) -> Sitting:
    rows = ["candidate,item,response"]
    for fi in session.form.items.select_related("item"):
        value = VALUE[fi.item.kind]
        rows.append(f"cara@x.example,{fi.item.code},{value}")
    import_responses(session, actor=actor(users["admin"]), text="\n".join(rows))
    sitting = session.sittings.get()
    for r in Response.all_objects.filter(sitting=sitting, points__isnull=True):
        mark(r, actor=actor(users["examiner"]), points=[6, 4])
    sitting.refresh_from_db()
    return sitting


def test_objective_items_are_scored_and_rubric_items_marked_to_a_pass(
    session: Any, users: dict[str, User]
) -> None:
    sitting = _sit_and_pass(session, users)
    assert sitting.outcome == Outcome.PASS
    assert sitting.results["parts"]["general"]["percent"] == 100.0 and sitting.results["composite"] == 100.0


def test_the_decision_maker_must_not_have_examined_the_candidate(
    session: Any, users: dict[str, User]
) -> None:
    sitting = _sit_and_pass(session, users)
    with pytest.raises(ImpartialityError, match="9.4: the decision maker did not take part"):
        decide(sitting, actor=actor(users["examiner"]), granted=True, on=ON)


def test_a_grant_issues_a_signed_person_certificate_and_status_events_follow(
    session: Any, users: dict[str, User]
) -> None:
    sitting = _sit_and_pass(session, users)
    sitting.identity_checked = True
    sitting.save()
    decide(sitting, actor=actor(users["decision_maker"]), granted=True, on=ON)
    cert = sitting.application.candidate.certificates.get()
    row = Attestation.all_objects.get(kind=Kind.PERSON_CERTIFICATE, number=cert.number)
    claims = credentials.unverified_claims(row.credential)
    assert "OpenBadgeCredential" in claims["type"] and claims["credentialSubject"]["scope"] == "UT-2"
    assert claims["validUntil"].startswith("2031-03-01") and row.public is False  # no consent given
    change_status(cert, actor=actor(users["admin"]), event="suspend", on=ON, reason="vision test not shown")
    row.refresh_from_db()
    assert row.status == Status.SUSPENDED
    reduce_scope(cert, actor=actor(users["admin"]), scope="UT-1", reason="level 2 withdrawn")
    row.refresh_from_db()
    assert (
        row.scope == "UT-1"
        and credentials.unverified_claims(row.credential)["credentialSubject"]["scope"] == "UT-1"
    )


def test_an_items_file_is_imported_all_or_nothing_naming_row_and_column(
    body_a: Body, users: dict[str, User]
) -> None:
    head = "scheme,code,element,kind,stem,options,key,tolerance,rubric\n"
    good = "ndt-iso9712,p-1,physics,single,Which wave?,longitudinal|transverse,A,,\n"
    bad = "ndt-iso9712,p-2,physics,numeric,Speed in steel?,,5920,x,\n"
    with pytest.raises(PersonsInputError) as exc:
        import_items(body_a, actor=actor(users["examiner"]), text=head + good + bad)
    assert exc.value.message == "row 3, column tolerance: 'x' is not a number"
    assert not Item.all_objects.exists()
    wrong_key = "ndt-iso9712,p-3,physics,single,Which?,a|b,C,,\n"
    with pytest.raises(
        PersonsInputError,
        match=r"row 2, column key: give the letter\(s\) of the correct option\(s\), among A, B",
    ):
        import_items(body_a, actor=actor(users["examiner"]), text=head + wrong_key)
    made = import_items(
        body_a,
        actor=actor(users["examiner"]),
        text=head + good + "ndt-iso9712,s-1,specimen,practical,Weld W1,,,,6 detection|4 report\n",
    )
    assert [(i.code, i.kind, i.points, i.state) for i in made] == [
        ("p-1", "single", 1.0, "draft"),
        ("s-1", "practical", 10.0, "draft"),
    ]


def test_a_borderline_result_is_second_marked_by_another_examiner(
    session: Any, users: dict[str, User]
) -> None:
    rows = ["candidate,item,response"]
    for fi in session.form.items.select_related("item"):
        rows.append(f"cara@x.example,{fi.item.code},{VALUE[fi.item.kind]}")
    import_responses(session, actor=actor(users["admin"]), text="\n".join(rows))
    sitting = session.sittings.get()
    practical = list(Response.all_objects.filter(sitting=sitting, points__isnull=True))
    for r in practical:
        mark(r, actor=actor(users["examiner"]), points=[4, 3])  # 7 of 10 on one, then 6.5 overall below
    mark(practical[0], actor=actor(users["examiner2"]), points=[4, 2], second=True)
    sitting.refresh_from_db()
    assert sitting.results["parts"]["practical"]["percent"] == 67.5  # (6.5 + 7) / 20
    assert sitting.results["parts"]["practical"]["borderline"] is True and sitting.outcome == Outcome.FAIL
    with pytest.raises(PersonsInputError, match="a second marking is by another examiner than the first"):
        mark(practical[1], actor=actor(users["examiner"]), points=[5, 3], second=True)


def test_an_examiner_related_to_the_candidate_cannot_mark_them(
    session: Any, users: dict[str, User], body_a: Body
) -> None:
    sitting = session.sittings.get()
    declare_relation(
        body_a,
        actor=actor(users["admin"]),
        person=users["examiner2"],
        candidate=sitting.application.candidate,
        kind="relative",
        on=ON,
    )
    rows = ["candidate,item,response"] + [
        f"cara@x.example,{fi.item.code},{VALUE[fi.item.kind]}"
        for fi in session.form.items.select_related("item")
    ]
    import_responses(session, actor=actor(users["admin"]), text="\n".join(rows))
    r = Response.all_objects.filter(sitting=sitting, points__isnull=True).first()
    with pytest.raises(
        ImpartialityError,
        match=r"marked_by: refused by rule ISO/IEC 17024:2012 4.3: an examiner does not examine a candidate they have a declared relation with",
    ):
        mark(r, actor=actor(users["examiner2"]), points=[6, 4])


def test_appeals_cpd_and_expiry_are_recorded(body_a: Body, users: dict[str, User], session: Any) -> None:
    sitting = _sit_and_pass(session, users)
    sitting.identity_checked = True
    sitting.save()
    decide(sitting, actor=actor(users["decision_maker"]), granted=True, on=ON)
    candidate = sitting.application.candidate
    appeal = record_appeal(
        body_a,
        actor=actor(users["admin"]),
        kind="appeal",
        subject="re-mark of the practical",
        on=ON,
        candidate=candidate,
    )
    close_appeal(appeal, actor=actor(users["admin"]), outcome="re-marked, result confirmed", on=ON)
    log_cpd(candidate, actor=Actor(user=None), done_on=ON, activity="ASNT seminar", credits=8)
    with pytest.raises(PersonsInputError, match="credits: must be positive"):
        log_cpd(candidate, actor=Actor(user=None), done_on=ON, activity="x", credits=0)
    assert cpd_total(candidate, ON) == 8
    assert person_certificate_expiry(date(2031, 3, 1)) == []
    changed = person_certificate_expiry(date(2031, 3, 3))
    assert changed == [
        {"body": "alpha-persons", "certificate": changed[0]["certificate"], "expired_on": "2031-03-02"}
    ]
    assert person_certificate_expiry(date(2031, 3, 3)) == []


def test_the_second_marker_of_a_session_is_another_examiner_than_its_examiner(
    form: Any, body_a: Body, users: dict[str, User]
) -> None:
    with pytest.raises(PersonsInputError, match="the second marker is another examiner than the first"):
        create_session(
            body_a, actor=actor(users["admin"]), form=form, held_on=ON, place="Riga",
            examiner=users["examiner"], second_examiner=users["examiner"],
        )  # fmt: skip
