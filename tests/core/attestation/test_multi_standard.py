"""A certificate for several standards (an integrated QMS + OHSMS certificate): every standard is in
its credential, and the chain requires each standard to be covered and recognised (issue 14)."""

from datetime import date

import pytest

from casys.core import credentials as vc
from casys.core import recognition as r
from tests.core.attestation import builders as b

ON = b.ON.date()
TWO = ("ISO 9001:2015", "ISO 45001:2018")


def _cert(standards=TWO, codes=("28",)):
    return r.Certificate("Q-0001", b.CB, standards, date(2024, 3, 1), date(2027, 2, 28), codes)


def _acc(acc_id="A-17", *scopes):
    scopes = scopes or (
        r.AccreditationScope("ISO 9001:2015", ("17", "28")),
        r.AccreditationScope("ISO 45001:2018", ("28",)),
    )
    return r.Accreditation(
        acc_id, b.AB, b.CB, "certification-management-systems", "ISO/IEC 17021-1:2015",
        date(2020, 1, 1), date(2029, 12, 31), scopes,
    )  # fmt: skip


def test_the_credential_states_one_assessment_per_standard_each_with_its_own_id_and_topic():
    cred = vc.certificate_credential(b.certificate_facts(standards=TWO))
    assessments = cred["credentialSubject"]["assessment"]
    assert [a["referenceStandard"]["name"] for a in assessments] == list(TWO)
    assert [a["id"] for a in assessments] == [
        "https://cb.example/certificates/Q-0001#assessment-1",
        "https://cb.example/certificates/Q-0001#assessment-2",
    ]
    assert [a["conformityTopic"] for a in assessments] == ["governance.compliance", "social.safety"]
    assert all(a["iafCodes"] == ["28"] for a in assessments)
    assert cred["credentialSubject"]["name"] == "ISO 9001:2015, ISO 45001:2018 certificate Q-0001"


def test_a_multi_standard_credential_reads_back_with_every_standard():
    cred = vc.certificate_credential(b.certificate_facts(standards=TWO))
    assert vc.certificate_from_credential(cred).standards == TWO
    assert vc.standards_of(cred) == TWO


@pytest.mark.parametrize(
    ("standards", "message"),
    [
        ((), "standards: a non-empty tuple"),
        ("ISO 9001:2015", "standards: a non-empty tuple"),
        (("ISO 9001:2015", ""), "standards: a non-empty tuple"),
        (("ISO 9001:2015", "ISO 9001:2015"), "names a standard twice"),
    ],
)
def test_bad_standards_are_refused_naming_the_field(standards, message):
    with pytest.raises(vc.CredentialError, match=message):
        vc.certificate_credential(b.certificate_facts(standards=standards))


def test_a_certificate_is_recognised_when_each_standard_is_covered_and_recognised():
    verdict = r.chain(_cert(), [_acc()], b.ea_statuses(("ISO 9001", "ISO 45001")), ON)
    assert verdict.recognized
    assert (
        verdict.links[1].reason
        == f"accreditation A-17 by {b.AB} covers ISO 9001:2015, ISO 45001:2018 on both dates"
    )
    assert verdict.links[2].reason == (
        f"{b.AB} signatory of EA-MLA for ISO/IEC 17021-1, sub-scope ISO 9001 on both dates; "
        f"{b.AB} signatory of EA-MLA for ISO/IEC 17021-1, sub-scope ISO 45001 on both dates"
    )


def test_a_standard_outside_the_accreditation_scope_fails_link_two_naming_it():
    # before issue 14 only the first standard was looked at, and this certificate passed
    verdict = r.chain(_cert(("ISO 9001:2015", "ISO 14001:2015")), [_acc()], b.ea_statuses(), ON)
    assert verdict.failed == "accreditation"
    assert verdict.links[1].reason == (
        "scope of accreditation A-17 on the issue date 2024-03-01 "
        "does not cover ISO 14001:2015 IAF code(s) 28"
    )


def test_every_iaf_code_of_the_certificate_must_be_covered_for_every_standard():
    # code 17 is in the ISO 9001 line but not in the ISO 45001 line
    verdict = r.chain(_cert(codes=("17",)), [_acc()], b.ea_statuses(("ISO 9001", "ISO 45001")), ON)
    assert verdict.failed == "accreditation"
    assert "does not cover ISO 45001:2018 IAF code(s) 17" in verdict.links[1].reason


def test_a_missing_sub_scope_for_the_second_standard_fails_link_three():
    verdict = r.chain(_cert(), [_acc()], b.ea_statuses(("ISO 9001",)), ON)
    assert [link.state for link in verdict.links] == ["pass", "pass", "fail"]
    assert verdict.links[2].reason.endswith("but not for the sub-scope ISO 45001:2018")


def test_two_accreditations_may_each_cover_one_standard():
    qms = _acc("A-1", r.AccreditationScope("ISO 9001:2015", ("28",)))
    ohs = _acc("A-2", r.AccreditationScope("ISO 45001:2018", ("28",)))
    verdict = r.chain(_cert(), [qms, ohs], b.ea_statuses(("ISO 9001", "ISO 45001")), ON)
    assert verdict.recognized
    assert verdict.links[1].reason == (
        f"accreditation A-1 by {b.AB} covers ISO 9001:2015 on both dates; "
        f"accreditation A-2 by {b.AB} covers ISO 45001:2018 on both dates"
    )
    assert verdict.links[1].ref == "A-1"


def test_a_signed_multi_standard_certificate_verifies_and_its_chain_covers_both():
    token = vc.sign(vc.certificate_credential(b.certificate_facts(standards=TWO)), b.CB_KEY)
    acc = vc.sign(vc.accreditation_credential(b.accreditation_facts()), b.AB_KEY)
    lists = [
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY),
        b.signed_list(b.AB_SUSPENSION_URL, "suspension", b.AB_KEY),
    ]
    rings = [b.CB_RING, b.AB_RING]
    only_9001 = r.RecognitionData((), b.ea_statuses(("ISO 9001",)))
    result = vc.verify(token, rings, b.ON, lists, [acc], only_9001)
    assert result.failed == ("chain",)
    assert "not for the sub-scope ISO 45001:2018" in result.check("chain").reason
    both = r.RecognitionData((), b.ea_statuses(("ISO 9001", "ISO 45001")))
    assert vc.verify(token, rings, b.ON, lists, [acc], both).ok
