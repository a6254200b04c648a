"""Credentials signed before UNTP DCC 0.6.1 and multi-standard certificates (one standard, the
0.6.0 layout) still verify and are still read. The old layouts are typed in field for field in
``builders.dcc_060_certificate`` / ``dcc_060_accreditation`` (checked equal to what the code
before this change built)."""

from casys.core import credentials as vc
from casys.core import recognition
from tests.core.attestation import builders as b

RINGS = [b.CB_RING, b.AB_RING]


def _lists(cb_suspended=()):
    return [
        b.signed_list(b.SUSPENSION_URL, "suspension", b.CB_KEY, cb_suspended),
        b.signed_list(b.REVOCATION_URL, "revocation", b.CB_KEY),
        b.signed_list(b.AB_SUSPENSION_URL, "suspension", b.AB_KEY),
    ]


def _verify(cert, acc, cb_suspended=()):
    data = recognition.RecognitionData((), b.ea_statuses())
    token, acc_token = vc.sign(cert, b.CB_KEY), vc.sign(acc, b.AB_KEY)
    return vc.verify(token, RINGS, b.ON, _lists(cb_suspended), [acc_token], data)


def test_a_certificate_signed_in_the_060_layout_still_verifies_every_check_and_its_chain():
    result = _verify(b.dcc_060_certificate(), b.dcc_060_accreditation())
    assert [c.state for c in result.checks] == ["pass"] * 6, result.checks
    assert result.chain is not None and result.chain.recognized
    covers = f"accreditation {b.ACC_ID} by {b.AB} covers ISO 9001:2015 on both dates"
    assert result.chain.links[1].reason == covers


def test_a_certificate_signed_in_the_060_layout_is_read_with_its_one_standard_and_codes():
    cert = vc.certificate_from_credential(b.dcc_060_certificate())
    assert cert.standards == ("ISO 9001:2015",)
    assert cert.iaf_codes == ("28",)
    assert cert.number == "Q-0001" and cert.issuer == b.CB
    assert vc.standards_of(b.dcc_060_certificate()) == ("ISO 9001:2015",)


def test_an_accreditation_signed_in_the_060_layout_is_read_like_a_new_one():
    old = vc.accreditation_from_credential(b.dcc_060_accreditation())
    new = vc.accreditation_from_credential(vc.accreditation_credential(b.accreditation_facts()))
    assert old == new


def test_old_and_new_layouts_mix_in_one_chain():
    new_cert = vc.certificate_credential(b.certificate_facts())
    new_acc = vc.accreditation_credential(b.accreditation_facts())
    assert _verify(new_cert, b.dcc_060_accreditation()).ok
    assert _verify(b.dcc_060_certificate(), new_acc).ok


def test_a_suspended_certificate_in_the_060_layout_is_still_reported_suspended():
    result = _verify(b.dcc_060_certificate(), b.dcc_060_accreditation(), cb_suspended=(7,))
    assert result.failed == ("status", "chain")
    assert "suspended: bit 7 is set" in result.check("status").reason
    assert result.chain is not None and result.chain.failed == "certificate"
