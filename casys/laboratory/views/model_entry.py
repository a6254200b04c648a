"""Record a result from a measurement model entered row by row (one row per input quantity).

No JavaScript: "Add a row" and each row's "Remove" are submit buttons that redraw the form
with everything typed; "Show as TOML" opens the expert view with the model the rows make.
The result is recorded through the same service, from the same model file, as the TOML view.
"""

from __future__ import annotations

import tomllib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casys.accounts.models import Body
from casys.auditlog.services import Actor
from casys.clock import today
from casys.laboratory import jobs as lab_jobs
from casys.laboratory.forms import InputRowFormSet, MeasurementForm, ResultForm
from casys.laboratory.models import TestMethod, UncertaintySource
from casys.laboratory.services import LabInputError
from casys.laboratory.services.model_entry import SYMMETRIC, InputRow, RowError, model_toml
from casys.laboratory.services.results import record_result
from casys.laboratory.views.common import ANALYSTS, add_service_error, lab_for
from casys.laboratory.views.results import queue_mcm

PREFIX = "row"
ROW_FIELDS = (
    "name",
    "value",
    "readings",
    "distribution",
    "u",
    "half_width",
    "beta",
    "d",
    "dof",
    "unit",
    "source",
)


def _rows_from_model(text: str) -> list[dict[str, Any]]:
    """Rows to start from: the inputs of a method's model file (best effort; the TOML view is exact)."""
    try:
        inputs = tomllib.loads(text).get("inputs", {})
    except tomllib.TOMLDecodeError:
        return []
    rows = []
    for name, t in inputs.items():
        kind = t.get("distribution", "normal")
        row: dict[str, Any] = {"name": name, "distribution": kind, "dof": t.get("dof")}
        if kind in SYMMETRIC:
            row.update(value=(t["low"] + t["high"]) / 2, half_width=(t["high"] - t["low"]) / 2)
            row.update(beta=t.get("beta"), d=t.get("d"))
        elif kind == "gamma":
            row.update(value=t["shape"] * t["scale"], u=t["shape"] ** 0.5 * t["scale"])
        else:
            row.update(value=t.get("mean"), u=t.get("std", t.get("scale")))
        rows.append(row)
    return rows


def _redrawn(data: QueryDict, drop: int | None, add: bool) -> list[dict[str, str]]:
    """The rows as typed, with row ``drop`` taken out and/or an empty row added."""
    total = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", "0") or 0), 50)
    rows = [{f: data.get(f"{PREFIX}-{i}-{f}", "") for f in ROW_FIELDS} for i in range(total) if i != drop]
    if add and len(rows) < 50:
        rows.append({"distribution": "normal"})
    return rows or [{"distribution": "normal"}]


def _input_row(cleaned: dict[str, Any]) -> InputRow:
    return InputRow(
        name=cleaned.get("name", ""),
        distribution=cleaned.get("distribution") or "normal",
        value=cleaned.get("value"),
        readings=cleaned.get("readings") or (),
        u=cleaned.get("u"),
        half_width=cleaned.get("half_width"),
        beta=cleaned.get("beta"),
        d=cleaned.get("d"),
        dof=cleaned.get("dof"),
        unit=cleaned.get("unit", ""),
        source=cleaned.get("source", ""),
    )


def _put_error(form: MeasurementForm, rows: Any, exc: LabInputError) -> None:
    if isinstance(exc, RowError) and 0 < exc.row <= len(rows.forms):
        row_form = rows.forms[exc.row - 1]
        field = exc.row_field if exc.row_field in row_form.fields else None
        row_form.add_error(field, exc.message)
        label = row_form.fields[field].label if field else ""
        where = _("Input quantity %(n)s") % {"n": exc.row}
        form.add_error(None, f"{where}, {label}: {exc.message}" if label else f"{where}: {exc.message}")
    else:
        add_service_error(form, exc)


@login_required
def result_from_inputs(request: HttpRequest, slug: str) -> HttpResponse:
    lab = lab_for(slug, *ANALYSTS)
    methods = TestMethod.objects.filter(body=lab, uncertainty_source=UncertaintySource.MODEL).order_by("code")
    customers = Body.objects.filter(managed_by=lab).order_by("name")
    data = request.POST if request.method == "POST" else None
    if data is not None and ("add_row" in data or "remove_row" in data):
        drop = data.get("remove_row")
        # a redraw shows what was typed, unbound: no errors while the analyst is still typing
        typed = _redrawn(data, int(drop) if drop and drop.isdigit() else None, "add_row" in data)
        form = MeasurementForm(
            customers=customers,
            methods=methods,
            initial={k: data.get(k, "") for k in MeasurementForm.base_fields},
        )
        return _page(request, lab, form, InputRowFormSet(prefix=PREFIX, initial=typed))
    initial: dict[str, Any] = {"measured_on": today(), "trials": 100_000}
    chosen = methods.filter(code=request.GET.get("method", "")).first()
    start: list[dict[str, Any]] = [{"distribution": "normal"}]
    if chosen is not None:
        initial["method"] = chosen
        start = _rows_from_model(chosen.model_toml) or start
        try:
            initial["expression"] = tomllib.loads(chosen.model_toml)["model"]["expression"]
        except (tomllib.TOMLDecodeError, KeyError, TypeError):
            pass
    form = MeasurementForm(data, customers=customers, methods=methods, initial=initial)
    rows = InputRowFormSet(data, prefix=PREFIX, initial=start)
    if data is None:
        return _page(request, lab, form, rows)
    if not (form.is_valid() and rows.is_valid()):
        return _page(request, lab, form, rows)
    c = form.cleaned_data
    try:
        text = model_toml(
            c["expression"], [_input_row(r) for r in rows.cleaned_data], c["coverage_probability"]
        )
        if "as_toml" in data:
            return _toml_view(request, lab, c, text, customers, methods)
        if lab_jobs.goes_to_worker(c["mcm_seed"], c["trials"]):
            keep = ("method", "customer", "sample", "measured_on", "mcm_seed", "trials")
            return queue_mcm(request, lab, {**{k: c[k] for k in keep}, "model_toml": text})
        result = record_result(
            lab,
            actor=Actor.from_request(request),
            method=c["method"],
            customer=c["customer"],
            sample=c["sample"],
            measured_on=c["measured_on"],
            model_toml=text,
            mcm_seed=c["mcm_seed"],
            trials=c["trials"] or 100_000,
        )
    except LabInputError as exc:
        _put_error(form, rows, exc)
        return _page(request, lab, form, rows)
    messages.success(request, _("The result was recorded."))
    return redirect("laboratory:result-detail", slug=lab.slug, pk=result.pk)


def _page(request: HttpRequest, lab: Body, form: Any, rows: Any) -> HttpResponse:
    return render(request, "laboratory/result_inputs.html", {"lab": lab, "form": form, "rows": rows})


def _toml_view(
    request: HttpRequest, lab: Body, c: dict[str, Any], text: str, customers: Any, methods: Any
) -> HttpResponse:
    """The expert view with the model the rows make (nothing recorded yet)."""
    keep = ("method", "customer", "sample", "measured_on", "mcm_seed", "trials")
    form = ResultForm(
        customers=customers, methods=methods, initial={**{k: c[k] for k in keep}, "model_toml": text}
    )
    return render(request, "laboratory/result_form.html", {"lab": lab, "form": form})
