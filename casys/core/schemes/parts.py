"""The parts of a scheme file beyond its phases: 17067 elements, lot sampling, the inspection plan,
and the checks that tie them together (17067 Table 1, 17030 marks, first-party declarations).

Every error names the file and the key, e.g.
``x.toml: activity.type-test.element: unknown element 'determination.guesswork' (expected one of: ...)``.
"""

from __future__ import annotations

from typing import Any

from casys.core.inspection.plan import (
    CHECK_KINDS,
    CONSEQUENCES,
    GRADES,
    INSPECTION_OBJECTS,
    CheckItem,
    GradeRule,
    InspectionPlan,
)
from casys.core.sampling import single_plan
from casys.core.scheme_types import (
    IMPLIED_POINT,
    SAMPLING_POINTS,
    SURVEILLANCE,
    TYPES,
    table1_problems,
    unknown_element,
)
from casys.core.schemes.model import (
    LOT_SAMPLING_PLANS,
    ActivityElement,
    LotSampling,
    Phase,
    Scheme,
)
from casys.core.schemes.persons import check_persons, persons_scheme
from casys.core.schemes.reader import Reader, SchemeError

#: Decision rules a measured check may name (casys.core.conformity.decision_rules.Rule).
DECISION_RULES = ("simple", "guarded-acceptance", "guarded-rejection")

#: Phase kinds in which a surveillance element may stand.
_SURVEILLANCE_KINDS = ("surveillance", "special")


def activity_elements(r: Reader | None, phases: tuple[Phase, ...]) -> tuple[ActivityElement, ...]:
    """``[activity.<id>]`` tables: the 17067 element of each activity, per phase where it differs."""
    if r is None:
        return ()
    kinds = {p.id: p.kind for p in phases}
    used_in = {a: [p.id for p in phases if a in p.activities] for p in phases for a in p.activities}
    out = []
    for activity in r.table:
        a = r.sub(activity)
        assert a is not None  # noqa: S101 - present: we iterate its keys
        if activity not in used_in:
            raise r.fail(activity, f"no phase has the activity {activity!r}")
        a.reject_unknown({"element", "sampling", "title"})
        raw = a.get("element", (str, dict))
        by_phase: list[tuple[str, str]] = []
        if isinstance(raw, dict):
            e = a.sub("element")
            assert e is not None  # noqa: S101
            for pid in e.table:
                if pid not in used_in[activity]:
                    raise e.fail(
                        pid,
                        f"the activity is not in a phase {pid!r} (it is in: {', '.join(used_in[activity])})",
                    )
                by_phase.append((pid, _element(e, pid)))
            missing = [p for p in used_in[activity] if p not in e.table]
            if missing:
                raise e.fail(
                    missing[0], "missing key (name the element in every phase that has the activity)"
                )
            default = by_phase[0][1]
        else:
            default = _element(a, "element")
        sampling = a.choice("sampling", SAMPLING_POINTS, "sampling point", None)
        element = ActivityElement(activity, default, tuple(by_phase), sampling, a.get("title", str, ""))
        for pid in used_in[activity]:
            _check_place(a, element, pid, kinds[pid])
        out.append(element)
    return tuple(out)


def _element(r: Reader, name: str) -> str:
    value: str = r.get(name, str)
    problem = unknown_element(value)
    if problem:
        raise r.fail(name, problem)
    return value


def _check_place(r: Reader, a: ActivityElement, phase_id: str, kind: str) -> None:
    element = a.element_in(phase_id)
    field = "element" if not a.by_phase else f"element.{phase_id}"
    if element in SURVEILLANCE and kind not in _SURVEILLANCE_KINDS:
        raise r.fail(field, f"{element!r} is a surveillance element but phase {phase_id!r} is {kind!r}")
    if kind == "surveillance" and element not in SURVEILLANCE and element not in ("selection", "review"):
        raise r.fail(
            field, f"{element!r} in surveillance phase {phase_id!r}: name the surveillance element it is"
        )
    implied = IMPLIED_POINT.get(element)
    if implied and a.sampling not in (None, implied):
        raise r.fail("sampling", f"{element!r} takes its samples from {implied!r}, not {a.sampling!r}")


def lot_sampling(r: Reader | None) -> LotSampling | None:
    """``lot_sampling``: how the sample is drawn from a batch (ISO 2859-1 through casys.core.sampling)."""
    if r is None:
        return None
    r.reject_unknown({"plan", "level", "aql", "severity", "n", "source"})
    plan = r.choice("plan", LOT_SAMPLING_PLANS, "lot sampling plan")
    out = LotSampling(plan=plan, source=r.get("source", str, ""))
    if plan == "fixed":
        n = r.get("n", int)
        if n <= 0:
            raise r.fail("n", f"must be a positive number of units, got {n}")
        return LotSampling(plan=plan, n=n, source=out.source)
    if plan == "all-units":
        return out
    level, aql = r.get("level", str, "II"), r.get("aql", str)
    severity = r.choice("severity", ("normal", "tightened", "reduced"), "severity", "normal")
    try:
        single_plan(1000, level, aql, severity)
    except (ValueError, KeyError) as exc:
        field, _, text = str(exc).partition(": ")
        if field not in ("aql", "level"):
            field, text = "aql", str(exc)
        raise r.fail(field, text) from None
    return LotSampling(plan=plan, level=level, aql=aql, severity=severity, source=out.source)


def inspection_plan(r: Reader | None) -> InspectionPlan | None:
    """``[inspection]``: method, checklist, defect grading, interval (ISO/IEC 17020:2012 7.1)."""
    if r is None:
        return None
    r.reject_unknown(
        {"method", "checklist", "grading", "interval_months", "second_review", "source", "profile"}
    )
    interval = r.get("interval_months", int, None)
    if interval is not None and interval <= 0:
        raise r.fail("interval_months", f"must be a positive number of months, got {interval}")
    grading = _grading(r.sub("grading"))
    raw = r.get("checklist", list)
    if not raw:
        raise r.fail("checklist", "an inspection scheme needs at least one check item")
    items = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise r.fail(f"checklist[{i}]", f"expected a table, got {item!r}")
        items.append(_check_item(Reader(r.filename, item, r.key(f"checklist[{i}]")), grading))
    ids = [c.id for c in items]
    for i, cid in enumerate(ids):
        if cid in ids[:i]:
            raise r.fail(f"checklist[{i}].id", f"duplicate check item id {cid!r}")
    profile = r.get("profile", str, "")
    for i, c in enumerate(items):
        if c.requirements and not profile:
            raise r.fail(
                f"checklist[{i}].requirements", "requirement ids need the scheme's profile (key profile)"
            )
    return InspectionPlan(
        method=r.get("method", str),
        checklist=tuple(items),
        grading=grading,
        interval_months=interval,
        second_review=r.get("second_review", bool, False),
        source=r.get("source", str, ""),
        profile=profile,
    )


def _grading(r: Reader | None) -> tuple[GradeRule, ...]:
    assert r is not None  # noqa: S101 - required key, Reader raised otherwise
    rules = []
    for grade in r.table:
        if grade not in GRADES:
            raise r.fail(grade, f"unknown defect grade {grade!r} (expected one of: {', '.join(GRADES)})")
        g = r.sub(grade)
        assert g is not None  # noqa: S101
        g.reject_unknown({"consequence", "within_days"})
        consequence = g.choice("consequence", CONSEQUENCES, "consequence")
        days = g.get("within_days", int, None)
        if consequence == "repeat-inspection" and days is None:
            raise g.fail("within_days", "missing key (a repeat inspection needs a number of days)")
        if days is not None and days <= 0:
            raise g.fail("within_days", f"must be a positive number of days, got {days}")
        if days is not None and consequence != "repeat-inspection":
            raise g.fail("within_days", f"only a repeat inspection has a number of days, not {consequence!r}")
        rules.append(GradeRule(grade, consequence, days))
    if not rules:
        raise SchemeError(f"{r.filename}: {r.path}: name the consequence of at least one defect grade")
    return tuple(sorted(rules, key=lambda x: GRADES.index(x.grade)))


def _number(r: Reader, name: str) -> float | None:
    value = r.get(name, (int, float), None)
    return None if value is None else float(value)


def _check_item(r: Reader, grading: tuple[GradeRule, ...]) -> CheckItem:
    r.reject_unknown(
        {
            "id",
            "requirement",
            "text",
            "kind",
            "acceptance",
            "grade",
            "unit",
            "lower",
            "upper",
            "decision_rule",
            "max_count",
            "by_plan",
            "requirements",
        }
    )
    kind = r.choice("kind", CHECK_KINDS, "check kind")
    grade = r.choice("grade", GRADES, "defect grade", "major")
    if grade not in {g.grade for g in grading}:
        raise r.fail("grade", f"the scheme's grading has no {grade!r}")
    lower, upper = _number(r, "lower"), _number(r, "upper")
    max_count = r.get("max_count", int, None)
    if kind == "measured":
        if lower is None and upper is None:
            raise r.fail("lower", "missing key (a measured check needs lower, upper or both)")
        if lower is not None and upper is not None and lower >= upper:
            raise r.fail("upper", f"must be above lower {lower:g}, got {upper:g}")
        if not r.get("unit", str, ""):
            raise r.fail("unit", "missing key (a measured check names its unit)")
    elif lower is not None or upper is not None:
        raise r.fail(
            "lower" if lower is not None else "upper", f"only a measured check has limits, not a {kind!r} one"
        )
    by_plan = r.get("by_plan", bool, False)
    if kind == "count" and not by_plan and (max_count is None or max_count < 0):
        raise r.fail(
            "max_count", "missing key (a count check names the largest acceptable count, or by_plan)"
        )
    if kind == "count" and by_plan and max_count is not None:
        raise r.fail("max_count", "a count check takes max_count or by_plan, not both")
    if kind != "count" and (max_count is not None or by_plan):
        raise r.fail(
            "max_count" if max_count is not None else "by_plan",
            f"only a count check has it, not a {kind!r} one",
        )
    return CheckItem(
        id=r.get("id", str),
        requirement=r.get("requirement", str),
        text=r.get("text", str),
        kind=kind,
        acceptance=r.get("acceptance", str),
        grade=grade,
        unit=r.get("unit", str, ""),
        lower=lower,
        upper=upper,
        decision_rule=r.choice("decision_rule", DECISION_RULES, "decision rule", "simple"),
        max_count=max_count,
        by_plan=by_plan,
        requirements=_requirement_ids(r),
    )


def _requirement_ids(r: Reader) -> tuple[str, ...]:
    """A check's ``requirements``: the ids (or clause numbers) of the profile it covers."""
    ids = r.get("requirements", list, [])
    for i, rid in enumerate(ids):
        if not isinstance(rid, str) or not rid.strip():
            raise r.fail(f"requirements[{i}]", f"expected a requirement id, got {rid!r}")
    return tuple(ids)


def scheme_parts(r: Reader, phases: tuple[Phase, ...]) -> dict[str, Any]:
    """The optional parts of a scheme file, parsed: keyword arguments for :class:`Scheme`."""
    return {
        "activity_elements": activity_elements(r.sub("activity", None), phases),
        "lot_sampling": lot_sampling(r.sub("lot_sampling", None)),
        "inspection": inspection_plan(r.sub("inspection", None)),
        "persons": persons_scheme(r.sub("persons", None)),
    }


def programme_checks(s: Scheme) -> None:
    """Checks across the whole file; :class:`SchemeError` naming the key that is wrong."""
    _check_body(s)
    check_persons(s.body, s.persons, s.source_file, s.attestation.kind)
    _check_attestation(s)
    if s.scheme_type is not None:
        _check_type(s)


def _fail(s: Scheme, key: str, problem: str) -> SchemeError:
    return SchemeError(f"{s.source_file}: {key}: {problem}")


def _check_body(s: Scheme) -> None:
    if s.body == "inspection":
        if s.inspection is None:
            raise _fail(s, "inspection", "missing key (an inspection scheme has a checklist and a grading)")
        if s.object not in INSPECTION_OBJECTS:
            raise _fail(
                s,
                "object",
                f"unknown inspection object {s.object!r} (expected one of: {', '.join(INSPECTION_OBJECTS)})",
            )
        if s.object == "batch" and s.lot_sampling is None:
            raise _fail(s, "lot_sampling", "missing key (a batch is inspected on a sample drawn by a plan)")
        if s.scheme_type is not None:
            raise _fail(s, "scheme_type", "an inspection scheme has no ISO/IEC 17067 type")
        for i, c in enumerate(s.inspection.checklist):
            if c.by_plan and s.lot_sampling is None:
                raise _fail(s, f"inspection.checklist[{i}].by_plan", "the scheme has no lot_sampling plan")
    elif s.inspection is not None:
        raise _fail(s, "inspection", 'only a scheme with body = "inspection" has an inspection plan')


def _check_attestation(s: Scheme) -> None:
    a = s.attestation
    if (a.issuer == "manufacturer") != (a.kind == "declaration"):
        raise _fail(
            s, "attestation.issuer",
            "a declaration of conformity is issued by the manufacturer (first party, ISO/IEC 17050-1) and "
            f"nothing else is: got kind {a.kind!r} with issuer {a.issuer!r}",
        )  # fmt: skip
    if a.licence_to_mark and not s.has_surveillance:
        raise _fail(
            s, "attestation.licence_to_mark",
            "a mark of conformity needs a scheme that includes surveillance (ISO/IEC 17030:2021, scope, "
            "NOTE 6); this scheme has no surveillance phase",
        )  # fmt: skip
    batch = s.scheme_type is not None and s.scheme_type in TYPES and TYPES[s.scheme_type].batch
    if a.batch_marking and not batch:
        raise _fail(
            s, "attestation.batch_marking", "only a scheme that certifies a batch marks the batch's units"
        )


def _check_type(s: Scheme) -> None:
    assert s.scheme_type is not None  # noqa: S101 - called for typed schemes only
    st = TYPES.get(s.scheme_type)
    if st is None:
        raise _fail(
            s,
            "scheme_type",
            f"unknown ISO/IEC 17067 scheme type {s.scheme_type!r} (expected one of: {', '.join(TYPES)})",
        )
    named = {a.activity for a in s.activity_elements}
    for p in s.phases:
        for act in p.activities:
            if act not in named:
                raise _fail(
                    s,
                    f"activity.{act}",
                    "missing key (a 17067 scheme names the Table 1 element of each activity)",
                )
    if st.batch:
        if s.lot_sampling is None:
            raise _fail(
                s, "lot_sampling", f"missing key (type {st.id} certifies a batch on a sample drawn by a plan)"
            )
        if not any(a.sampling == "batch" for a in s.activity_elements):
            raise _fail(
                s,
                "activity",
                f"type {st.id} certifies a batch: an activity takes its sample from the 'batch'",
            )
    problems = table1_problems(st.id, s.programme_elements(), s.object)
    if problems:
        raise _fail(s, "scheme_type", "; ".join(problems))
