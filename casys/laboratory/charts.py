"""The pictures of a result (budget, Monte Carlo histogram, tolerance interval) from stored numbers."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from casys.charts.measurement import ToleranceLabels, budget_chart, histogram_chart, tolerance_chart
from casys.laboratory.templatetags.lab import like_u


def budget_svg(evaluation: dict[str, Any] | None) -> SafeString | None:
    """Bars of each input's share of u_c² (JCGM 100:2008 budget), or None without a budget."""
    if not evaluation or not evaluation.get("budget"):
        return None
    lines = [(line["name"], float(line["share"])) for line in evaluation["budget"]]
    svg = budget_chart(
        lines, title=_("Uncertainty budget: share of each input"), axis_label=_("share of u²(y), %")
    )
    return mark_safe(svg)  # noqa: S308  (built by casys.charts.svg, which escapes text)


def histogram_svg(mcm: dict[str, Any] | None, unit: str, U: float | None = None) -> SafeString | None:
    """Monte Carlo histogram with the shortest coverage interval, or None without Monte Carlo.

    With ``U`` the interval end points are labelled as the page reports them (like U).
    """
    if not mcm or not mcm.get("histogram"):
        return None
    p = round(float(mcm["p"]) * 100)
    ends = (like_u(mcm["shortest"][0], U), like_u(mcm["shortest"][1], U)) if U else None
    svg = histogram_chart(
        mcm["histogram"]["edges"],
        mcm["histogram"]["counts"],
        interval=(mcm["shortest"][0], mcm["shortest"][1]),
        title=_("Monte Carlo: %(M)s trials, seed %(seed)s") % {"M": mcm["M"], "seed": mcm["seed"]},
        axis_label=unit,
        interval_label=_("shortest %(p)s %% coverage interval") % {"p": p},
        end_labels=ends,
    )
    return mark_safe(svg)  # noqa: S308


def tolerance_svg(row: dict[str, Any], decision: dict[str, Any] | None = None) -> SafeString:
    """The tolerance interval with y ± U and, for a decision, its acceptance zone and guard bands."""
    method = row["method"]
    labels = ToleranceLabels(
        title=(
            _("Result and tolerance interval under %(rule)s") % {"rule": decision["rule_name"]}
            if decision
            else _("Result and tolerance interval")
        ),
        acceptance=_("acceptance zone"),
        guard=_("guard band"),
    )
    svg = tolerance_chart(
        row["y"],
        row["U"],
        method["lower"],
        method["upper"],
        labels=labels,
        unit=method["unit"],
        A_L=decision["A_L"] if decision else None,
        A_U=decision["A_U"] if decision else None,
    )
    return mark_safe(svg)  # noqa: S308


def decorate(row: dict[str, Any]) -> dict[str, Any]:
    """A copy of a result row (report content) with its SVGs attached for a template."""
    computation = row.get("computation") or {}
    evaluation = computation.get("gum") or computation.get("budget")
    out = dict(row)
    out["budget_svg"] = budget_svg(evaluation)
    out["histogram_svg"] = histogram_svg(computation.get("mcm"), row["method"]["unit"], row.get("U"))
    out["decisions"] = [dict(d, svg=tolerance_svg(row, d)) for d in row.get("decisions", [])]
    out["tolerance_svg"] = tolerance_svg(row)
    out["gum"] = computation.get("gum")
    out["mcm"] = computation.get("mcm")
    return out
