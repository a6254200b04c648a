"""The audit-time justification is read in the page's language (issue 13)."""

from __future__ import annotations

import pytest
from django.utils import translation

from casys.certification.justification import translate_line, translate_lines
from casys.core import audit_time as at
from casys.core.multisite import sample_size


def _lines() -> list[str]:
    eff = at.effective_personnel(
        [
            at.PersonnelGroup("full-time", 100),
            at.PersonnelGroup("part-time", 10, hours=20),
            at.PersonnelGroup("repetitive", 30, counted_as=10, reason="assembly line"),
        ]
    )
    tables = at.default_tables()
    parts = [
        at.initial_audit_time(
            tables.table("qms"), eff.n, "medium", [at.Adjustment(-10, "low risk")], standard="ISO 9001:2015"
        ),
        at.initial_audit_time(tables.table("ems"), eff.n, "medium", standard="ISO 14001:2015"),
    ]
    integrated = at.integrated_audit_time(parts, 10, "one management system")
    lines = [*eff.lines, *parts[0].lines, *integrated.lines]
    lines.extend(sample_size(9, "initial", risk_increase=20).lines)
    return lines


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            [
                "effectif pris en compte n = ",
                "jours-auditeur",
                "arrondie à la demi-journée",
                "fonction centrale",
            ],
        ),
        (
            "ru",
            [
                "эффективная численность персонала n = ",
                "человеко-дней аудитора",
                "надзор",
                "центральная функция",
            ],
        ),
    ],
)
def test_every_justification_line_is_translated(language: str, words: list[str]) -> None:
    lines = _lines()
    with translation.override(language):
        shown = translate_lines(lines)
    untranslated = [line for line, out in zip(lines, shown, strict=True) if line == out]
    assert untranslated == []
    text = "\n".join(shown)
    for word in words:
        assert word in text
    assert "7,5" in text or ",5" in text  # half days with the language's decimal comma


def test_an_unknown_line_is_shown_as_written() -> None:
    with translation.override("fr"):
        assert translate_line("a note of the table") == "a note of the table"
