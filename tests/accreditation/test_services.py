"""Granting accreditations, events, signatory-status import, and the chain records."""

from datetime import date

import pytest

from casys.accounts.scoping import unscoped
from casys.accreditation.models import AccreditationEvent, SignatoryStatus
from casys.accreditation.services import accreditations as svc
from casys.accreditation.services import recognition as rec
from casys.auditlog.models import AuditEntry
from casys.core import recognition

pytestmark = pytest.mark.django_db


def test_it_logs_the_grant_in_the_same_transaction(accreditation):
    with unscoped():
        assert AuditEntry.objects.filter(action="accreditation.accreditation.granted").count() == 1


def test_it_refuses_a_grant_by_a_body_that_is_not_an_accreditation_body(body_b, gamma):
    g = svc.GrantInput(gamma, "X-1", "ISO/IEC 17021-1", date(2020, 1, 1), date(2021, 1, 1))
    with unscoped(), pytest.raises(svc.AccreditationInputError, match="body: beta-cert"):
        svc.grant(body_b, g)


def test_it_refuses_an_end_before_the_start(ab_a, gamma):
    g = svc.GrantInput(gamma, "X-1", "ISO/IEC 17021-1", date(2020, 1, 1), date(2019, 1, 1))
    with unscoped(), pytest.raises(svc.AccreditationInputError, match="valid_until"):
        svc.grant(ab_a, g)


def test_a_partial_scope_reduction_is_an_event_and_the_state_shrinks(accreditation):
    with unscoped():
        svc.record_event(
            accreditation, date(2024, 1, 1), "scope-reduced", normative_document="ISO 9001", iaf_codes=["28"]
        )
        state = recognition.accreditation_state(svc.to_record(accreditation), date(2024, 6, 1))
        assert AccreditationEvent.objects.count() == 1
    iso9001 = next(s for s in state.scopes if s.normative_document == "ISO 9001:2015")
    assert iso9001.iaf_codes == ("17",)


def test_it_refuses_to_restore_an_accreditation_that_is_not_suspended(accreditation):
    with unscoped(), pytest.raises(svc.AccreditationInputError, match="not suspended"):
        svc.record_event(accreditation, date(2024, 1, 1), "restored")


def test_a_withdrawn_accreditation_takes_no_more_events(accreditation):
    with unscoped():
        svc.record_event(accreditation, date(2024, 1, 1), "withdrawn", reason="request")
        with pytest.raises(svc.AccreditationInputError, match="withdrawn since 2024-01-01"):
            svc.record_event(accreditation, date(2024, 2, 1), "suspended")


STATUS = {
    "body": "alpha-cert",
    "arrangement": "IAF-MLA",
    "activity": "certification-management-systems",
    "normativeDocument": "ISO/IEC 17021-1",
    "subScope": "ISO 9001",
    "validFrom": "2015-01-01",
}


def test_it_imports_signatory_statuses_from_csv(ab_a):
    text = "body,arrangement,activity,normativeDocument,subScope,validFrom,validUntil\n"
    text += "alpha-cert,IAF-MLA,certification-management-systems,ISO/IEC 17021-1,ISO 9001,2015-01-01,\n"
    with unscoped():
        assert rec.import_statuses(rec.parse(text, "s.csv"), source="s.csv") == 1
        s = SignatoryStatus.objects.get()
    assert (s.sub_scope, s.valid_until) == ("ISO 9001", None)


def test_it_names_the_row_of_a_bad_signatory_status(ab_a):
    rows = [STATUS, {**STATUS, "arrangement": "XYZ"}]
    with unscoped(), pytest.raises(rec.StatusFileError, match=r"signatoryStatuses\[1\]\.arrangement"):
        rec.import_statuses(rows, source="x")
    with unscoped():
        assert SignatoryStatus.objects.count() == 0


def test_an_ab_may_only_import_its_own_statuses(ab_a, gamma):
    rows = [{**STATUS, "body": "gamma-cert"}]
    with unscoped(), pytest.raises(rec.StatusFileError, match="not an accreditation body"):
        rec.import_statuses(rows, source="x", only_body=ab_a)


def test_the_chain_records_name_parties_by_did(accreditation):
    with unscoped():
        rec.import_statuses([STATUS], source="x")
        data, _ = rec.recognition_data([accreditation.cab_id])
    assert data.accreditations[0].cab.endswith(":gamma-cert")
    assert data.statuses[0].body == data.accreditations[0].body
