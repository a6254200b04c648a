"""Load and validate scheme files (TOML) into :class:`~casys.core.schemes.model.Scheme`.

Every error names the file, the key and the problem, for example
``iso9001.toml: phases[1].every: unknown cadence 'monthly'``.

>>> s = load_scheme("iso9001")
>>> s.normative_document, [p.id for p in s.phases]
('ISO 9001:2015', ['initial', 'surveillance', 'recertification', 'special'])
>>> parse_scheme('id = "x"', "x.toml")
Traceback (most recent call last):
...
casys.core.schemes.reader.SchemeError: x.toml: standard: missing key
"""

from __future__ import annotations

import tomllib
from fractions import Fraction
from importlib import resources

from casys.core.audit_time import KEYED_TABLES
from casys.core.remote_audit import PartialRemote, RemoteRules
from casys.core.schemes.model import (
    AUDIT_TIME_METHODS,
    BODY_KINDS,
    CADENCES,
    COMPETENCE_BY,
    DOCUMENT_ROLES,
    ISSUERS,
    OVERDUE_ACTIONS,
    PHASE_KINDS,
    RECORD_KINDS,
    SITE_SAMPLING_METHODS,
    Attestation,
    AuditTimeMethod,
    DecisionRequirements,
    OverdueLimit,
    Phase,
    Scheme,
    SchemeDocument,
    SectorCompetence,
)
from casys.core.schemes.parts import programme_checks, scheme_parts
from casys.core.schemes.reader import Reader as _Reader
from casys.core.schemes.reader import SchemeError

_PACKAGE = "casys.schemes"


def _phase(r: _Reader) -> Phase:
    r.reject_unknown({"id", "kind", "activities", "decision", "every", "first_within_months", "before", "on"})
    pid = r.get("id", str)
    kind = r.get("kind", str, pid if pid in PHASE_KINDS else ...)
    if kind not in PHASE_KINDS:
        raise r.fail("kind", f"unknown phase kind {kind!r} (expected one of: {', '.join(PHASE_KINDS)})")
    activities = r.get("activities", list)
    if not activities:
        raise r.fail("activities", "a phase needs at least one determination activity")
    for i, a in enumerate(activities):
        if not isinstance(a, str) or not a:
            raise SchemeError(
                f"{r.filename}: {r.key('activities')}[{i}]: expected a non-empty string, got {a!r}"
            )
    every = r.choice("every", CADENCES, "cadence", None)
    first = r.get("first_within_months", int, None)
    if first is not None and first <= 0:
        raise r.fail("first_within_months", f"must be a positive number of months, got {first}")
    before = r.choice("before", ("expiry",), "anchor", None)
    on = r.choice("on", ("demand",), "trigger", None)
    if kind in ("surveillance",) and every is None:
        raise r.fail("every", "missing key (a surveillance phase needs a cadence)")
    if kind == "recertification" and before is None:
        raise r.fail("before", "missing key (a recertification phase is anchored before 'expiry')")
    return Phase(
        id=pid,
        kind=kind,
        activities=tuple(activities),
        decision=r.get("decision", bool, False),
        every=every,
        first_within_months=first,
        before=before,
        on_demand=on == "demand",
    )


def _audit_time(r: _Reader | None) -> AuditTimeMethod:
    if r is None:
        return AuditTimeMethod(method="none")
    r.reject_unknown({"method", "table", "source"})
    method = r.choice("method", AUDIT_TIME_METHODS, "audit-time method")
    table = r.get("table", str, None)
    if method != "none" and table is None:
        raise r.fail("table", f"missing key (method {method!r} reads a table)")
    if method == "iaf-md5" and table not in ("qms", "ems", "ohs"):
        raise r.fail("table", f"unknown IAF MD 5 table {table!r} (expected one of: qms, ems, ohs)")
    if (method == "iso22003-1") != (table in KEYED_TABLES):
        raise r.fail("table", f"method {method!r} cannot read table {table!r}")
    return AuditTimeMethod(method=method, table=table, source=r.get("source", str, ""))


def _sector_competence(r: _Reader | None) -> SectorCompetence | None:
    """The sector competence criteria (``competence.areas`` and who must hold them), if any."""
    if r is None or r.sub("areas", None) is None:
        return None
    raw = r.get("areas", dict)
    areas = []
    for key, title in raw.items():
        if not isinstance(title, str) or not title.strip():
            raise r.fail(f"areas.{key}", "expected the area's title (a non-empty string)")
        areas.append((key, title))
    lists = {}
    for name in ("team", "reviewer", "decision_maker"):
        items = r.get(name, list, [])
        for i, a in enumerate(items):
            if a not in raw:
                raise SchemeError(
                    f"{r.filename}: {r.key(name)}[{i}]: unknown area {a!r} "
                    f"(expected one of: {', '.join(raw)})"
                )
        lists[name] = tuple(items)
    source = r.get("source", str)
    return SectorCompetence(source, tuple(areas), lists["team"], lists["reviewer"], lists["decision_maker"])


def _attestation(r: _Reader) -> Attestation:
    r.reject_unknown({"kind", "validity_years", "licence_to_mark", "template", "issuer", "batch_marking"})
    years = r.get("validity_years", int)
    if years <= 0:
        raise r.fail("validity_years", f"must be a positive number of years, got {years}")
    return Attestation(
        kind=r.get("kind", str),
        validity_years=years,
        licence_to_mark=r.get("licence_to_mark", bool, False),
        template=r.get("template", str, ""),
        issuer=r.choice("issuer", ISSUERS, "issuer", "body"),
        batch_marking=r.get("batch_marking", bool, False),
    )


def _decision(r: _Reader | None) -> DecisionRequirements:
    if r is None:
        return DecisionRequirements()
    r.reject_unknown(
        {"no_open_major_nc", "decision_maker_independent", "max_days_after_stage2", "no_failed_test"}
    )
    days = r.get("max_days_after_stage2", int, None)
    if days is not None and days <= 0:
        raise r.fail("max_days_after_stage2", f"must be a positive number of days, got {days}")
    return DecisionRequirements(
        no_open_major_nc=r.get("no_open_major_nc", bool, True),
        decision_maker_independent=r.get("decision_maker_independent", bool, True),
        max_days_after_stage2=days,
        no_failed_test=r.get("no_failed_test", bool, False),
    )


def _overdue(r: _Reader | None, phases: tuple[Phase, ...]) -> OverdueLimit | None:
    if r is None:
        return None
    r.reject_unknown({"after_days", "then", "source"})
    if not any(p.kind == "surveillance" for p in phases):
        raise SchemeError(f"{r.filename}: {r.path}: the scheme has no surveillance phase to be overdue")
    days = r.get("after_days", int)
    if days < 0:
        raise r.fail("after_days", f"must be 0 or more days after the due date, got {days}")
    source = r.get("source", str)
    if not source.strip():
        raise r.fail("source", "say where the limit comes from (a standard's clause or the scheme's choice)")
    return OverdueLimit(
        after_days=days, then=r.choice("then", OVERDUE_ACTIONS, "action", "propose-suspension"), source=source
    )


def _phases(r: _Reader) -> tuple[Phase, ...]:
    raw = r.get("phases", list)
    if not raw:
        raise r.fail("phases", "a scheme needs at least one phase")
    phases = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise SchemeError(f"{r.filename}: phases[{i}]: expected a table, got {item!r}")
        phases.append(_phase(_Reader(r.filename, item, f"phases[{i}]")))
    ids = [p.id for p in phases]
    for i, pid in enumerate(ids):
        if pid in ids[:i]:
            raise SchemeError(f"{r.filename}: phases[{i}].id: duplicate phase id {pid!r}")
    if phases[0].kind != "initial":
        raise SchemeError(
            f"{r.filename}: phases[0].kind: the first phase must be 'initial', got {phases[0].kind!r}"
        )
    if not phases[0].decision:
        raise SchemeError(
            f"{r.filename}: phases[0].decision: the initial phase must be followed by a decision"
        )
    return tuple(phases)


_TOP_KEYS = {
    "id",
    "title",
    "standard",
    "normative_document",
    "object",
    "scheme_type",
    "audit_time",
    "site_sampling",
    "competence",
    "decision",
    "attestation",
    "onsite",
    "phases",
    "records",
    "body",
    "activity",
    "lot_sampling",
    "inspection",
    "scheme_type_note",
    "sources",
    "surveillance_overdue",
    "persons",
    "documents",
}


def _documents(r: _Reader) -> tuple[SchemeDocument, ...]:
    """The scheme's documents (``[[documents]]``): each with its role and public clause ids/titles."""
    out = []
    for i, raw in enumerate(r.get("documents", list, [])):
        if not isinstance(raw, dict):
            raise SchemeError(f"{r.filename}: documents[{i}]: expected a table")
        d = _Reader(r.filename, raw, f"documents[{i}]")
        d.reject_unknown({"id", "title", "role", "clauses", "note"})
        clauses = []
        for j, c in enumerate(d.get("clauses", list, [])):
            if not (isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) and x for x in c)):
                raise SchemeError(f'{r.filename}: documents[{i}].clauses[{j}]: expected ["id", "title"]')
            clauses.append((c[0], c[1]))
        out.append(
            SchemeDocument(
                id=d.get("id", str),
                title=d.get("title", str, ""),
                role=d.choice("role", DOCUMENT_ROLES, "document role"),
                clauses=tuple(clauses),
                note=d.get("note", str, ""),
            )
        )
    return tuple(out)


def _records(r: _Reader | None, phases: tuple[Phase, ...]) -> tuple[tuple[str, str], ...]:
    if r is None:
        return ()
    known = {a for p in phases for a in p.activities}
    out = []
    for activity in r.table:
        if activity not in known:
            raise r.fail(activity, f"no phase has the activity {activity!r}")
        out.append((activity, r.choice(activity, RECORD_KINDS, "record kind")))
    return tuple(out)


def _share(r: _Reader, name: str) -> Fraction | None:
    value = r.get(name, (int, float), None)
    if value is None:
        return None
    if not 0 <= value <= 1:
        raise r.fail(name, f"must be a share in [0, 1], got {value}")
    return Fraction(str(value))


def _remote_rules(onsite: _Reader | None, min_share: float | None) -> RemoteRules:
    """The ``onsite`` table's limits on remote auditing; the maximum remote share is 1 - min_share."""
    if onsite is None:
        return RemoteRules()
    partial = onsite.sub("partial_remote", None)
    rule = None
    if partial is not None:
        partial.reject_unknown({"min_onsite_days", "min_onsite_share", "max_days_apart", "source"})
        rule = PartialRemote(
            min_onsite_days=Fraction(str(partial.get("min_onsite_days", (int, float), 1))),
            min_onsite_share=_share(partial, "min_onsite_share") or Fraction(0),
            max_days_apart=partial.get("max_days_apart", int, 30),
            source=partial.get("source", str, ""),
        )
    required = onsite.get("onsite_required", list, [])
    if not all(isinstance(x, str) for x in required):
        raise onsite.fail("onsite_required", "expected a list of activity ids")
    fully_remote = onsite.get("fully_remote", list, [])
    if not all(isinstance(x, str) for x in fully_remote):
        raise onsite.fail("fully_remote", "expected a list of activity ids")
    overlap = sorted(set(fully_remote) & set(required))
    if overlap:
        raise onsite.fail("fully_remote", f"{overlap[0]} also needs an on-site part (onsite_required)")
    max_remote = _share(onsite, "max_remote_share")
    if max_remote is not None and min_share is not None:
        raise onsite.fail("max_remote_share", "give max_remote_share or min_share (its complement), not both")
    return RemoteRules(
        max_remote_share=max_remote
        if max_remote is not None
        else 1 - Fraction(str(min_share))
        if min_share is not None
        else None,
        notify_above_share=_share(onsite, "notify_above_remote_share"),
        onsite_required=tuple(required),
        fully_remote=tuple(fully_remote),
        partial_remote=rule,
        source=onsite.get("source", str, ""),
    )


def parse_scheme(text: str, filename: str) -> Scheme:
    """Parse and validate the TOML text of a scheme file; ``filename`` is used in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{filename}: not valid TOML: {exc}") from exc
    r = _Reader(filename, data)
    r.reject_unknown(_TOP_KEYS)
    sid = r.get("id", str)
    standard = r.get("standard", str)
    obj = r.get("object", str)
    sampling = r.sub("site_sampling", None)
    competence = r.sub("competence", None)
    onsite = r.sub("onsite", None)
    min_share = None
    if onsite is not None:
        onsite.reject_unknown(
            {
                "min_share",
                "max_remote_share",
                "fully_remote",
                "source",
                "notify_above_remote_share",
                "onsite_required",
                "partial_remote",
            }
        )
        given = onsite.get("min_share", (int, float), None)
        if given is not None:
            min_share = float(given)
            if not 0 < min_share <= 1:
                raise onsite.fail("min_share", f"must be a share in (0, 1], got {min_share}")
    if sampling is not None:
        sampling.reject_unknown({"method"})
    if competence is not None:
        competence.reject_unknown(
            {"by", "team_leader", "source", "areas", "team", "reviewer", "decision_maker"}
        )
    attestation = r.sub("attestation")
    assert attestation is not None  # noqa: S101 - required key, _Reader raised otherwise
    phases = _phases(r)
    sources = r.get("sources", list, [])
    if not all(isinstance(x, str) for x in sources):
        raise r.fail("sources", "expected a list of strings")
    scheme = Scheme(
        id=sid,
        title=r.get("title", str, sid),
        standard=standard,
        normative_document=r.get("normative_document", str, standard),
        object=obj,
        phases=phases,
        attestation=_attestation(attestation),
        audit_time=_audit_time(r.sub("audit_time", None)),
        site_sampling=sampling.choice("method", SITE_SAMPLING_METHODS, "site-sampling method")
        if sampling
        else "none",
        competence_by=competence.choice("by", COMPETENCE_BY, "competence basis", "iaf-code")
        if competence
        else "iaf-code",
        team_leader_required=competence.get("team_leader", bool, True) if competence else True,
        sector_competence=_sector_competence(competence),
        decision=_decision(r.sub("decision", None)),
        min_onsite_share=min_share,
        remote_rules=_remote_rules(onsite, min_share),
        scheme_type=r.get("scheme_type", str, None),
        source_file=filename,
        records=_records(r.sub("records", None), phases),
        body=r.choice("body", BODY_KINDS, "kind of body", "certification"),
        scheme_type_note=r.get("scheme_type_note", str, ""),
        sources=tuple(sources),
        surveillance_overdue=_overdue(r.sub("surveillance_overdue", None), phases),
        documents=_documents(r),
        **scheme_parts(r, phases),
    )
    programme_checks(scheme)
    return scheme


def available_schemes() -> tuple[str, ...]:
    """Ids of the scheme files shipped in ``casys/schemes``."""
    return tuple(
        sorted(
            p.name[: -len(".toml")] for p in resources.files(_PACKAGE).iterdir() if p.name.endswith(".toml")
        )
    )


def load_scheme(scheme_id: str) -> Scheme:
    """Load a scheme shipped with casys by its id (the file name without ``.toml``)."""
    name = f"{scheme_id}.toml"
    path = resources.files(_PACKAGE) / name
    if not path.is_file():
        raise SchemeError(f"{name}: no such scheme (shipped: {', '.join(available_schemes())})")
    scheme = parse_scheme(path.read_text(encoding="utf-8"), name)
    if scheme.id != scheme_id:
        raise SchemeError(f"{name}: id: {scheme.id!r} does not match the file name")
    return scheme
