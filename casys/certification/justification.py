"""The audit-time justification read in the reader's language.

``casys.core.audit_time`` and ``casys.core.multisite`` stay pure and write their
justification lines in English; the application stores them as they were
written (they are the record of the review). This module recognises each line
the engine writes and gives it back translated, with its numbers in the
language's decimal format; a line it does not recognise (a table's own note) is
shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

_N = r"-?\d+(?:\.\d+)?"


def _num(text: str) -> str:
    try:
        return number_format(Decimal(text))
    except InvalidOperation:
        return text


def _kind(kind: str) -> str:
    return {
        "full-time": pgettext("personnel", "full-time"),
        "shift": pgettext("personnel", "shift workers"),
        "temporary": pgettext("personnel", "temporary"),
    }.get(kind, kind)


def _complexity(category: str) -> str:
    return {
        "high": pgettext("complexity", "high"),
        "medium": pgettext("complexity", "medium"),
        "low": pgettext("complexity", "low"),
        "limited": pgettext("complexity", "limited"),
        "negligible": pgettext("complexity", "negligible"),
    }.get(category, category)


def _audit(audit: str) -> str:
    return {
        "initial": pgettext("audit", "initial audit"),
        "surveillance": pgettext("audit", "surveillance"),
        "recertification": pgettext("audit", "recertification"),
    }.get(audit, audit)


def _sum(text: str) -> str:
    return " + ".join(_num(p.strip()) for p in text.split("+"))


Rule = tuple[re.Pattern[str], Callable[[dict[str, str]], str]]


def food_category_title(letter: str, title: str) -> str:
    """The ISO/TS 22003-1 food chain category's title in the reader's language."""
    return {
        "A": pgettext("food chain category", "Farming of animals"),
        "B": pgettext("food chain category", "Farming of plants"),
        "C": pgettext("food chain category", "Food manufacturing"),
        "D": pgettext("food chain category", "Animal feed production"),
        "E": pgettext("food chain category", "Catering / food service"),
        "F": pgettext("food chain category", "Trading, retail and e-commerce"),
        "G": pgettext("food chain category", "Transport and storage services"),
        "H": pgettext("food chain category", "Services"),
        "I": pgettext("food chain category", "Production of food packaging and packaging material"),
        "J": pgettext("food chain category", "Equipment manufacturing"),
        "K": pgettext("food chain category", "Production of (bio)chemicals"),
    }.get(letter, title)


_SHARES = r"\(IAF MD 5:2019 shares, casys default for (?P<doc>[^)]+)\)"

#: The lines of the sector methods (casys.core.audit_time_methods: ISO/TS 22003-1, ISO/IEC 27006-1).
SECTOR_RULES: list[Rule] = [
    (
        re.compile(
            rf"^(?P<source>.+), row (?P<band>\d+-\d+) persons doing work under the organization's control: "
            rf"(?P<T>{_N}) auditor-days \(stage 1 \+ stage 2, ISO/IEC 27006-1\)$"
        ),
        lambda g: (
            _(
                "%(source)s, row %(band)s persons doing work under the organization's control: "
                "%(T)s auditor-days (stage 1 + stage 2, ISO/IEC 27006-1)"
            )
            % {"source": g["source"], "band": g["band"], "T": _num(g["T"])}
        ),
    ),
    (
        re.compile(rf"^TD, category (?P<cat>[A-K]) \((?P<title>.+)\): (?P<d>{_N})$"),
        lambda g: (
            _("TD, category %(cat)s (%(title)s): %(d)s")
            % {"cat": g["cat"], "title": food_category_title(g["cat"], g["title"]), "d": _num(g["d"])}
        ),
    ),
    (
        re.compile(rf"^TH, (?P<n>\d+) HACCP studies beyond the first x (?P<each>{_N}) = (?P<th>{_N})$"),
        lambda g: (
            _("TH, %(n)s HACCP studies beyond the first x %(each)s = %(th)s")
            % {"n": g["n"], "each": _num(g["each"]), "th": _num(g["th"])}
        ),
    ),
    (
        re.compile(r"^TMS, relevant certified management system in place: 0$"),
        lambda g: _("TMS, relevant certified management system in place: 0"),
    ),
    (
        re.compile(rf"^TMS, no relevant certified management system: (?P<d>{_N})$"),
        lambda g: _("TMS, no relevant certified management system: %(d)s") % {"d": _num(g["d"])},
    ),
    (
        re.compile(
            rf"^TFTE, (?P<n>\d+) full-time-equivalent employees \(band (?P<band>\d+-\d*)\): (?P<d>{_N})$"
        ),
        lambda g: (
            _("TFTE, %(n)s full-time-equivalent employees (band %(band)s): %(d)s")
            % {"n": g["n"], "band": g["band"], "d": _num(g["d"])}
        ),
    ),
    (
        re.compile(
            rf"^Ts = TD \+ TH \+ TMS \+ TFTE = (?P<ts>{_N}) auditor-days "
            r"\(ISO/TS 22003-1:2022; values: (?P<source>.+)\)$"
        ),
        lambda g: (
            _("Ts = TD + TH + TMS + TFTE = %(ts)s auditor-days (ISO/TS 22003-1:2022; values: %(source)s)")
            % {"ts": _num(g["ts"]), "source": g["source"]}
        ),
    ),
    (
        re.compile(
            rf"^(?P<n>\d+) additional site\(s\) x (?P<share>{_N}) x Ts = (?P<extra>{_N}); total (?P<T>{_N})$"
        ),
        lambda g: (
            _("%(n)s additional site(s) x %(share)s x Ts = %(extra)s; total %(T)s")
            % {"n": g["n"], "share": _num(g["share"]), "extra": _num(g["extra"]), "T": _num(g["T"])}
        ),
    ),
    (
        re.compile(rf"^raised to the minimum audit time of the table: (?P<d>{_N})$"),
        lambda g: _("raised to the minimum audit time of the table: %(d)s") % {"d": _num(g["d"])},
    ),
    (
        re.compile(rf"^surveillance 1/3 x (?P<initial>{_N}) = (?P<days>{_N}) per year {_SHARES}$"),
        lambda g: (
            _(
                "surveillance 1/3 x %(initial)s = %(days)s per year "
                "(IAF MD 5:2019 shares, casys default for %(doc)s)"
            )
            % {"initial": _num(g["initial"]), "days": _num(g["days"]), "doc": g["doc"]}
        ),
    ),
    (
        re.compile(rf"^recertification 2/3 x (?P<initial>{_N}) = (?P<days>{_N}) {_SHARES}$"),
        lambda g: (
            _(
                "recertification 2/3 x %(initial)s = %(days)s "
                "(IAF MD 5:2019 shares, casys default for %(doc)s)"
            )
            % {"initial": _num(g["initial"]), "days": _num(g["days"]), "doc": g["doc"]}
        ),
    ),
    (
        re.compile(rf"^on-site time at least 80 % = (?P<days>{_N}) auditor-days {_SHARES}$"),
        lambda g: (
            _(
                "on-site time at least 80 %% = %(days)s auditor-days "
                "(IAF MD 5:2019 shares, casys default for %(doc)s)"
            )
            % {"days": _num(g["days"]), "doc": g["doc"]}
        ),
    ),
]

RULES: list[Rule] = [
    (
        re.compile(
            r"^complexity category '(?P<category>[\w-]+)': (?P<source>.+) has one column; "
            r"the category is reflected in the documented adjustments$"
        ),
        lambda g: (
            _(
                "complexity category %(category)s: %(source)s has one column; "
                "the category is reflected in the documented adjustments"
            )
            % {"category": _complexity(g["category"]), "source": g["source"]}
        ),
    ),
    (
        re.compile(
            r"^(?P<count>\d+) (?P<kind>full-time|shift|temporary) counted in full \(IAF MD 5:2019 2\.3\)$"
        ),
        lambda g: (
            _("%(kind)s: %(count)s, counted in full (IAF MD 5:2019 2.3)")
            % {"kind": _kind(g["kind"]), "count": g["count"]}
        ),
    ),
    (
        re.compile(
            rf"^(?P<count>\d+) part-time x (?P<hours>{_N}) h / (?P<full>{_N}) h = (?P<eq>{_N}) "
            r"full-time equivalent \(IAF MD 5:2019 2\.3\)$"
        ),
        lambda g: (
            _(
                "part-time: %(count)s x %(hours)s h / %(full)s h = %(eq)s full-time "
                "equivalent (IAF MD 5:2019 2.3)"
            )
            % {"count": g["count"], "hours": _num(g["hours"]), "full": _num(g["full"]), "eq": _num(g["eq"])}
        ),
    ),
    (
        re.compile(
            r"^(?P<count>\d+) performing similar simple repetitive tasks counted as (?P<counted>\d+): "
            r"(?P<reason>.*) \(IAF MD 5:2019 2\.3\)$"
        ),
        lambda g: (
            _(
                "similar simple repetitive tasks: %(count)s, counted as %(counted)s: "
                "%(reason)s (IAF MD 5:2019 2.3)"
            )
            % g
        ),
    ),
    (
        re.compile(r"^effective number of personnel n = (?P<n>\d+)$"),
        lambda g: _("effective number of personnel n = %(n)s") % g,
    ),
    (
        re.compile(
            rf"^(?P<source>.+), row (?P<band>\d+-\d+) persons(?:, (?P<column>[\w-]+))?: (?P<T>{_N}) "
            r"auditor-days \(stage 1 \+ stage 2\)$"
        ),
        lambda g: (
            (
                _("%(source)s, row %(band)s persons, %(column)s: %(T)s auditor-days (stage 1 + stage 2)")
                if g["column"]
                else _("%(source)s, row %(band)s persons: %(T)s auditor-days (stage 1 + stage 2)")
            )
            % {
                "source": g["source"],
                "band": g["band"],
                "column": _complexity(g["column"] or ""),
                "T": _num(g["T"]),
            }
        ),
    ),
    (
        re.compile(rf"^adjustment (?P<pct>[+]?{_N}) %: (?P<reason>.*)$"),
        lambda g: (
            _("adjustment %(pct)s %%: %(reason)s")
            % {
                "pct": ("+" if g["pct"].startswith("+") else "") + _num(g["pct"].lstrip("+")),
                "reason": g["reason"],
            }
        ),
    ),
    (
        re.compile(
            rf"^initial audit time (?P<T>{_N}) x \(1 (?P<sign>[+-]) (?P<pct>{_N}) %\) = (?P<exact>{_N}), "
            rf"rounded to the nearest half day: (?P<initial>{_N}) \(IAF MD 5:2019 2\.2\)$"
        ),
        lambda g: (
            _(
                "initial audit time %(T)s x (1 %(sign)s %(pct)s %%) = %(exact)s, "
                "rounded to the nearest half day: %(initial)s (IAF MD 5:2019 2.2)"
            )
            % {k: (v if k == "sign" else _num(v)) for k, v in g.items()}
        ),
    ),
    (
        re.compile(
            rf"^stage 1 (?P<s1>{_N}) \+ stage 2 (?P<s2>{_N}) \(stage 1 share (?P<share>{_N}) %: "
            r"certification-body policy, not IAF MD 5\)$"
        ),
        lambda g: (
            _(
                "stage 1 %(s1)s + stage 2 %(s2)s (stage 1 share %(share)s %%: "
                "certification-body policy, not IAF MD 5)"
            )
            % {k: _num(v) for k, v in g.items()}
        ),
    ),
    (
        re.compile(rf"^surveillance 1/3 x (?P<initial>{_N}) = (?P<days>{_N}) per year \(IAF MD 5:2019\)$"),
        lambda g: (
            _("surveillance 1/3 x %(initial)s = %(days)s per year (IAF MD 5:2019)")
            % {k: _num(v) for k, v in g.items()}
        ),
    ),
    (
        re.compile(rf"^recertification 2/3 x (?P<initial>{_N}) = (?P<days>{_N}) \(IAF MD 5:2019\)$"),
        lambda g: (
            _("recertification 2/3 x %(initial)s = %(days)s (IAF MD 5:2019)")
            % {k: _num(v) for k, v in g.items()}
        ),
    ),
    (
        re.compile(rf"^on-site time at least 80 % = (?P<days>{_N}) auditor-days \(IAF MD 5:2019\)$"),
        lambda g: (
            _("on-site time at least 80 %% = %(days)s auditor-days (IAF MD 5:2019)")
            % {"days": _num(g["days"])}
        ),
    ),
    *SECTOR_RULES,
    (
        re.compile(rf"^IAF MD 11:2019 2\.2: T = (?P<parts>[\d. +]+) = (?P<T>{_N})$"),
        lambda g: (
            _("IAF MD 11:2019 2.2: T = %(parts)s = %(T)s") % {"parts": _sum(g["parts"]), "T": _num(g["T"])}
        ),
    ),
    (
        re.compile(
            rf"^integration reduction -(?P<pct>{_N}) %: (?P<reason>.*) \(IAF MD 11:2019 2\.2, at most 20 %\)$"
        ),
        lambda g: (
            _("integration reduction -%(pct)s %%: %(reason)s (IAF MD 11:2019 2.2, at most 20 %%)")
            % {"pct": _num(g["pct"]), "reason": g["reason"]}
        ),
    ),
    (
        re.compile(rf"^(?P<standards>.+): (?P<days>{_N}) auditor-days$"),
        lambda g: (
            _("%(standards)s: %(days)s auditor-days") % {"standards": g["standards"], "days": _num(g["days"])}
        ),
    ),
    (
        re.compile(
            r"^x = (?P<x>\d+) sites besides the central function; (?P<audit>\w+): y = (?:(?P<f>[\d.]+) x )?"
            r"sqrt\((?P=x)\) rounded up = (?P<y>\d+) \(IAF MD 1:2018 6\.1\)$"
        ),
        lambda g: (
            (
                _(
                    "x = %(x)s sites besides the central function; %(audit)s: y = %(f)s x "
                    "sqrt(%(x)s) rounded up = %(y)s (IAF MD 1:2018 6.1)"
                )
                if g["f"]
                else _(
                    "x = %(x)s sites besides the central function; %(audit)s: y = sqrt(%(x)s) "
                    "rounded up = %(y)s (IAF MD 1:2018 6.1)"
                )
            )
            % {"x": g["x"], "audit": _audit(g["audit"]), "f": _num(g["f"] or "1"), "y": g["y"]}
        ),
    ),
    (
        re.compile(rf"^risk increase \+(?P<pct>{_N}) %: (?P<a>\d+) -> (?P<b>\d+) \(rounded up, at most x\)$"),
        lambda g: (
            _("risk increase +%(pct)s %%: %(a)s -> %(b)s (rounded up, at most x)")
            % {**g, "pct": _num(g["pct"])}
        ),
    ),
    (
        re.compile(r"^the central function is audited in addition \(IAF MD 1:2018\)$"),
        lambda g: _("the central function is audited in addition (IAF MD 1:2018)"),
    ),
]


def translate_line(line: str) -> str:
    """One justification line in the active language (as written if the engine's wording is unknown)."""
    for pattern, render in RULES:
        match = pattern.match(line)
        if match:
            return render(match.groupdict())
    return line


def translate_lines(lines: Iterable[str]) -> list[str]:
    return [translate_line(line) for line in lines]
