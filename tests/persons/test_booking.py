"""Booking a seat in the candidate portal: capacity, eligibility against the prerequisites with
evidence (a refusal names the rule), the deadline for booking and cancelling; staff see bookings."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from casys import clock
from casys.accounts.models import Body, User
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import Actor
from casys.persons.models import Application, Booking, ExamSession, Form
from casys.persons.services import PersonsInputError
from casys.persons.services.bookings import book, cancel, closes_on
from casys.persons.services.candidates import apply, register_candidate, upload_evidence
from casys.persons.services.sessions import create_session
from tests.persons.conftest import SCHEME, actor, client_of, eligible_application

pytestmark = pytest.mark.django_db
SLUG = "alpha-persons"
TODAY = date(2026, 4, 1)


@pytest.fixture
def planned(body_a: Body, users: dict[str, User], form: Form) -> ExamSession:
    with unscoped():
        return create_session(
            body_a, actor=actor(users["admin"]), form=form, held_on=date(2026, 5, 4), place="Riga",
            capacity=2, booking_closes_on=date(2026, 4, 20),
        )  # fmt: skip


@pytest.fixture
def mine(body_a: Body, users: dict[str, User]) -> Application:
    with unscoped():
        return eligible_application(body_a, users["candidate"])


def test_a_candidate_books_a_seat_and_staff_see_the_booking(
    planned: ExamSession, mine: Application, users: dict[str, User]
) -> None:
    c = client_of(users["candidate"])
    url = reverse("persons:portal", args=[SLUG])
    with clock.travel_to(TODAY):
        page = c.get(url).content.decode()
        assert f'data-session="{planned.pk}"' in page and "2 seats left" in page
        assert c.post(url, {"book": planned.pk, "application": mine.pk}).status_code == 302
        page = c.get(url).content.decode()
        assert "1 seat left" in page and "Cancel my booking" in page
    staff = client_of(users["scheme_manager"]).get(reverse("persons:session", args=[SLUG, planned.pk]))
    assert 'id="bookings"' in staff.content.decode() and "Cara Candidate" in staff.content.decode()
    with unscoped():
        assert AuditEntry.objects.filter(action="persons.booking.made").count() == 1


def test_a_booking_is_refused_when_a_prerequisite_is_not_met_naming_it(
    body_a: Body, planned: ExamSession, users: dict[str, User]
) -> None:
    with unscoped():
        c = register_candidate(
            body_a, actor=Actor(user=None), full_name="Short Hours", user=users["candidate"]
        )
        a = apply(c, actor=Actor(user=None), scheme_id=SCHEME, scope="UT-2", on=TODAY)
        upload_evidence(a, actor=Actor(user=None), requirement="training_hours", value="10", filename="t.pdf",
                        content=b"%PDF", on=TODAY)  # fmt: skip
        with pytest.raises(PersonsInputError) as refused:
            book(a, planned, actor=Actor(user=None), on=TODAY)
        assert not Booking.all_objects.exists()
    assert refused.value.field == "application" and "prerequisite not met" in str(refused.value)
    assert "education: no evidence uploaded" in str(refused.value) or "training_hours" in str(refused.value)


def test_a_full_session_and_a_closed_booking_are_refused(
    body_a: Body, planned: ExamSession, mine: Application, users: dict[str, User]
) -> None:
    with unscoped():
        others = [eligible_application(body_a, None, name=f"Other {n}") for n in ("Ann", "Ben")]
        for a in others:
            book(a, planned, actor=Actor(user=None), on=TODAY)
        with pytest.raises(PersonsInputError, match=r"the session is full \(2 seats\)"):
            book(mine, planned, actor=Actor(user=None), on=TODAY)
        cancel(Booking.all_objects.first(), actor=Actor(user=None), on=TODAY)
        with pytest.raises(PersonsInputError, match="booking for this session closed on 2026-04-20"):
            book(mine, planned, actor=Actor(user=None), on=date(2026, 4, 21))
        assert book(mine, planned, actor=Actor(user=None), on=date(2026, 4, 20)).cancelled_on is None


def test_a_booking_is_cancelled_before_the_deadline_and_not_after(
    planned: ExamSession, mine: Application, users: dict[str, User]
) -> None:
    c = client_of(users["candidate"])
    url = reverse("persons:portal", args=[SLUG])
    with unscoped():
        b = book(mine, planned, actor=Actor(user=users["candidate"]), on=TODAY)
    with clock.travel_to(date(2026, 4, 21)):
        refused = c.post(url, {"cancel_booking": b.pk})
        assert refused.status_code == 400
        assert "a booking can be cancelled until 2026-04-20" in refused.content.decode()
    with clock.travel_to(date(2026, 4, 19)):
        assert c.post(url, {"cancel_booking": b.pk}).status_code == 302
    with unscoped():
        b.refresh_from_db()
        assert b.cancelled_on == date(2026, 4, 19)


def test_the_default_deadline_is_seven_days_before_the_session(planned: ExamSession) -> None:
    planned.booking_closes_on = None
    assert closes_on(planned) == date(2026, 4, 27)


def test_another_candidate_cannot_cancel_or_use_someone_elses_application(
    body_a: Body, planned: ExamSession, users: dict[str, User]
) -> None:
    with unscoped():
        other = eligible_application(body_a, None, name="Other Person")
        b = book(other, planned, actor=Actor(user=None), on=TODAY)
    c = client_of(users["candidate"])
    url = reverse("persons:portal", args=[SLUG])
    with clock.travel_to(TODAY):
        assert c.post(url, {"cancel_booking": b.pk}).status_code == 404
        assert c.post(url, {"book": planned.pk, "application": other.pk}).status_code == 404
    outsider = client_of(users["outsider"])
    assert outsider.post(url, {"book": planned.pk, "application": other.pk}).status_code == 404
    for who in ("admin", "scheme_manager", "examiner", "decision_maker"):
        assert client_of(users[who]).post(url, {"book": planned.pk}).status_code == 403


def test_staff_plan_a_session_open_for_booking_and_a_deadline_after_the_session_is_refused(
    form: Form, users: dict[str, User]
) -> None:
    c = client_of(users["admin"])
    url = reverse("persons:sessions", args=[SLUG])
    data = {"form": form.pk, "held_on": "2026-06-01", "place": "Riga", "capacity": "12",
            "booking_closes_on": "2026-06-02"}  # fmt: skip
    refused = c.post(url, data)
    assert (
        refused.status_code == 400
        and "booking closes before the day of the session" in refused.content.decode()
    )
    assert 'value="Riga"' in refused.content.decode()
    assert c.post(url, data | {"booking_closes_on": "2026-05-25"}).status_code == 302
    with unscoped():
        assert ExamSession.all_objects.get(place="Riga").capacity == 12
