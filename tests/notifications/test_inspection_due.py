"""The daily run for inspection bodies on fixed dates: an item's next periodic inspection due (or
overdue) and an instrument's calibration due are reminded once per item or instrument and due date,
to the people the rule names, in their language, logged with SYSTEM and the rule."""

from datetime import date

import pytest

from casys.accounts.models import BodyKind, Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.auditlog.services import SYSTEM
from casys.inspection.models import Item
from casys.inspection.services import setup
from casys.jobs import daily
from tests.conftest import make_body, make_user

pytestmark = pytest.mark.django_db(transaction=True)
DAY = date(2026, 6, 1)


@pytest.fixture
def inspection_body():
    with unscoped():
        body = make_body("lift-insp", kind=BodyKind.INSPECTION_BODY, name="Lift Inspection")
        owner = setup.add_client(body, name="Harbour Cranes", country="LV", actor=SYSTEM)

        def item(identifier, due):
            row = setup.add_item(
                body, owner=owner, identifier=identifier, description="Crane", kind="item", actor=SYSTEM
            )
            Item.all_objects.filter(pk=row.pk).update(next_due=due)
            return row

        item("CR-1", date(2026, 6, 10))  # due within 14 days
        item("CR-2", date(2026, 5, 20))  # overdue
        item("CR-3", date(2026, 8, 1))  # not yet
        for code, due in (("GA-1", date(2026, 6, 20)), ("GA-2", date(2026, 9, 1))):
            setup.add_instrument(body, code=code, name=f"Gauge {code}", calibration_due=due, actor=SYSTEM)
        for email, role, lang in (
            ("planner@lift.example", Role.SCHEME_MANAGER, "fr"),
            ("inspector@lift.example", Role.INSPECTOR, "ru"),
        ):
            user = make_user(email, email.split("@")[0].title())
            user.language = lang
            user.save()
            Membership.all_objects.create(user=user, body=body, role=role)
    return body


def test_items_due_or_overdue_remind_the_planners_once_and_instruments_their_keepers(inspection_body, smtp):
    with unscoped():
        result = daily.run(DAY).as_dict()
        due = result["rules"]["inspection-due"]["changes"]
        assert sorted((c["item"], c["overdue"]) for c in due) == [("CR-1", False), ("CR-2", True)]
        assert {c["to"] for c in due} == {"planner@lift.example"}  # planners only, not the inspector
        calibrations = result["rules"]["calibration-due"]["changes"]
        assert sorted(c["to"] for c in calibrations) == ["inspector@lift.example", "planner@lift.example"]
        assert {c["instrument"] for c in calibrations} == {"Gauge GA-1"}
        entries = AuditEntry.objects.filter(action="notifications.notice.created")
        assert all(e.actor_label == "system" for e in entries)
        assert sum('"rule":"inspection-due"' in e.data_json for e in entries) == 2
        again = daily.run(DAY).as_dict()
        assert (
            again["rules"]["inspection-due"]["count"] == 0 and again["rules"]["calibration-due"]["count"] == 0
        )
    french = [str(m["Subject"]) for m in smtp.to("planner@lift.example")]
    assert any("CR-2" in s and "au plus tard" in s for s in french), french  # in the planner's language
    russian = [str(m["Subject"]) for m in smtp.to("inspector@lift.example")]
    assert russian == [s for s in russian if "Калибровка" in s] and len(russian) == 1, russian
