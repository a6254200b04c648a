"""PT method lines and score labels in the reader's language.

``casys.core.proficiency`` stays pure and names the way x_pt and σpt were
obtained in English (the evaluation stores these lines as its record); pages
show them through :func:`method_line`. Score kinds are stored as codes
(``z``, ``zprime``, ``zeta``, ``en``); people read :func:`score_label`.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

#: The method lines of casys.core.proficiency.assigned_value and .sigma_pt, word for word.
_FIXED = {
    "given by the provider": lambda: _("given by the provider"),
    "formulation (ISO 13528:2022, 7.3)": lambda: _("formulation (ISO 13528:2022, 7.3)"),
    "certified reference value (ISO 13528:2022, 7.4)": lambda: _(
        "certified reference value (ISO 13528:2022, 7.4)"
    ),
    "expert laboratories (ISO 13528:2022, 7.6)": lambda: _("expert laboratories (ISO 13528:2022, 7.6)"),
    "prescribed (ISO 13528:2022, 8.2)": lambda: _("prescribed (ISO 13528:2022, 8.2)"),
    "Horwitz function (ISO 13528:2022, 8.4)": lambda: _("Horwitz function (ISO 13528:2022, 8.4)"),
    "Horwitz function with Thompson's modification (Analyst 125 (2000) 385; ISO 13528:2022, 8.4)": lambda: _(
        "Horwitz function with Thompson's modification (Analyst 125 (2000) 385; ISO 13528:2022, 8.4)"
    ),
    "earlier rounds (ISO 13528:2022, 8.3)": lambda: _("earlier rounds (ISO 13528:2022, 8.3)"),
    "precision experiment (ISO 13528:2022, 8.5)": lambda: _("precision experiment (ISO 13528:2022, 8.5)"),
}
_CONSENSUS = re.compile(r"^consensus of participants, (?P<method>[\w-]+) \(ISO 13528:2022, 7\.7\)$")
_ROBUST_SD = re.compile(
    r"^robust standard deviation s\* \((?P<method>[\w-]+)\) of the round \(ISO 13528:2022, 8\.6\)$"
)


def estimator(method: str) -> str:
    """A robust estimator's name (``algorithm-a`` → ``Algorithm A``)."""
    return {
        "algorithm-a": pgettext("robust estimator", "Algorithm A"),
        "q-hampel": pgettext("robust estimator", "Q/Hampel"),
        "median": pgettext("robust estimator", "median and MADe"),
    }.get(method, method)


def method_line(text: str) -> str:
    """How x_pt or σpt was obtained, in the active language (as stored if the wording is unknown)."""
    if text in _FIXED:
        return _FIXED[text]()
    match = _CONSENSUS.match(text)
    if match:
        return _("consensus of participants, %(method)s (ISO 13528:2022, 7.7)") % {
            "method": estimator(match["method"])
        }
    match = _ROBUST_SD.match(text)
    if match:
        return _("robust standard deviation s* (%(method)s) of the round (ISO 13528:2022, 8.6)") % {
            "method": estimator(match["method"])
        }
    return text


def score_label(kind: str) -> str:
    """The score's symbol as ISO 13528 writes it (``zprime`` → ``z′``)."""
    return {"z": "z", "zprime": "z′", "z'": "z′", "zeta": "ζ", "en": "En", "En": "En"}.get(kind, kind)


def score_title(kind: str) -> str:
    """``z′ score``, ``score z′``, ``индекс z′``: the label of a score axis or column."""
    return _("%(kind)s score") % {"kind": score_label(kind)}
