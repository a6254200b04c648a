"""The chain: certificate → accreditation (ISO/IEC 17011) → recognition (IAF MLA / ILAC MRA)."""

from datetime import date

import pytest

from casys.core import credentials as vc
from casys.core import recognition as r
from casys.core import signing
from tests.core.attestation import builders as b

ON = b.ON.date()


def _cert(**changes):
    base = {
        "number": "Q-0001",
        "issuer": b.CB,
        "standards": ("ISO 9001:2015",),
        "iaf_codes": ("28",),
        "issue_date": date(2024, 3, 1),
        "expiry_date": date(2027, 2, 28),
    }
    base.update(changes)
    return r.Certificate(**base)


def _acc(**changes):
    base = {
        "id": "A-17",
        "body": b.AB,
        "cab": b.CB,
        "activity": "certification-management-systems",
        "standard": "ISO/IEC 17021-1:2015",
        "valid_from": date(2020, 1, 1),
        "valid_until": date(2029, 12, 31),
        "scopes": (
            r.AccreditationScope("ISO 9001:2015", ("17", "28")),
            r.AccreditationScope("ISO 45001:2018", ("28",)),
        ),
    }
    base.update(changes)
    return r.Accreditation(**base)


def _states(verdict):
    return [link.state for link in verdict.links]


def test_a_certificate_with_all_three_links_is_recognized():
    verdict = r.chain(_cert(), [_acc()], b.ea_statuses(), ON)
    assert verdict.recognized and _states(verdict) == ["pass", "pass", "pass"]
    assert verdict.links[2].ref == "EA-MLA"


def test_an_expired_certificate_fails_link_one():
    verdict = r.chain(_cert(), [_acc()], b.ea_statuses(), date(2027, 3, 1))
    assert verdict.failed == "certificate"
    assert verdict.links[0].reason == "expired on 2027-02-28"


def test_a_suspended_then_restored_certificate_is_judged_on_the_date_asked():
    events = (
        r.CertificateEvent(date(2025, 1, 10), "suspended", "surveillance audit overdue"),
        r.CertificateEvent(date(2025, 4, 1), "restored"),
    )
    cert = _cert(events=events)
    assert r.chain(cert, [_acc()], b.ea_statuses(), date(2025, 2, 1)).links[0].reason == (
        "suspended since 2025-01-10 (surveillance audit overdue)"
    )
    assert r.chain(cert, [_acc()], b.ea_statuses(), ON).recognized


def test_an_accreditation_that_lapsed_before_the_issue_date_fails_link_two():
    verdict = r.chain(_cert(), [_acc(valid_until=date(2023, 12, 31))], b.ea_statuses(), ON)
    assert verdict.failed == "accreditation"
    assert (
        verdict.links[1].reason == "accreditation A-17 lapsed on 2023-12-31, before the issue date 2024-03-01"
    )
    assert verdict.links[2].state == "not-evaluated"


def test_an_accreditation_withdrawn_after_issue_fails_link_two_on_the_date_asked():
    acc = _acc(events=(r.AccreditationEvent(date(2025, 2, 1), "withdrawn"),))
    verdict = r.chain(_cert(), [acc], b.ea_statuses(), ON)
    assert (
        verdict.links[1].reason
        == "accreditation A-17 withdrawn since 2025-02-01, before the date asked 2025-06-01"
    )


def test_a_partial_scope_reduction_removes_only_the_iaf_code_cut():
    cut = r.AccreditationScope("ISO 9001:2015", ("28",))
    acc = _acc(events=(r.AccreditationEvent(date(2025, 1, 1), "scope-reduced", cut),))
    verdict = r.chain(_cert(), [acc], b.ea_statuses(), ON)
    assert verdict.links[1].reason == (
        "scope of accreditation A-17 on the date asked 2025-06-01 does not cover ISO 9001:2015 IAF code(s) 28"
    )
    assert r.accreditation_state(acc, ON).scopes[0].iaf_codes == ("17",)
    assert r.chain(_cert(iaf_codes=("17",)), [acc], b.ea_statuses(), ON).recognized


def test_an_accreditation_not_covering_the_technical_area_fails_link_two():
    verdict = r.chain(_cert(iaf_codes=("3",)), [_acc()], b.ea_statuses(), ON)
    assert "does not cover ISO 9001:2015 IAF code(s) 3" in verdict.links[1].reason


def test_no_accreditation_of_the_issuer_fails_link_two():
    verdict = r.chain(_cert(), [_acc(cab="did:web:other.example")], b.ea_statuses(), ON)
    assert verdict.links[1].reason == f"no accreditation of the issuer {b.CB} supplied"


def test_an_accreditation_body_without_the_sub_scope_fails_link_three():
    # MLA main scope ISO/IEC 17021-1 with sub-scope ISO 9001, but not ISO 45001.
    cert = _cert(standards=("ISO 45001:2018",))
    verdict = r.chain(cert, [_acc()], b.ea_statuses(("ISO 9001",)), ON)
    assert _states(verdict) == ["pass", "pass", "fail"]
    assert verdict.links[2].reason == (
        f"{b.AB} is a signatory for the main scope ISO/IEC 17021-1:2015 "
        "but not for the sub-scope ISO 45001:2018"
    )
    assert r.chain(cert, [_acc()], b.ea_statuses(("ISO 9001", "ISO 45001")), ON).recognized


def test_an_accreditation_body_that_is_no_signatory_fails_link_three():
    verdict = r.chain(_cert(), [_acc()], [], ON)
    assert verdict.links[2].reason == (
        f"{b.AB} is not a signatory for the main scope "
        "certification-management-systems / ISO/IEC 17021-1:2015"
    )


def test_a_signatory_status_gained_after_the_issue_date_fails_link_three():
    late = r.SignatoryStatus(
        b.AB,
        "IAF-MLA",
        "certification-management-systems",
        "ISO/IEC 17021-1",
        "ISO 9001",
        valid_from=date(2024, 6, 1),
    )
    verdict = r.chain(_cert(), [_acc()], [late], ON)
    assert verdict.links[2].reason == (
        f"{b.AB} was not a signatory of IAF-MLA for ISO 9001:2015 on the issue date 2024-03-01"
    )


def test_a_signatory_suspension_covering_the_date_asked_fails_link_three():
    status = r.SignatoryStatus(
        b.AB,
        "EA-MLA",
        "certification-management-systems",
        "ISO/IEC 17021-1",
        "ISO 9001",
        date(2010, 1, 1),
        suspended=((date(2025, 5, 1), None),),
    )
    assert r.chain(_cert(), [_acc()], [status], ON).failed == "recognition"


def test_an_ilac_signatory_covers_a_testing_main_scope_without_sub_scopes():
    lab = _acc(
        activity="testing",
        standard="ISO/IEC 17025:2017",
        scopes=(r.AccreditationScope("EN 60335-1", methods=("clause 13",)),),
    )
    status = r.SignatoryStatus(b.AB, "ILAC-MRA", "testing", "ISO/IEC 17025", None, date(2012, 1, 1))
    report = _cert(standards=("EN 60335-1",), iaf_codes=())
    assert r.chain(report, [lab], [status], ON).recognized


def test_recognition_data_errors_name_the_field():
    with pytest.raises(r.RecognitionError, match=r"signatoryStatuses\[0\].arrangement"):
        r.recognition_from_json({"signatoryStatuses": [{"arrangement": "XYZ"}]})
    with pytest.raises(r.RecognitionError, match=r"accreditations\[0\].validFrom: '2020-13-01'"):
        r.recognition_from_json(
            {
                "accreditations": [
                    {
                        "id": "A",
                        "body": "ab",
                        "cab": "cb",
                        "activity": "testing",
                        "standard": "ISO/IEC 17025",
                        "validFrom": "2020-13-01",
                        "validUntil": "2030-01-01",
                    }
                ]
            }
        )


def test_the_regional_and_international_arrangements_are_known():
    assert set(r.ARRANGEMENTS) == {
        "IAF-MLA",
        "ILAC-MRA",
        "EA-MLA",
        "APAC-MRA",
        "IAAC-MLA",
        "AFRAC-MRA",
        "ARAC-MLA",
        "SADCA-MRA",
    }


# --- the chain through signed credentials ------------------------------------------------------

RINGS = [b.CB_RING, b.AB_RING]


def _verify(cert_facts=None, acc_facts=None, statuses=None, ab_suspended=(), at=b.ON):
    token = vc.sign(vc.certificate_credential(cert_facts or b.certificate_facts()), b.CB_KEY)
    acc = vc.sign(vc.accreditation_credential(acc_facts or b.accreditation_facts()), b.AB_KEY)
    lists = [
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY),
        b.signed_list(b.AB_SUSPENSION_URL, "suspension", b.AB_KEY, ab_suspended),
    ]
    data = r.RecognitionData((), statuses if statuses is not None else b.ea_statuses())
    return vc.verify(token, RINGS, at, lists, [acc], data)


def test_signed_certificate_and_accreditation_give_a_recognized_chain():
    result = _verify()
    assert result.ok and result.complete
    assert result.check("chain").state == "pass"


def test_a_lapsed_signed_accreditation_names_link_two():
    result = _verify(acc_facts=b.accreditation_facts(valid_until=date(2023, 12, 31)))
    assert result.failed == ("chain",)
    assert result.check("chain").reason.startswith(
        f"link 2 (accreditation) fails: accreditation {b.ACC_ID} lapsed on 2023-12-31, before the issue date"
    )


def test_an_accreditation_suspended_on_the_ab_status_list_names_link_two():
    result = _verify(ab_suspended=(3,))
    assert result.failed == ("chain",)
    assert "suspended since 2025-06-01" in result.check("chain").reason


def test_a_missing_sub_scope_through_credentials_names_link_three():
    facts = b.certificate_facts(standards=("ISO 45001:2018",))
    result = _verify(cert_facts=facts)
    assert result.check("chain").reason.startswith("link 3 (recognition) fails")


def test_a_forged_accreditation_credential_is_not_used():
    forged_key = signing.private_key_from_seed(bytes([66]) * 32, b.AB)
    forged = vc.sign(vc.accreditation_credential(b.accreditation_facts()), forged_key)
    token = vc.sign(vc.certificate_credential(b.certificate_facts()), b.CB_KEY)
    result = vc.verify(token, RINGS, b.ON, [], [forged], r.RecognitionData((), b.ea_statuses()))
    assert result.failed == ("chain",)
    assert "accreditation credential rejected (key:" in result.check("chain").reason


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        ({"signatoryStatuses": ["EA"]}, r"signatoryStatuses\[0\]: not an object"),
        ({"accreditations": [{"events": [1]}]}, r"accreditations\[0\].events\[0\]: not an object"),
        ({"accreditations": [], "signatoryStatuses": {}}, "must be lists"),
    ],
)
def test_recognition_data_of_the_wrong_shape_is_refused_with_its_position(doc, where):
    with pytest.raises(r.RecognitionError, match=where):
        r.recognition_from_json(doc)
