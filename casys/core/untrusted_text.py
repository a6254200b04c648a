"""Text from outside (forms, imported files) checked before it is stored, and made safe for spreadsheets.

Three hazards, each with its source:

- **Bidirectional controls** (Unicode Standard Annex #9, *Unicode Bidirectional Algorithm*,
  explicit formatting characters U+202A–U+202E and the isolates U+2066–U+2069; also
  U+200E/U+200F/U+061C, the implicit marks): they reorder what a reader sees, so a name
  stored as ``"\\u202eevil"`` is shown as "live". A name never needs them.
- **Control characters** (Unicode general category Cc): a NUL byte is refused by PostgreSQL
  and stored by SQLite, so both databases must be spared it in Python to behave the same.
  A multi-line field may hold a line feed, carriage return and tab; nothing else.
- **Spreadsheet formulae** (OWASP, *CSV Injection*): a cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is run as a formula by spreadsheet programs. An
  exported cell is prefixed with an apostrophe, which spreadsheets show as text; an import
  removes that one apostrophe again, so a file exported by casys imports back to the same text.

>>> problem("Jānis Bērziņš", max_length=300)
>>> problem("\\u202eevil", max_length=300)
'contains the invisible direction control U+202E'
>>> problem("a" * 5, max_length=4)
'is 5 characters long; at most 4 are allowed'
>>> spreadsheet_safe('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> from_spreadsheet(spreadsheet_safe("-2+3"))
'-2+3'
"""

from __future__ import annotations

import unicodedata

#: UAX #9 explicit embeddings/overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the
#: implicit directional marks (U+200E, U+200F, U+061C).
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
#: Characters a multi-line field (an address, a scope) may hold although they are controls.
LINE_CONTROLS = frozenset("\n\r\t")
#: OWASP CSV injection: the first characters that make a spreadsheet cell a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def problem(value: str, *, max_length: int | None = None, multiline: bool = False) -> str | None:
    """What is wrong with ``value`` as stored text, in words that follow the field's name; None if nothing."""
    if max_length is not None and len(value) > max_length:
        return f"is {len(value)} characters long; at most {max_length} are allowed"
    allowed = LINE_CONTROLS if multiline else frozenset()
    for ch in value:
        if ch in BIDI_CONTROLS:
            return f"contains the invisible direction control U+{ord(ch):04X}"
        if ch not in allowed and unicodedata.category(ch) == "Cc":
            return f"contains the control character U+{ord(ch):04X}"
    return None


def spreadsheet_safe(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: an apostrophe before a formula's first character."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def from_spreadsheet(value: str) -> str:
    """Undo :func:`spreadsheet_safe`: the apostrophe casys put before a formula's first character."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
