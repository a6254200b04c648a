"""Each auditor's iCalendar feed (RFC 5545) at a secret URL that can be rotated."""

from datetime import date

import pytest
from icalendar import Calendar

from casys.accounts.scoping import unscoped
from casys.certification.models import Audit
from casys.notifications.email import preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments(body_a, application, owner_auditor, anna):
    with unscoped():
        led = Audit.all_objects.create(
            body=body_a,
            application=application,
            phase="surveillance",
            kind="surveillance-audit",
            latest=date(2026, 12, 31),
            planned_on=date(2026, 11, 3),
            days=1.5,
            leader=owner_auditor,
        )
        on_team = Audit.all_objects.create(
            body=body_a,
            application=application,
            phase="recertification",
            kind="recertification-audit",
            latest=date(2028, 12, 31),
            planned_on=date(2028, 10, 2),
            days=3,
            leader=anna,
        )
        on_team.team.add(owner_auditor)
        Audit.all_objects.create(  # not the owner's: not in the feed
            body=body_a,
            application=application,
            phase="surveillance",
            kind="surveillance-audit",
            latest=date(2027, 12, 31),
            planned_on=date(2027, 11, 3),
            days=1,
            leader=anna,
        )
    return led, on_team


def _events(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    return {str(e["UID"]): e for e in Calendar.from_ical(r.content).walk("VEVENT")}


def test_the_feed_lists_the_auditors_assignments_with_stable_uids(client, owner, assignments):
    led, on_team = assignments
    url = f"/notifications/calendar/{preference(owner).calendar_token}.ics"
    events = _events(client, url)  # no sign-in: the secret URL is the key
    assert sorted(events) == sorted([f"audit-{led.pk}@127.0.0.1:8000", f"audit-{on_team.pk}@127.0.0.1:8000"])
    first = events[f"audit-{led.pk}@127.0.0.1:8000"]
    assert first.decoded("DTSTART") == date(2026, 11, 3)
    assert first.decoded("DTEND") == date(2026, 11, 5)  # 1.5 auditor-days: two calendar days
    assert str(first["SUMMARY"]) == "Surveillance audit: Müller Präzisionsteile GmbH"
    assert "Stuttgart" in str(first["LOCATION"]) and "Industriestraße 4" in str(first["LOCATION"])
    second = events[f"audit-{on_team.pk}@127.0.0.1:8000"]
    assert second.decoded("DTEND") == date(2028, 10, 5)
    assert sorted(_events(client, url)) == sorted(events)  # the same UIDs on the next fetch


def test_a_rotated_feed_url_answers_404_and_the_new_one_works(owner_client, client, owner, assignments):
    old = f"/notifications/calendar/{preference(owner).calendar_token}.ics"
    assert client.get(old).status_code == 200
    assert owner_client.post("/notifications/preferences/calendar/rotate/").status_code == 302
    assert client.get(old).status_code == 404
    new = f"/notifications/calendar/{preference(owner).calendar_token}.ics"
    assert new != old and len(_events(client, new)) == 2


def test_an_unknown_feed_token_is_404(client, db):
    assert client.get("/notifications/calendar/not-a-token.ics").status_code == 404


def test_preferences_need_sign_in_and_save_the_choice(client, owner_client, owner):
    assert client.get("/notifications/preferences/").status_code == 302
    assert client.post("/notifications/preferences/calendar/rotate/").status_code == 302
    page = owner_client.get("/notifications/preferences/").content.decode()
    assert preference(owner).calendar_token in page
    r = owner_client.post(
        "/notifications/preferences/", {"kinds": ["surveillance_due"], "delivery": "digest"}
    )
    assert r.status_code == 302
    pref = preference(owner)
    assert pref.delivery == "digest" and not pref.wants("job_finished") and pref.wants("surveillance_due")
    r = owner_client.post("/notifications/preferences/", {"delivery": "hourly"})
    assert r.status_code == 200 and "hourly" in r.content.decode()  # refused, the reason by the field
