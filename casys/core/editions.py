"""Editions of normative documents: which references are on an edition that a new one replaces.

A product certificate states the product standard with its edition (``EN 60335-2-15:2016``). When
the standard's owner publishes a new edition with a transition period, every certificate on the old
edition has to be re-evaluated against the new one before the period ends (ISO/IEC 17065:2012
7.10: changes affecting certification — the body verifies conformity to the changed requirements).
This module reads references; what to do with the certificates is the app's.

A reference is ``<document>:<edition>``: the edition is what follows the first colon after the
document number (the year, with amendments such as ``2016+A11:2018``). A reference without a colon
names no edition.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
#: a reference: document, optionally ``:edition``, optionally a parenthesised remark
_REFERENCE = re.compile(r"^(?P<document>[^:()]+?)\s*(?::\s*(?P<edition>[^()\s]+))?\s*(?:\(.*\))?$")


def normalise(document: str) -> str:
    """A document number compared without case and with single spaces.

    >>> normalise("  iec  60335-1 ")
    'IEC 60335-1'
    """
    return _SPACE.sub(" ", document.strip()).upper()


def split_reference(reference: str) -> tuple[str, str]:
    """(document, edition) of a reference; the edition is '' when the reference names none.

    >>> split_reference("EN 60335-2-15:2016+A11:2018")
    ('EN 60335-2-15', '2016+A11:2018')
    >>> split_reference("IEC 60335-1 (example product standard)")
    ('IEC 60335-1', '')
    >>> split_reference("ISO 9001:2015")
    ('ISO 9001', '2015')
    """
    text = reference.strip()
    match = _REFERENCE.match(text)
    if match is None:
        document, _sep, edition = text.partition(":")
        return document.strip(), edition.strip()
    return match["document"].strip(), (match["edition"] or "").strip()


def on_replaced_edition(reference: str, document: str, old_edition: str, new_edition: str) -> bool:
    """Whether ``reference`` is to ``document`` on an edition that ``new_edition`` replaces: the
    ``old_edition`` named, or — when no old edition is named — any edition but the new one
    (including a reference that names no edition, which cannot show it is on the new one).

    >>> on_replaced_edition("EN 60335-2-15:2016", "en 60335-2-15", "2016", "2024")
    True
    >>> on_replaced_edition("EN 60335-2-15:2024", "EN 60335-2-15", "", "2024")
    False
    >>> on_replaced_edition("EN 60335-2-15", "EN 60335-2-15", "", "2024")
    True
    >>> on_replaced_edition("EN 60335-1:2012", "EN 60335-2-15", "", "2024")
    False
    """
    doc, edition = split_reference(reference)
    if normalise(doc) != normalise(document):
        return False
    if old_edition.strip():
        return edition == old_edition.strip()
    return edition != new_edition.strip()
