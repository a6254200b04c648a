"""Verify by number: one query once the issuer's chain is cached, and a change shows at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casys import clock
from casys.accounts.models import BodyKind
from casys.accounts.scoping import unscoped
from casys.accreditation.models import Accreditation, ChainVersion
from casys.accreditation.services import accreditations as acc_services
from casys.accreditation.services import chain_cache
from casys.accreditation.services import recognition as rec_services
from casys.registry.services import lookup, search, verification
from tests.conftest import make_body
from tests.registry.conftest import entry, publish

pytestmark = pytest.mark.django_db(transaction=True)


def _verdict(number: str = "Q-1") -> Any:
    row = search.find("alpha-cert", number)
    assert row is not None
    return verification.chain_of(row, clock.today())


def test_a_cached_verification_by_number_is_one_query(accredited) -> None:
    publish(accredited, entry())
    chain_cache.clear()
    assert _verdict().recognized  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        verdict = _verdict()
        row = search.find("alpha-cert", "Q-1")
        assert row is not None
        verification.accreditation_of(row)
        verification.public_names(row)
    assert verdict.recognized
    # two finds (the certificate and its chain version in one statement each), nothing else
    assert len(queries.captured_queries) == 2, [q["sql"] for q in queries.captured_queries]


def test_the_verify_by_number_statement_reads_what_the_document_needs_and_no_more(accredited) -> None:
    publish(accredited, entry(), entry("Q-2", public=False, holder_name="Hidden Ltd", holder_name_en=""))
    chain_cache.clear()
    for number in ("Q-1", "Q-2"):
        row = lookup.find("alpha-cert", number)
        assert row is not None
        lookup.document(row, clock.today())  # fills the cache
        with CaptureQueriesContext(connection) as queries:
            row = lookup.find("alpha-cert", number)
            assert row is not None
            doc = lookup.document(row, clock.today())
        # one statement: a field the document read and the statement left out would be a query more
        assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
        statement = queries.captured_queries[0]["sql"]
        assert '"credential"' not in statement and '"holder_key"' not in statement
        whole = search.find("alpha-cert", number)  # every column
        assert whole is not None and whole.credential
        assert doc == lookup.document(whole, clock.today())


def test_a_suspended_accreditation_shows_on_the_next_verification(accredited) -> None:
    publish(accredited, entry())
    chain_cache.clear()
    assert _verdict().recognized
    before = chain_cache.current()
    with unscoped():
        acc = Accreditation.all_objects.get(number="NAB-001")
        acc_services.record_event(acc, date(2025, 1, 1), "suspended", reason="overdue surveillance")
    assert chain_cache.current() > before
    verdict = _verdict()
    assert not verdict.recognized
    assert "accreditation" in verdict.failed


def test_an_imported_signatory_status_change_shows_on_the_next_verification(accredited) -> None:
    publish(accredited, entry())
    chain_cache.clear()
    assert _verdict().recognized
    with unscoped():
        # the AB is no longer an IAF MLA signatory for ISO 9001: only another sub-scope is left
        rec_services.import_statuses(
            [
                {
                    "body": "nordic-ab",
                    "arrangement": "IAF-MLA",
                    "activity": "certification-management-systems",
                    "normativeDocument": "ISO/IEC 17021-1",
                    "subScope": "ISO 14001",
                    "validFrom": "2015-01-01",
                }
            ],
            source="test",
        )
    assert not _verdict().recognized


def test_a_stale_cache_entry_is_never_used_after_a_version_change(accredited) -> None:
    publish(accredited, entry())
    chain_cache.clear()
    row = search.find("alpha-cert", "Q-1")
    assert row is not None
    data, _accs = chain_cache.chain_data(row.issuer_id, row.chain_version)
    ChainVersion.bump()
    fresh = search.find("alpha-cert", "Q-1")
    assert fresh is not None and fresh.chain_version != row.chain_version
    with CaptureQueriesContext(connection) as queries:
        again, _accs = chain_cache.chain_data(fresh.issuer_id, fresh.chain_version)
    assert queries.captured_queries, "a new version reads the chain again"
    assert again is not data


@pytest.fixture
def three_issuers(accredited, ab, body_b) -> list[Any]:
    """alpha (accredited by nordic-ab), beta (accredited by nordic-ab and by baltic-ab, whose
    statuses are other records), gamma (no accreditation); each with a certificate in the registry."""
    gamma = make_body("gamma-cert", name="Gamma Certification")
    baltic = make_body("baltic-ab", kind=BodyKind.ACCREDITATION_BODY, name="Baltic AB", country="LT")
    with unscoped():
        grants = ((ab, "NAB-002", "ISO 14001:2015"), (baltic, "BAB-001", "ISO 45001:2018"))
        for by, number, standard in grants:
            acc_services.grant(
                by,
                acc_services.GrantInput(
                    cab=body_b,
                    number=number,
                    standard="ISO/IEC 17021-1",
                    valid_from=date(2021, 1, 1),
                    valid_until=date(2031, 1, 1),
                    scope=(acc_services.ScopeInput(standard, ("17",)),),
                ),
            )
    rec_services.import_statuses(
        [
            {
                "body": "baltic-ab",
                "arrangement": "IAF-MLA",
                "activity": "certification-management-systems",
                "normativeDocument": "ISO/IEC 17021-1",
                "subScope": "ISO 45001",
                "validFrom": "2016-01-01",
            }
        ],
        source="test",
    )
    publish(accredited, entry())
    publish(body_b, entry("B-1", standards=("ISO 45001:2018",)))
    publish(gamma, entry("G-1"))
    return [accredited, body_b, gamma]


def test_the_chain_records_of_many_issuers_read_at_once_are_each_issuers_own(three_issuers) -> None:
    ids = [b.pk for b in three_issuers]
    with unscoped():
        each = rec_services.recognition_data_each(ids)
        alone = {i: rec_services.recognition_data([i]) for i in ids}
    assert list(each) == ids
    for i in ids:
        assert each[i][0] == alone[i][0]
        assert [a.pk for a in each[i][1]] == [a.pk for a in alone[i][1]]
    # the records differ from issuer to issuer (else the comparison above would prove little)
    counts = [(len(each[i][0].accreditations), len(each[i][0].statuses)) for i in ids]
    assert counts == [(1, 1), (2, 2), (0, 0)]


def test_warming_reads_every_issuers_chain_in_a_few_queries_and_verifications_then_need_one(
    three_issuers,
) -> None:
    ids = [b.pk for b in three_issuers]
    chain_cache.clear()
    with CaptureQueriesContext(connection) as single:
        assert chain_cache.warm(ids[:1]) == 1
    with CaptureQueriesContext(connection) as three:
        assert chain_cache.warm(ids) == 3
    # the version, the accreditations with their parts, the statuses: as many for three as for one
    assert len(three.captured_queries) == len(single.captured_queries)
    chain_cache.clear()
    # every issuer with a log or a status list: the three, and the ABs (their accreditations)
    assert lookup.warm() == 5
    assert set(ids) <= set(chain_cache._cache)
    for issuer, number in (("alpha-cert", "Q-1"), ("beta-cert", "B-1"), ("gamma-cert", "G-1")):
        with CaptureQueriesContext(connection) as queries:
            row = lookup.find(issuer, number)
            assert row is not None
            doc = lookup.document(row, clock.today())
        assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
        chain_cache.clear()
        assert doc == lookup.document(row, clock.today())  # the same answer read the slow way
        lookup.warm()
    assert _verdict().recognized


def test_a_warm_cache_read_before_a_change_is_not_used_after_it(three_issuers) -> None:
    chain_cache.clear()
    lookup.warm()
    assert _verdict().recognized
    with unscoped():
        acc = Accreditation.all_objects.get(number="NAB-001")
        acc_services.record_event(acc, date(2025, 1, 1), "suspended", reason="overdue surveillance")
    assert not _verdict().recognized
    # warming under the new version does not bring the old records back, nor does it replace
    # what a reader cached under a newer version than the one warming read
    lookup.warm()
    assert not _verdict().recognized
    row = search.find("alpha-cert", "Q-1")
    assert row is not None
    newer = row.chain_version + 1
    marker = (newer, "newer", [])
    chain_cache._cache[row.issuer_id] = marker  # type: ignore[assignment]
    lookup.warm()
    assert chain_cache._cache[row.issuer_id] is marker
