"""The justification of the sector audit-time methods (ISO/TS 22003-1, ISO/IEC 27006-1) is read in
the page's language like IAF MD 5's (casys.certification.justification.SECTOR_RULES)."""

from __future__ import annotations

import pytest
from django.utils import translation

from casys.certification.justification import translate_lines
from casys.core import audit_time as at
from casys.core.audit_time_methods import Inputs, determine


def _lines() -> list[str]:
    tables = at.default_tables().with_table(at.example_table("iso22003-1"))
    tables = tables.with_table(at.example_table("iso27006-1"))
    food = determine(
        "iso22003-1", "iso22003-1", tables, Inputs(n=60, category="C", haccp_studies=2, additional_sites=1)
    )
    small = determine("iso22003-1", "iso22003-1", tables, Inputs(n=5, category="A", relevant_ms=True))
    isms = determine(
        "iso27006-1", "iso27006-1", tables, Inputs(n=80, factors=[at.Adjustment(10, "IT environment: cloud")])
    )
    return [*food.lines, *small.lines, *isms.lines]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Fabrication de denrées alimentaires", "études HACCP", "salariés en équivalent temps plein",
                "personnes effectuant un travail sous le contrôle de l'organisme", "3,25"]),
        ("ru", ["Производство пищевых продуктов", "исследований ХАССП", "эквиваленте полной занятости",
                "выполняющих работу под управлением организации", "3,25"]),
    ],
)  # fmt: skip
def test_every_sector_justification_line_is_translated(language: str, words: list[str]) -> None:
    lines = _lines()
    with translation.override(language):
        shown = translate_lines(lines)
    assert [line for line, out in zip(lines, shown, strict=True) if line == out] == []
    text = "\n".join(shown)
    for word in words:
        assert word in text
