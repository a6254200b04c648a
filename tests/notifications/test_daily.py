"""The daily run on fixed dates: surveillance due within N days → one reminder per planner, logged
with SYSTEM as the actor and the rule's name; the same date twice changes nothing more."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from casys.accounts.models import Membership, Role
from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.certification.models import Audit
from casys.cli import app
from casys.jobs import daily
from casys.notifications.models import Notice
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)
DAY = date(2026, 6, 1)


@pytest.fixture
def due(body_a, application, owner):
    """A surveillance audit due in 10 days, one due in 30, one overdue, one done, one of body B."""
    with unscoped():

        def audit(latest, **kw):
            return Audit.all_objects.create(
                body=body_a,
                application=application,
                phase="surveillance",
                kind="surveillance-audit",
                latest=latest,
                **kw,
            )

        soon = audit(date(2026, 6, 11), planned_on=date(2026, 6, 9))
        audit(date(2026, 7, 1))
        audit(date(2026, 5, 20))
        audit(date(2026, 6, 5), done_on=date(2026, 5, 30))
    manager = make_user("manager@alpha.example", "Mia Manager")
    manager.language = "fr"
    manager.save()
    Membership.all_objects.create(user=manager, body=body_a, role=Role.SCHEME_MANAGER)
    return soon


def test_a_surveillance_due_within_the_window_reminds_each_planner_once(due, owner, team, smtp):
    with unscoped():
        result = daily.run(DAY).as_dict()
        changes = result["rules"]["surveillance-due"]["changes"]
        assert sorted(c["to"] for c in changes) == ["manager@alpha.example", "owner@alpha.example"]
        assert {c["audit"] for c in changes} == {due.pk}
        entries = AuditEntry.objects.filter(action="notifications.notice.created")
        assert entries.count() == 2
        assert all(e.actor_label == "system" and e.actor_user_id is None for e in entries)
        assert all('"rule":"surveillance-due"' in e.data_json for e in entries)
        again = daily.run(DAY).as_dict()
        assert again["rules"]["surveillance-due"]["count"] == 0
        assert Notice.all_objects.count() == 2
    assert len(smtp.to("owner@alpha.example")) == 1 and smtp.to("team@alpha.example") == []
    assert "due by 11 Jun 2026: Müller" in smtp.to("owner@alpha.example")[0]["Subject"]
    french = " ".join(smtp.to("manager@alpha.example")[0]["Subject"].split())
    assert french == "Audit de surveillance à réaliser avant le 11 juin 2026 : Müller Präzisionsteile GmbH"


def test_nothing_is_due_on_a_date_far_from_every_audit(due, smtp):
    with unscoped():
        assert daily.run(date(2026, 1, 1)).as_dict()["rules"]["surveillance-due"]["count"] == 0


def test_casys_daily_takes_the_date_and_prints_json(due, smtp, settings):
    settings.CASYS_DAILY_SURVEILLANCE_DAYS = 40
    result = CliRunner().invoke(app, ["daily", "--date", "2026-06-01", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["date"] == "2026-06-01"
    assert out["rules"]["surveillance-due"]["count"] == 4  # two audits (10 and 30 days), two planners
    assert out["after"] == {"digests": 0}


def test_casys_daily_refuses_a_bad_date():
    result = CliRunner().invoke(app, ["daily", "--date", "1 June"])
    assert result.exit_code != 0 and "--date" in result.output
