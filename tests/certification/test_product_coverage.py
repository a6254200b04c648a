"""Coverage over the cycle for a product scheme (docs/audits.md, "Coverage in product, inspection
and verification schemes"): the type 5 example scheme's factory inspection is checklisted against
its factory-inspection profile and counted in the same matrix as a management system's audits;
the coverage page shows it; a product decision of a recertification phase is blocked the same way."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from casys.accounts.scoping import unscoped
from casys.certification.models import Application, Auditor
from casys.certification.services import CertificationError, checklists, coverage, products
from casys.requirements.services.catalogues import load_shipped
from tests.certification.test_products import TODAY, ines, papp, results  # noqa: F401

pytestmark = pytest.mark.django_db
FI = "type5-electrical-fi:example"


def _inspected(app: Application, who: Auditor, *, leave_out: str) -> None:
    """The initial activities recorded; the factory inspection's checklist answered for every
    requirement of the profile but ``leave_out``."""
    load_shipped()
    with unscoped():
        products.review_product_application(app, on=TODAY)
        for a in app.audits.filter(phase="initial").order_by("id"):
            rows = results(app) if products.record_kind(a) == "test-report" else []
            products.record_activity(a, done_on=date(2026, 1, 3), team=[who], today=TODAY, results=rows)
        fi = app.audits.get(kind="factory-inspection", phase="initial")
        for r in checklists.scope_of(fi):
            if r.uid != leave_out:
                checklists.record(checklists.entry_for(fi, who, r.uid), conformity="conform", notes="seen")


def test_a_type_5_factory_inspection_is_counted_in_the_cycle_coverage(
    papp: Application,  # noqa: F811
    ines: Auditor,  # noqa: F811
) -> None:
    _inspected(papp, ines, leave_out=f"{FI}/fi.7")
    with unscoped():
        cov = coverage.for_cycle(papp, 1)
        assert cov.planned
        assert [r.uid for r in cov.requirements][:2] == [f"{FI}/fi.1", f"{FI}/fi.2"]
        assert len(cov.requirements) == 7
        assert cov.uncovered == (f"{FI}/fi.7",)
        assert f"{FI}/fi.7" in (coverage.reason(cov) or "")
        # the type 5 example scheme has no recertification phase: its initial decision is not held
        assert coverage.blocking(papp, 1, "initial") is None


def test_a_product_decision_of_a_recertification_phase_is_blocked_by_name(
    papp: Application,  # noqa: F811
    ines: Auditor,  # noqa: F811
    owner,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _inspected(papp, ines, leave_out=f"{FI}/fi.7")
    # as if the phase awaiting the decision closed the cycle (a scheme with a recertification phase)
    monkeypatch.setattr(
        coverage, "blocking", lambda app, cycle, phase: coverage.reason(coverage.for_cycle(app, cycle))
    )
    with unscoped(), pytest.raises(CertificationError, match=rf"never audited in the cycle .*{FI}/fi.7"):
        products.take_product_decision(papp, outcome="grant", review_notes="reviewed", user=owner, on=TODAY)
    with unscoped():
        assert not papp.decisions.exists()


def test_the_coverage_page_of_a_product_application_lists_the_requirement_not_covered(
    papp: Application,  # noqa: F811
    ines: Auditor,  # noqa: F811
    owner_client,  # type: ignore[no-untyped-def]
) -> None:
    _inspected(papp, ines, leave_out=f"{FI}/fi.7")
    html = owner_client.get(
        reverse("certification:coverage", args=[papp.body.slug, papp.pk])
    ).content.decode()
    assert f"{FI}/fi.7" in html and f"{FI}/fi.1" in html and 'id="coverage"' in html
