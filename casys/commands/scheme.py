"""``casys scheme``: the shipped schemes and the programme each gives a client.

* ``casys scheme list [--json]``: every scheme in ``casys/schemes`` with its standard, object,
  ISO/IEC 17067 type (product schemes) and the kind of body that runs it;
* ``casys scheme show ID [--json]``: its phases and activities, each activity with its ISO/IEC 17067
  Table 1 element; for an inspection scheme (ISO/IEC 17020) its checklist and defect grading.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from casys.core.batch_sampling import BatchSamplingError, batch_sample
from casys.core.sampling import SamplingTableError
from casys.core.scheme_types import ELEMENTS, ROWS, TYPES
from casys.core.schemes import Scheme, SchemeError, available_schemes, load_scheme

#: Who runs a scheme, by the file's ``body`` (a declaration is issued by the manufacturer itself).
KIND_OF_BODY = {
    "certification": "certification_body",
    "inspection": "inspection_body",
    "persons": "persons_body",
}


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _emit(doc: Any) -> None:
    typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def kind_of_body(s: Scheme) -> str:
    """``certification_body``, ``inspection_body``, ``persons_body`` or ``manufacturer`` (first-party
    declaration)."""
    return "manufacturer" if s.attestation.issuer == "manufacturer" else KIND_OF_BODY[s.body]


def summary(s: Scheme) -> dict[str, Any]:
    """One line of ``scheme list``."""
    return {
        "id": s.id,
        "title": s.title,
        "standard": s.standard,
        "normative_document": s.normative_document,
        "object": s.object,
        "scheme_type": s.scheme_type,
        "kind_of_body": kind_of_body(s),
        "attestation": s.attestation.kind,
    }


def _activity(s: Scheme, phase_id: str, activity: str) -> dict[str, Any]:
    element = s.element(phase_id, activity)
    named = {a.activity: a for a in s.activity_elements}.get(activity)
    return {
        "id": activity,
        "title": named.title if named and named.title else activity,
        "element": element,
        "table1_row": ROWS.get(element) if element else None,
        "element_text": ELEMENTS.get(element) if element else None,
        "sampling": named.sampling if named else None,
        "records": s.record_kind(activity),
    }


def _inspection(s: Scheme) -> dict[str, Any] | None:
    plan = s.inspection
    if plan is None:
        return None
    return {
        "method": plan.method,
        "interval_months": plan.interval_months,
        "second_review": plan.second_review,
        "source": plan.source,
        "grading": [
            {"grade": g.grade, "consequence": g.consequence, "within_days": g.within_days}
            for g in plan.grading
        ],
        "checklist": [
            {
                "id": c.id,
                "requirement": c.requirement,
                "text": c.text,
                "kind": c.kind,
                "acceptance": c.acceptance,
                "grade": c.grade,
                "unit": c.unit or None,
                "lower": c.lower,
                "upper": c.upper,
                "decision_rule": c.decision_rule if c.kind == "measured" else None,
                "max_count": c.max_count,
                "by_plan": c.by_plan,
            }
            for c in plan.checklist
        ],
    }


def detail(s: Scheme) -> dict[str, Any]:
    """The document ``scheme show`` prints: the programme a client would get."""
    st = TYPES.get(s.scheme_type) if s.scheme_type else None
    ls = s.lot_sampling
    return {
        **summary(s),
        "scheme_type_clause": f"ISO/IEC 17067:2013 {st.clause}" if st else None,
        "scheme_type_summary": st.summary if st else None,
        "scheme_type_note": s.scheme_type_note or None,
        "issuer": s.attestation.issuer,
        "validity_years": s.attestation.validity_years,
        "licence_to_mark": s.attestation.licence_to_mark,
        "batch_marking": s.attestation.batch_marking,
        "lot_sampling": None
        if ls is None
        else {"plan": ls.plan, "level": ls.level, "aql": ls.aql or None, "severity": ls.severity, "n": ls.n},
        "programme_elements": sorted(s.programme_elements()),
        "phases": [
            {
                "id": p.id,
                "kind": p.kind,
                "every": p.every,
                "before": p.before,
                "decision": p.decision,
                "activities": [_activity(s, p.id, a) for a in p.activities],
            }
            for p in s.phases
        ],
        "inspection": _inspection(s),
        "persons": _persons(s),
        "sources": list(s.sources),
    }


def _persons(s: Scheme) -> dict[str, Any] | None:
    """The ``[persons]`` table of a scheme for persons (ISO/IEC 17024:2012 8)."""
    p = s.persons
    if p is None:
        return None
    return {
        "scopes": list(p.scopes),
        "parts": [
            {"id": x.id, "kind": x.kind, "title": x.title, "pass_percent": x.pass_percent, "items": x.items}
            for x in p.parts
        ],
        "composite_percent": p.composite_percent,
        "blueprint": [{"id": e.id, "title": e.title, "part": e.part, "weight": e.weight} for e in p.elements],
        "validity_years": p.validity_years,
        "recertification": {
            "by": p.recertification.by,
            "cpd_credits": p.recertification.cpd_credits or None,
            "period_years": p.recertification.period_years or None,
        },
    }


def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
    """Every shipped scheme: id, standard, object, ISO/IEC 17067 type, kind of body."""
    try:
        rows = [summary(load_scheme(sid)) for sid in available_schemes()]
    except SchemeError as exc:
        _fail(str(exc))
    if as_json:
        _emit(rows)
        return
    table = Table(title="Schemes")
    for col in ("id", "standard", "object", "17067 type", "kind of body"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"], r["standard"], r["object"], r["scheme_type"] or "", r["kind_of_body"])
    Console().print(table)


def show_cmd(
    scheme_id: str = typer.Argument(..., metavar="ID", help="Scheme id (casys scheme list)."),
    lot_size: int | None = typer.Option(
        None, "--lot-size", help="For a batch scheme: the sample its plan draws from a batch of this size."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """A scheme's phases and activities, each with its ISO/IEC 17067 Table 1 element."""
    try:
        s = load_scheme(scheme_id)
        doc = detail(s)
        if lot_size is not None:
            b = batch_sample(s.lot_sampling, lot_size)
            doc["batch_sample"] = {"lot_size": b.lot_size, "n": b.n, "Ac": b.Ac, "Re": b.Re, "plan": b.plan}
    except (SchemeError, BatchSamplingError, SamplingTableError) as exc:
        _fail(str(exc).replace("lot_size:", "--lot-size:"))
    if as_json:
        _emit(doc)
        return
    console = Console()
    console.print(f"{doc['id']}: {doc['title']} ({doc['standard']}, {doc['kind_of_body']})")
    if doc["scheme_type"]:
        console.print(f"ISO/IEC 17067 type {doc['scheme_type']} ({doc['scheme_type_clause']})")
    table = Table(title="Programme")
    for col in ("phase", "activity", "17067 element", "sampling"):
        table.add_column(col)
    for p in doc["phases"]:
        for a in p["activities"]:
            table.add_row(p["id"], a["title"], a["element"] or "", a["sampling"] or "")
    console.print(table)
    if "batch_sample" in doc:
        b = doc["batch_sample"]
        line = f"batch of {b['lot_size']}: sample {b['n']} ({b['plan']}), accept with at most {b['Ac']}"
        console.print(line, markup=False)
    if doc["inspection"]:
        for c in doc["inspection"]["checklist"]:
            line = f"- [{c['grade']}] {c['text']} ({c['requirement']}): {c['acceptance']}"
            console.print(line, markup=False)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add ``casys scheme`` to the umbrella app."""
    group = typer.Typer(help="Schemes shipped with casys (casys/schemes).", no_args_is_help=True)
    group.command("list")(list_cmd)
    group.command("show")(show_cmd)
    app.add_typer(group, name="scheme")
