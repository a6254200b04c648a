"""Booking a seat in a planned examination session from the candidate portal (ISO/IEC 17024:2012 9.2
the examination is planned; 9.1.3 eligibility checked before the candidate sits).

A session is open for booking when staff gave it a number of seats (``capacity``). A candidate books
for one of their applications: the session examines the application's scheme, the booking deadline
has not passed, a seat is free and the evidence uploaded meets every prerequisite of the scheme for
the scope (checked afresh; the refusal names the rule). Booking until, and cancelling up to, the
deadline: the session's ``booking_closes_on``, or ``CASYS_PERSONS_BOOKING_CLOSES_DAYS`` days before
the session (casys default 7: a body's choice, no standard fixes it).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from casys.auditlog.services import Actor, log
from casys.persons.models import Application, ApplicationStatus, Booking, Candidate, ExamSession
from casys.persons.services import PersonsInputError, scheme
from casys.persons.services.candidates import unmet_prerequisite

#: casys default: booking and cancelling close this many days before the session
CLOSES_DAYS_DEFAULT = 7


def closes_on(session: ExamSession) -> date:
    if session.booking_closes_on is not None:
        return session.booking_closes_on
    days = int(getattr(settings, "CASYS_PERSONS_BOOKING_CLOSES_DAYS", CLOSES_DAYS_DEFAULT))
    return session.held_on - timedelta(days=days)


def seats_taken(session: ExamSession) -> int:
    return Booking.all_objects.filter(session=session, cancelled_on__isnull=True).count()


def open_sessions(candidate: Candidate, today: date) -> list[tuple[ExamSession, int, date]]:
    """Sessions the candidate could book (a scheme they applied for, open, deadline not passed):
    (session, seats left, deadline)."""
    schemes = set(Application.all_objects.filter(candidate=candidate).values_list("scheme_id", flat=True))
    out = []
    rows = ExamSession.all_objects.filter(
        body=candidate.body, capacity__isnull=False, held_on__gt=today, form__scheme_id__in=schemes
    ).select_related("form")
    for s in rows.order_by("held_on", "id"):
        deadline = closes_on(s)
        if deadline >= today:
            out.append((s, max(0, (s.capacity or 0) - seats_taken(s)), deadline))
    return out


def bookings_of(candidate: Candidate) -> QuerySet[Booking]:
    return Booking.all_objects.filter(
        application__candidate=candidate, cancelled_on__isnull=True
    ).select_related("session__form", "application")


@transaction.atomic
def book(application: Application, session: ExamSession, *, actor: Actor, on: date) -> Booking:
    """Book a seat; each refusal names the rule it applies."""
    session = ExamSession.all_objects.select_for_update().select_related("form").get(pk=session.pk)
    if session.body_id != application.body_id:
        raise PersonsInputError("session", "no such session")
    if session.capacity is None:
        raise PersonsInputError("session", "this session is not open for booking")
    if session.form.scheme_id != application.scheme_id:
        raise PersonsInputError(
            "session",
            f"this session examines {scheme(session.form.scheme_id).title}, your application is for "
            f"{scheme(application.scheme_id).title}",
        )
    deadline = closes_on(session)
    if on > deadline or on >= session.held_on:
        raise PersonsInputError("session", f"booking for this session closed on {deadline.isoformat()}")
    unmet = unmet_prerequisite(application)
    if unmet:
        raise PersonsInputError("application", f"prerequisite not met — {unmet}")
    if Booking.all_objects.filter(
        session=session, application=application, cancelled_on__isnull=True
    ).exists():
        raise PersonsInputError("session", "you have booked this session already")
    if seats_taken(session) >= session.capacity:
        raise PersonsInputError("session", f"the session is full ({session.capacity} seats)")
    if application.status != ApplicationStatus.ELIGIBLE:
        application.status, application.eligibility_note = ApplicationStatus.ELIGIBLE, ""
        application.save(update_fields=["status", "eligibility_note"])
        log(
            "persons.application.checked",
            actor=actor,
            body=application.body,
            obj=application,
            data={"status": application.status, "unmet": None, "at": "booking"},
        )
    booking = Booking.all_objects.create(
        body=session.body, session=session, application=application, booked_on=on
    )
    log(
        "persons.booking.made",
        actor=actor,
        body=session.body,
        obj=booking,
        data={"session": session.pk, "held_on": session.held_on.isoformat(), "scope": application.scope},
    )
    return booking


@transaction.atomic
def cancel(booking: Booking, *, actor: Actor, on: date) -> Booking:
    if booking.cancelled_on is not None:
        raise PersonsInputError("booking", "this booking was cancelled already")
    deadline = closes_on(booking.session)
    if on > deadline:
        raise PersonsInputError(
            "booking", f"a booking can be cancelled until {deadline.isoformat()}; ask the body"
        )
    booking.cancelled_on = on
    booking.save(update_fields=["cancelled_on"])
    log(
        "persons.booking.cancelled",
        actor=actor,
        body=booking.body,
        obj=booking,
        data={"session": booking.session_id},
    )
    return booking
