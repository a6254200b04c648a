"""The sector-scheme demo: an ISO/IEC 27001 client quoted by the ISO/IEC 27006-1 method whose plans
sum to the method's audit time, an ISO 22000 dairy quoted by the ISO/TS 22003-1 formula (both from
the EXAMPLE tables the demo body loaded, labelled so), a hospital team competent only together."""

from __future__ import annotations

import pytest

from casys.accounts.scoping import unscoped
from casys.certification.models import Application, Audit, AuditPlan, AuditTimeTable
from casys.demo import certification, requirements, sectors
from tests.certification.test_demo import _base

pytestmark = pytest.mark.django_db


def test_the_demo_quotes_sector_clients_by_their_methods_and_plans_sum_to_it() -> None:
    with unscoped():
        _base()
        requirements.load_demo()
        certification.load_demo()
        sectors.load_demo()
        plans_before = AuditPlan.all_objects.count()
        sectors.load_demo()  # twice changes nothing
        assert AuditPlan.all_objects.count() == plans_before
        tables = AuditTimeTable.all_objects.filter(body__slug="baltcert")
        assert {t.table_id for t in tables} >= {"iso27006-1", "iso22003-1"}
        assert all(
            t.source.startswith("EXAMPLE table") for t in tables if t.table_id in ("iso27006-1", "iso22003-1")
        )

        isms = Application.all_objects.get(client__organisation__name=sectors.ISMS_CLIENT)
        # EXAMPLE table: 66-125 persons -> 10 days; IT environment +10 % -> 11
        assert isms.initial_days == 11
        assert any("persons doing work under the organization's control" in x for x in isms.justification)
        total = 0.0
        for audit in Audit.all_objects.filter(application=isms, phase="initial"):
            plan = AuditPlan.all_objects.get(audit=audit)
            total += sum(line.days for line in plan.lines.all())
        assert total == isms.stage1_days + isms.stage2_days == isms.initial_days

        food = Application.all_objects.get(client__organisation__name=sectors.FOOD_CLIENT)
        # EXAMPLE table, category C: TD 1.5 + TH 0.5 + TMS 0.25 + TFTE(55) 1 = 3.25 -> 3.5
        assert food.initial_days == 3.5
        assert any(x.startswith("Ts = TD + TH + TMS + TFTE = 3.25") for x in food.justification)

        hospital = Application.all_objects.get(client__organisation__name=sectors.HOSPITAL)
        stage1 = Audit.all_objects.get(application=hospital, kind="stage1")
        assert {a.name for a in stage1.team.all()} == {"Tomas Petrauskas", "Ilze Krūmiņa"}
