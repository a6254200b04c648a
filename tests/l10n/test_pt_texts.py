"""PT method lines and score labels are read in the page's language (issue 13)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from casys.core.proficiency import assigned_value as av
from casys.core.proficiency import sigma_pt as sp
from casys.proficiency.texts import method_line, score_label, score_title

RESULTS = [10.1, 10.3, 9.8, 10.0, 10.4, 9.9, 10.2]


def _core_lines() -> list[str]:
    return [
        av.formulation(12.5, 0.05).method,
        av.consensus(RESULTS)[0].method,
        av.consensus(RESULTS, "q-hampel")[0].method,
        av.given(3.0, 0.0).method,
        sp.prescribed(0.5).source,
        sp.from_robust_sd(0.2, "algorithm-a").source,
        sp.thompson_horwitz(0.001).source,
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["consensus des participants, algorithme A", "écart-type robuste s* (algorithme A)", "fixé"]),
        (
            "ru",
            ["консенсусное значение участников, алгоритм A", "робастное стандартное отклонение", "Q/Хампель"],
        ),
    ],
)
def test_every_method_line_of_the_engine_is_translated(language: str, expected: list[str]) -> None:
    lines = _core_lines()
    with translation.override(language):
        shown = [method_line(line) for line in lines]
    assert [line for line, out in zip(lines, shown, strict=True) if line == out] == []
    for text in expected:
        assert any(text in out for out in shown), (text, shown)


@pytest.mark.parametrize(("language", "title"), [("fr", "score z′"), ("ru", "оценка z′"), ("en", "z′ score")])
def test_score_labels_show_the_symbol_not_the_code(language: str, title: str) -> None:
    with translation.override(language):
        assert score_title("zprime") == title
        assert score_label("zeta") == "ζ"
        page = Template("{% load pt_texts %}{{ k|score_label }} · {{ m|pt_method }}").render(
            Context({"k": "en", "m": "prescribed (ISO 13528:2022, 8.2)"})
        )
    assert "zprime" not in page and page.startswith("En · ")
    if language == "ru":
        assert "установлено заранее" in page
