"""Acceptance sampling by attributes (ISO 2859-1 / MIL-STD-105E): the plan and its OC curve."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from casys.accounts.services.bodies import STAFF_KINDS, body_for
from casys.charts.measurement import oc_chart
from casys.core.sampling import SamplingTableError, double_plan, oc_curve, single_plan
from casys.core.sampling.characteristics import characteristics
from casys.laboratory.forms import SamplingForm


@login_required
def sampling(request: HttpRequest, slug: str) -> HttpResponse:
    # any body inspects by attributes: laboratories, inspection and certification bodies (not a client)
    body = body_for(slug, kinds=STAFF_KINDS)
    form = SamplingForm(request.GET if "lot_size" in request.GET else None)
    context: dict[str, Any] = {"lab": body, "form": form}
    if form.is_valid():
        d = form.cleaned_data
        try:
            finder = double_plan if d["double"] else single_plan
            plan = finder(d["lot_size"], d["level"], d["aql"], d["inspection"])
            curve = oc_curve(plan, points=60)
        except SamplingTableError as exc:
            form.add_error(None, str(exc))
        else:
            figures = characteristics(plan)
            context["plan"] = plan
            context["double"] = d["double"]
            context["figures"] = figures
            svg = oc_chart(
                [(pt.p, pt.P_a) for pt in curve],
                title=_("Operating characteristic curve"),
                axis_label=_("percent nonconforming in the lot"),
                pa_label=_("probability of acceptance"),
                marks=[
                    (float(plan.aql) / 100.0, figures.P_a_at_AQL, _("AQL")),
                    (figures.LQ10, 0.10, _("LQ (Pa = 10 %)")),
                ],
            )
            context["oc_svg"] = mark_safe(svg)  # noqa: S308  (built by casys.charts.svg)
    return render(request, "laboratory/sampling.html", context)
