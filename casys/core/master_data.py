"""Identifiers in a client's master data: NACE Rev. 2 activity codes and VAT numbers.

* NACE Rev. 2 (Regulation (EC) No 1893/2006, annex I): 21 sections A-U, divisions of two
  digits, groups ``dd.d`` and classes ``dd.dd``. A code is stored as section letter +
  division and, if given, group/class: ``C25.62``. The section follows from the division;
  a letter that contradicts it is refused.
* VAT numbers: the syntax VIES checks for each EU member state (prefix ``EL`` for Greece,
  ``XI`` for Northern Ireland); for other countries a two-letter prefix followed by 2-15
  letters or digits. Only the syntax is checked (no check digit, no VIES query).

>>> nace("25.62")
'C25.62'
>>> nace("c 25.6")
'C25.6'
>>> vat("de 123 456 789")
'DE123456789'
"""

from __future__ import annotations

import re

#: NACE Rev. 2 sections by division (Regulation (EC) No 1893/2006, annex I).
SECTIONS: dict[str, tuple[int, ...]] = {
    "A": (1, 2, 3),
    "B": (5, 6, 7, 8, 9),
    "C": tuple(range(10, 34)),
    "D": (35,),
    "E": (36, 37, 38, 39),
    "F": (41, 42, 43),
    "G": (45, 46, 47),
    "H": (49, 50, 51, 52, 53),
    "I": (55, 56),
    "J": (58, 59, 60, 61, 62, 63),
    "K": (64, 65, 66),
    "L": (68,),
    "M": (69, 70, 71, 72, 73, 74, 75),
    "N": (77, 78, 79, 80, 81, 82),
    "O": (84,),
    "P": (85,),
    "Q": (86, 87, 88),
    "R": (90, 91, 92, 93),
    "S": (94, 95, 96),
    "T": (97, 98),
    "U": (99,),
}
_SECTION_OF = {d: s for s, divisions in SECTIONS.items() for d in divisions}
_NACE = re.compile(r"^([A-U])?\s*(\d{2})(?:\.(\d{1,2}))?$")

#: VAT number syntax per EU member state, as the VIES service checks it (prefix, then the rest).
VIES_SYNTAX: dict[str, str] = {
    "AT": r"U\d{8}",
    "BE": r"[01]\d{9}",
    "BG": r"\d{9,10}",
    "CY": r"\d{8}[A-Z]",
    "CZ": r"\d{8,10}",
    "DE": r"\d{9}",
    "DK": r"\d{8}",
    "EE": r"\d{9}",
    "EL": r"\d{9}",
    "ES": r"[A-Z0-9]\d{7}[A-Z0-9]",
    "FI": r"\d{8}",
    "FR": r"[A-HJ-NP-Z0-9]{2}\d{9}",
    "HR": r"\d{11}",
    "HU": r"\d{8}",
    "IE": r"\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W]",
    "IT": r"\d{11}",
    "LT": r"\d{9}|\d{12}",
    "LU": r"\d{8}",
    "LV": r"\d{11}",
    "MT": r"\d{8}",
    "NL": r"\d{9}B\d{2}",
    "PL": r"\d{10}",
    "PT": r"\d{9}",
    "RO": r"\d{2,10}",
    "SE": r"\d{12}",
    "SI": r"\d{8}",
    "SK": r"\d{10}",
    "XI": r"\d{9}|\d{12}|GD\d{3}|HA\d{3}",
}
_OTHER = re.compile(r"^[A-Z]{2}[A-Z0-9]{2,15}$")


class MasterDataError(ValueError):
    """A malformed identifier; the message names the field."""


def nace(code: str) -> str:
    """Normalise a NACE Rev. 2 code (``C25.62``, ``25.62``, ``25.6``, ``25``) to ``C25.62`` form.

    >>> nace("C10.11")
    'C10.11'
    >>> try:
    ...     nace("B25.62")
    ... except MasterDataError as e:
    ...     print(e)
    nace_code: division 25 is in section C, not B
    """
    raw = code.strip().upper()
    m = _NACE.match(raw)
    if m is None:
        raise MasterDataError(f"nace_code: {code!r} is not a NACE Rev. 2 code (e.g. C25.62 or 25.62)")
    letter, division, rest = m.group(1), int(m.group(2)), m.group(3)
    section = _SECTION_OF.get(division)
    if section is None:
        raise MasterDataError(f"nace_code: {m.group(2)} is not a NACE Rev. 2 division")
    if letter and letter != section:
        raise MasterDataError(f"nace_code: division {m.group(2)} is in section {section}, not {letter}")
    return f"{section}{m.group(2)}" + (f".{rest}" if rest else "")


def vat(number: str) -> str:
    """Normalise a VAT number (spaces, dots and hyphens dropped, upper case) and check its syntax.

    >>> vat("FR 40 303 265 045")
    'FR40303265045'
    >>> try:
    ...     vat("DE12345678")
    ... except MasterDataError as e:
    ...     print(e)
    vat_number: 'DE12345678' does not have the form of a DE VAT number (DE + \\d{9}, as VIES checks it)
    """
    raw = re.sub(r"[\s.\-]", "", number).upper()
    if raw[:2] == "GR":
        raise MasterDataError(f"vat_number: {number!r}: Greek VAT numbers start with EL, not GR")
    if not re.fullmatch(r"[A-Z]{2}.*", raw):
        raise MasterDataError(
            f"vat_number: {number!r} needs its two-letter country prefix (e.g. DE123456789)"
        )
    prefix, rest = raw[:2], raw[2:]
    pattern = VIES_SYNTAX.get(prefix)
    if pattern is not None:
        if not re.fullmatch(pattern, rest):
            raise MasterDataError(
                f"vat_number: {number!r} does not have the form of a {prefix} VAT number "
                f"({prefix} + {pattern}, as VIES checks it)"
            )
    elif not _OTHER.match(raw):
        raise MasterDataError(
            f"vat_number: {number!r} is not a VAT number (prefix and 2-15 letters or digits)"
        )
    return raw
