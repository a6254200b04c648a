"""Russian plurals take their three forms (1 день, 2 дня, 5 дней, 21 день) everywhere (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext, npgettext

import casys

CATALOGUES = sorted(Path(casys.__file__).parent.glob("**/locale/ru/LC_MESSAGES/django.po"))


def _plurals() -> list[tuple[str | None, str, str, tuple[str, ...]]]:
    found = []
    for path in CATALOGUES:
        with path.open("rb") as f:
            for m in read_po(f, locale="ru"):
                if m.pluralizable and m.id[0]:
                    found.append((m.context, m.id[0], m.id[1], tuple(m.string)))
    return found


def _render(context: str | None, singular: str, plural: str, n: int) -> str:
    if context:
        return npgettext(context, singular, plural, n)
    return ngettext(singular, plural, n)


@pytest.mark.parametrize(("context", "singular", "plural", "forms"), _plurals())
def test_every_russian_plural_has_the_one_few_and_many_forms(
    context: str | None, singular: str, plural: str, forms: tuple[str, ...]
) -> None:
    """1 and 21 take the first form (день), 2 the second (дня), 5 the third (дней)."""
    assert len(forms) >= 3 and all(forms[:3])
    with translation.override("ru"):
        shown = [_render(context, singular, plural, n) for n in (1, 2, 5, 21)]
    assert shown == [forms[0], forms[1], forms[2], forms[0]]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 человеко-день аудитора"),
        (2, "2 человеко-дня аудитора"),
        (5, "5 человеко-дней аудитора"),
        (21, "21 человеко-день аудитора"),
        (7.5, "7,5 человеко-дня аудитора"),
    ],
)
def test_auditor_days_in_russian(n: float, expected: str) -> None:
    with translation.override("ru"):
        assert Template("{% load auditor_days %}{{ n|auditor_days }}").render(Context({"n": n})) == expected


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("fr", 1.5, "1,5 jour-auditeur"),
        ("fr", 7.5, "7,5 jours-auditeur"),
        ("en", 1.5, "1.5 auditor-days"),
        ("en", 1, "1 auditor-day"),
    ],
)
def test_auditor_days_with_fractions(language: str, n: float, expected: str) -> None:
    with translation.override(language):
        assert Template("{% load auditor_days %}{{ n|auditor_days }}").render(Context({"n": n})) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "остался 1 день"), (2, "осталось 2 дня"), (5, "осталось 5 дней"), (21, "остался 21 день")],
)
def test_days_left_on_the_dashboard_in_russian(n: int, expected: str) -> None:
    template = Template(
        "{% load i18n %}{% blocktranslate count n=n %}{{ n }} day left"
        "{% plural %}{{ n }} days left{% endblocktranslate %}"
    )
    with translation.override("ru"):
        assert template.render(Context({"n": n})) == expected
