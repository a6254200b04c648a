"""The demo of audits against requirements: a full cycle with one requirement never audited (the
recertification decision is blocked), a remote and a hybrid audit, a refused remote plan."""

from __future__ import annotations

import pytest

from casys import clock
from casys.accounts.models import User
from casys.accounts.scoping import unscoped
from casys.certification.models import (
    Application,
    AuditPlan,
    Certificate,
    FindingRequirement,
    RecordingConsent,
    RemoteActivity,
    RemoteAssessment,
)
from casys.certification.services import CertificationError, coverage, decisions
from casys.demo import audits as demo_audits
from casys.demo import certification, requirements
from tests.certification.test_demo import _base

pytestmark = pytest.mark.django_db


def test_the_demo_shows_coverage_blocking_and_remote_audits() -> None:
    with unscoped():
        _base()
        requirements.load_demo()
        certification.load_demo()
        demo_audits.load_demo()
        plans_before = AuditPlan.all_objects.count()
        demo_audits.load_demo()
        assert AuditPlan.all_objects.count() == plans_before
        furniture = Application.all_objects.get(client__organisation__name="Rīgas Mēbeles SIA")
        assert coverage.for_cycle(furniture, 1).uncovered == (demo_audits.NEVER_AUDITED,)
        assert set(FindingRequirement.all_objects.values_list("requirement__uid", flat=True)) >= {
            "iso9001:2015/7.1.5",
            "iso9001:2015/7.5.3",
            "iso9001:2015/8.5.1",
        }
        assert decisions.pending_phase(furniture) == (2, "recertification")
        with pytest.raises(CertificationError, match="iso9001:2015/10.3"):
            decisions.take_decision(
                furniture,
                review_notes="Reports reviewed",
                user=User.objects.get(email="decision@baltcert.example"),
                on=clock.today(),
            )
        logistics = Application.all_objects.get(client__organisation__name="Daugavas Loģistika SIA")
        assert RemoteAssessment.all_objects.get(application=logistics).met == dict.fromkeys(
            RemoteAssessment.all_objects.get(application=logistics).met, True
        )
        assert RemoteActivity.all_objects.filter(audit__application=logistics).exists()
        assert RecordingConsent.all_objects.filter(audit__application=logistics).exists()
        modes = set(
            AuditPlan.all_objects.filter(audit__application=logistics).values_list("lines__mode", flat=True)
        )
        assert {"remote", "virtual", "on-site"} <= modes
        # a genuinely fully remote activity where the scheme allows it (iso9001 onsite.fully_remote)
        stage1 = logistics.audits.get(kind="stage1")
        assert stage1.mode == "remote" and stage1.remote_days == stage1.days > 0
        assert set(AuditPlan.all_objects.get(audit=stage1).lines.values_list("mode", flat=True)) == {"remote"}
        assert logistics.audits.get(kind="stage2").remote_days == 0
        assert Certificate.all_objects.filter(application=logistics).exists()  # the decision was taken
        bakery = Application.all_objects.get(client__organisation__name="Latgales Maiznīca SIA")
        assert RemoteAssessment.all_objects.get(application=bakery).met["capability"] is False
        assert set(
            AuditPlan.all_objects.filter(audit__application=bakery).values_list("lines__mode", flat=True)
        ) == {"on-site"}
