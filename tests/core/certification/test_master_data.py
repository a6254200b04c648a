"""NACE Rev. 2 codes (Regulation (EC) No 1893/2006) and VAT number syntax (as VIES checks it)."""

import pytest

from casys.core.master_data import SECTIONS, MasterDataError, nace, vat


def test_the_sections_cover_the_88_divisions_of_nace_rev_2() -> None:
    divisions = [d for ds in SECTIONS.values() for d in ds]
    assert len(divisions) == len(set(divisions)) == 88 and len(SECTIONS) == 21


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("C25.62", "C25.62"),
        ("25.62", "C25.62"),
        ("c 25.6", "C25.6"),
        ("01", "A01"),
        ("A01.11", "A01.11"),
        ("99", "U99"),
    ],
)
def test_a_nace_code_is_stored_with_its_section(given, stored) -> None:
    assert nace(given) == stored


@pytest.mark.parametrize("bad", ["2562", "25.623", "C", "04", "A25", "Z25.6", ""])
def test_a_malformed_nace_code_is_refused(bad) -> None:
    with pytest.raises(MasterDataError, match="^nace_code: "):
        nace(bad)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("DE811234567", "DE811234567"),
        ("FR 40 402118357", "FR40402118357"),
        ("ATU12345678", "ATU12345678"),
        ("NL123456789B01", "NL123456789B01"),
        ("el-123456789", "EL123456789"),
        ("LV40003012345", "LV40003012345"),
        ("NO918273645MVA", "NO918273645MVA"),  # outside the EU: prefix and 2-15 letters or digits
    ],
)
def test_a_vat_number_is_normalised(given, stored) -> None:
    assert vat(given) == stored


@pytest.mark.parametrize(
    "bad", ["811234567", "DE81123456", "AT12345678", "NL123456789", "GR123456789", "X", "DE 811 234 56A"]
)
def test_a_malformed_vat_number_is_refused(bad) -> None:
    with pytest.raises(MasterDataError, match="^vat_number: "):
        vat(bad)
