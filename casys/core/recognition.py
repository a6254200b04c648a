"""Accreditation (ISO/IEC 17011) and recognition (IAF MLA, ILAC MRA) as data, and the chain.

A certificate is *recognized* (issue 6; DESIGN "Attestations all the way up") when

1. **certificate** — it is active (not suspended, not withdrawn) and unexpired on the date asked;
2. **accreditation** — for *each* standard the certificate is for, its issuer held an
   accreditation covering that standard and every technical area (IAF code) of the
   certificate on the issue date, and holds it on the date asked (one accreditation may cover
   all the standards, or each standard its own);
3. **recognition** — for each standard, the accreditation body of the accreditation covering
   it was a signatory of a recognition arrangement for that main scope and sub-scope on both dates.

:func:`chain` answers with each link, its state, the dates looked at and a reason,
so a user sees which link fails.

Scope levels (IAF PL 3, *Policies and procedures on the IAF MLA structure*;
ILAC R6, *Structure of the ILAC Mutual Recognition Arrangement*):

- level 1: ISO/IEC 17011, the standard the accreditation body works to;
- level 2 + level 3 = the **main scope**: an activity (e.g. management-system
  certification) and its normative document (e.g. ISO/IEC 17021-1);
- level 4/5 = the **sub-scope**: the standard certified to (e.g. ISO 9001) —
  IAF MLA only; ILAC MRA scopes stop at the activity (calibration, testing,
  medical testing, inspection, PT providers, reference material producers).

Which accreditation body is a signatory for which scope, since when, is data a
body loads (:func:`recognition_from_json`); casys ships no signatory list —
it changes every year and is published by the cooperations themselves.

Standards are compared by reference with the edition year optional:
``"ISO 9001"`` matches ``"ISO 9001:2015"``, but ``"ISO 9001:2008"`` does not
match ``"ISO 9001:2015"`` (see :func:`same_standard`).

>>> acc = Accreditation(id="A-1", body="ab", cab="cb", activity="certification-management-systems",
...     standard="ISO/IEC 17021-1:2015", valid_from=date(2020, 1, 1), valid_until=date(2030, 1, 1),
...     scopes=(AccreditationScope("ISO 9001:2015", iaf_codes=("28",)),))
>>> sig = SignatoryStatus(body="ab", arrangement="IAF-MLA", activity="certification-management-systems",
...     normative_document="ISO/IEC 17021-1", sub_scope="ISO 9001", valid_from=date(2015, 1, 1))
>>> cert = Certificate(number="Q-1", issuer="cb", standards=("ISO 9001:2015",), iaf_codes=("28",),
...     issue_date=date(2024, 3, 1), expiry_date=date(2027, 2, 28))
>>> verdict = chain(cert, (acc,), (sig,), on=date(2025, 6, 1))
>>> verdict.recognized, [link.state for link in verdict.links]
(True, ['pass', 'pass', 'pass'])
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "ACTIVITIES",
    "ARRANGEMENTS",
    "Accreditation",
    "AccreditationEvent",
    "AccreditationScope",
    "Arrangement",
    "Certificate",
    "CertificateEvent",
    "ChainVerdict",
    "Link",
    "RecognitionData",
    "RecognitionError",
    "SignatoryStatus",
    "accreditation_state",
    "chain",
    "recognition_from_json",
    "same_standard",
    "scope_from_json",
]


class RecognitionError(ValueError):
    """Recognition or accreditation data is malformed; the message names the field."""


@dataclass(frozen=True)
class Arrangement:
    """A recognition arrangement: who runs it and whether it is international or regional."""

    id: str
    name: str
    level: Literal["international", "regional"]
    #: the arrangements it is recognized by (a regional MLA accepted into the IAF MLA / ILAC MRA)
    recognized_by: tuple[str, ...] = ()


#: The IAF MLA and ILAC MRA (now run by the Global Accreditation Cooperation, per issue 6)
#: and the regional cooperations whose arrangements they recognize (IAF PL 3; ILAC R6).
#: Names are facts; whether a region's arrangement is recognized for a given
#: scope is data loaded with the signatory statuses.
ARRANGEMENTS: Mapping[str, Arrangement] = {
    a.id: a
    for a in (
        Arrangement("IAF-MLA", "IAF Multilateral Recognition Arrangement", "international"),
        Arrangement("ILAC-MRA", "ILAC Mutual Recognition Arrangement", "international"),
        Arrangement(
            "EA-MLA", "European co-operation for Accreditation MLA", "regional", ("IAF-MLA", "ILAC-MRA")
        ),
        Arrangement(
            "APAC-MRA", "Asia Pacific Accreditation Cooperation MRA", "regional", ("IAF-MLA", "ILAC-MRA")
        ),
        Arrangement(
            "IAAC-MLA", "Inter American Accreditation Cooperation MLA", "regional", ("IAF-MLA", "ILAC-MRA")
        ),
        Arrangement(
            "AFRAC-MRA", "African Accreditation Cooperation MRA", "regional", ("IAF-MLA", "ILAC-MRA")
        ),
        Arrangement("ARAC-MLA", "Arab Accreditation Cooperation MLA", "regional", ("IAF-MLA", "ILAC-MRA")),
        Arrangement(
            "SADCA-MRA",
            "Southern African Development Community Accreditation MRA",
            "regional",
            ("IAF-MLA", "ILAC-MRA"),
        ),
    )
}

#: Level 2 activities with their level 3 normative document (IAF PL 3; ILAC R6).
ACTIVITIES: Mapping[str, str] = {
    "certification-management-systems": "ISO/IEC 17021-1",
    "certification-products": "ISO/IEC 17065",
    "certification-persons": "ISO/IEC 17024",
    "validation-verification": "ISO/IEC 17029",
    "calibration": "ISO/IEC 17025",
    "testing": "ISO/IEC 17025",
    "medical-testing": "ISO 15189",
    "inspection": "ISO/IEC 17020",
    "proficiency-testing-providers": "ISO/IEC 17043",
    "reference-material-producers": "ISO 17034",
}

_EDITION = re.compile(r"^(?P<ref>.*?)(?::(?P<year>\d{4}))?$")


@functools.lru_cache(maxsize=4096)
def same_standard(a: str, b: str) -> bool:
    """Whether two standard references name the same document (edition year optional on either side).

    >>> same_standard("ISO 9001", "ISO 9001:2015"), same_standard("iso  9001:2015", "ISO 9001:2015")
    (True, True)
    >>> same_standard("ISO 9001:2008", "ISO 9001:2015"), same_standard("ISO 14001", "ISO 45001")
    (False, False)
    """
    ref_a, year_a = _reference(a)
    ref_b, year_b = _reference(b)
    if ref_a != ref_b:
        return False
    return year_a is None or year_b is None or year_a == year_b


@functools.lru_cache(maxsize=4096)
def _reference(text: str) -> tuple[str, str | None]:
    """A standard reference as (document, edition year or None), spaces and case normalised (kept:
    a registry verifies the same few dozen references over and over)."""
    m = _EDITION.match(" ".join(text.upper().split()))
    assert m is not None  # the pattern matches any string
    return m["ref"], m["year"]


@dataclass(frozen=True)
class AccreditationScope:
    """One line of an accreditation scope: a normative document, its IAF codes or methods."""

    normative_document: str
    iaf_codes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()

    def covers(self, standard: str, iaf_codes: Sequence[str]) -> bool:
        """Covers a standard and every one of the technical areas asked (none asked: any)."""
        return same_standard(self.normative_document, standard) and set(iaf_codes) <= set(self.iaf_codes)


EventKind = Literal["suspended", "restored", "withdrawn", "scope-reduced", "scope-extended"]


@dataclass(frozen=True)
class AccreditationEvent:
    """A dated event on an accreditation (ISO/IEC 17011:2017, 7.11: suspension, withdrawal, reduction)."""

    on: date
    kind: EventKind
    scope: AccreditationScope | None = None
    reason: str = ""


@dataclass(frozen=True)
class Accreditation:
    """An accreditation of a CAB by an accreditation body, with its scope, dates and events."""

    id: str
    body: str
    cab: str
    activity: str
    standard: str
    valid_from: date
    valid_until: date
    scopes: tuple[AccreditationScope, ...]
    events: tuple[AccreditationEvent, ...] = ()


@dataclass(frozen=True)
class AccreditationState:
    """An accreditation as it stood on one day."""

    status: Literal["active", "suspended", "withdrawn", "expired", "not-yet-valid"]
    scopes: tuple[AccreditationScope, ...]
    since: date | None


def _reduce(scopes: list[AccreditationScope], cut: AccreditationScope) -> list[AccreditationScope]:
    out = []
    for s in scopes:
        if not same_standard(s.normative_document, cut.normative_document):
            out.append(s)
        elif cut.iaf_codes or cut.methods:  # part of the line removed
            codes = tuple(c for c in s.iaf_codes if c not in cut.iaf_codes)
            methods = tuple(m for m in s.methods if m not in cut.methods)
            out.append(AccreditationScope(s.normative_document, codes, methods))
    return out


def accreditation_state(acc: Accreditation, on: date) -> AccreditationState:
    """Replay the accreditation's events up to ``on`` (inclusive) to get its status and scope that day."""
    if on < acc.valid_from:
        return AccreditationState("not-yet-valid", (), None)
    scopes = list(acc.scopes)
    status: Literal["active", "suspended", "withdrawn"] = "active"
    since: date | None = acc.valid_from
    for ev in sorted(acc.events, key=lambda e: e.on):
        if ev.on > on:
            break
        if ev.kind in ("suspended", "withdrawn") and status != "withdrawn":
            status, since = ev.kind, ev.on
        elif ev.kind == "restored" and status == "suspended":
            status, since = "active", ev.on
        elif ev.kind == "scope-reduced" and ev.scope is not None:
            scopes = _reduce(scopes, ev.scope)
        elif ev.kind == "scope-extended" and ev.scope is not None:
            scopes.append(ev.scope)
    if status == "active" and on > acc.valid_until:
        return AccreditationState("expired", tuple(scopes), acc.valid_until)
    return AccreditationState(status, tuple(scopes), since)


@dataclass(frozen=True)
class SignatoryStatus:
    """An accreditation body's signatory status in an arrangement, for one main scope and sub-scope.

    ``sub_scope`` is the level 4/5 standard (e.g. ``"ISO 45001"``); ``None`` means the
    status is for the main scope only (ILAC MRA scopes, or an IAF main scope without sub-scopes).
    """

    body: str
    arrangement: str
    activity: str
    normative_document: str
    sub_scope: str | None
    valid_from: date
    valid_until: date | None = None
    suspended: tuple[tuple[date, date | None], ...] = ()

    def holds_on(self, on: date) -> bool:
        """Signatory on that day: within its dates and not within a suspension period."""
        if on < self.valid_from or (self.valid_until is not None and on > self.valid_until):
            return False
        return not any(start <= on and (end is None or on < end) for start, end in self.suspended)


CertificateKind = Literal["suspended", "restored", "withdrawn"]


@dataclass(frozen=True)
class CertificateEvent:
    """A dated status event on a certificate (ISO/IEC 17021-1:2015, 9.6.5)."""

    on: date
    kind: CertificateKind
    reason: str = ""


@dataclass(frozen=True)
class Certificate:
    """The facts of a certificate the chain needs; ``standards``: every standard it is for."""

    number: str
    issuer: str
    standards: tuple[str, ...]
    issue_date: date
    expiry_date: date
    iaf_codes: tuple[str, ...] = ()
    events: tuple[CertificateEvent, ...] = ()


LinkState = Literal["pass", "fail", "not-evaluated"]


@dataclass(frozen=True)
class Link:
    """One link of the chain: its number (1..3), name, state, the dates looked at and why."""

    n: int
    name: Literal["certificate", "accreditation", "recognition"]
    state: LinkState
    reason: str
    dates: Mapping[str, str] = field(default_factory=dict)
    ref: str | None = None


@dataclass(frozen=True)
class ChainVerdict:
    """The answer: ``recognized`` only when all three links pass."""

    recognized: bool
    on: date
    links: tuple[Link, Link, Link]

    @property
    def failed(self) -> str | None:
        """The name of the first link that fails, or ``None``."""
        return next((link.name for link in self.links if link.state == "fail"), None)


def _link_certificate(cert: Certificate, on: date) -> Link:
    dates = {
        "issue_date": cert.issue_date.isoformat(),
        "expiry_date": cert.expiry_date.isoformat(),
        "on": on.isoformat(),
    }
    if on < cert.issue_date:
        return Link(1, "certificate", "fail", f"not yet issued on {on} (issued {cert.issue_date})", dates)
    if on > cert.expiry_date:
        return Link(1, "certificate", "fail", f"expired on {cert.expiry_date}", dates)
    status, since = "active", cert.issue_date
    for ev in sorted(cert.events, key=lambda e: e.on):
        if ev.on > on:
            break
        if status == "withdrawn":
            continue
        if ev.kind in ("suspended", "withdrawn"):
            status, since = ev.kind, ev.on
        elif ev.kind == "restored":
            status, since = "active", ev.on
    if status != "active":
        why = next((e.reason for e in cert.events if e.on == since and e.kind == status), "")
        reason = f"{status} since {since}" + (f" ({why})" if why else "")
        return Link(1, "certificate", "fail", reason, {**dates, "status_since": since.isoformat()})
    return Link(1, "certificate", "pass", f"active and unexpired on {on}", dates)


def _why_not(acc: Accreditation, cert: Certificate, standard: str, day: date, label: str) -> str | None:
    state = accreditation_state(acc, day)
    if state.status == "not-yet-valid":
        return f"accreditation {acc.id} starts {acc.valid_from}, after the {label} {day}"
    if state.status == "expired":
        return f"accreditation {acc.id} lapsed on {acc.valid_until}, before the {label} {day}"
    if state.status != "active":
        return f"accreditation {acc.id} {state.status} since {state.since}, before the {label} {day}"
    if not any(s.covers(standard, cert.iaf_codes) for s in state.scopes):
        codes = f" IAF code(s) {', '.join(cert.iaf_codes)}" if cert.iaf_codes else ""
        return f"scope of accreditation {acc.id} on the {label} {day} does not cover {standard}{codes}"
    return None


def _acc_dates(acc: Accreditation, dates: Mapping[str, str]) -> dict[str, str]:
    return {**dates, "valid_from": acc.valid_from.isoformat(), "valid_until": acc.valid_until.isoformat()}


def _link_accreditation(
    cert: Certificate, accreditations: Iterable[Accreditation], on: date
) -> tuple[Link, dict[str, Accreditation] | None]:
    """Link 2: every standard of the certificate covered by an accreditation of the issuer on both
    dates; answers the accreditation found for each standard."""
    dates = {"issue_date": cert.issue_date.isoformat(), "on": on.isoformat()}
    mine = [a for a in accreditations if a.cab == cert.issuer]
    if not mine:
        return Link(
            2, "accreditation", "fail", f"no accreditation of the issuer {cert.issuer} supplied", dates
        ), None
    if not cert.standards:
        return Link(2, "accreditation", "fail", f"certificate {cert.number} names no standard", dates), None
    covered: dict[str, Accreditation] = {}
    reasons: dict[str, None] = {}
    first_bad: Accreditation | None = None
    for standard in cert.standards:
        whys = []
        for acc in mine:
            why = _why_not(acc, cert, standard, cert.issue_date, "issue date") or _why_not(
                acc, cert, standard, on, "date asked"
            )
            if why is None:
                covered[standard] = acc
                break
            whys.append(why)
            first_bad = first_bad or acc
        else:
            reasons.update(dict.fromkeys(whys))
    if reasons:
        assert first_bad is not None
        return Link(
            2, "accreditation", "fail", "; ".join(reasons), _acc_dates(first_bad, dates), first_bad.id
        ), None
    by_acc: dict[str, list[str]] = {}
    for standard, acc in covered.items():
        by_acc.setdefault(acc.id, []).append(standard)
    accs = {a.id: a for a in covered.values()}
    reason = "; ".join(
        f"accreditation {a} by {accs[a].body} covers {', '.join(s)} on both dates" for a, s in by_acc.items()
    )
    first = covered[cert.standards[0]]
    return Link(2, "accreditation", "pass", reason, _acc_dates(first, dates), first.id), covered


def _recognition_of(
    cert: Certificate, standard: str, acc: Accreditation, statuses: Iterable[SignatoryStatus], on: date
) -> Link:
    dates = {"issue_date": cert.issue_date.isoformat(), "on": on.isoformat()}
    main = [
        s
        for s in statuses
        if s.body == acc.body
        and s.activity == acc.activity
        and same_standard(s.normative_document, acc.standard)
    ]
    if not main:
        reason = f"{acc.body} is not a signatory for the main scope {acc.activity} / {acc.standard}"
        return Link(3, "recognition", "fail", reason, dates)
    # IAF MLA statuses list sub-scopes (level 4/5): then one must name the certified standard.
    # ILAC MRA statuses stop at the main scope (sub_scope None) and cover every method in it.
    needs_sub = any(s.sub_scope is not None for s in main)
    covering = [
        s for s in main if (s.sub_scope is not None and same_standard(s.sub_scope, standard)) or not needs_sub
    ]
    if not covering:
        reason = (
            f"{acc.body} is a signatory for the main scope {acc.standard} "
            f"but not for the sub-scope {standard}"
        )
        return Link(3, "recognition", "fail", reason, dates)
    for s in covering:
        if s.holds_on(cert.issue_date) and s.holds_on(on):
            sub = f", sub-scope {s.sub_scope}" if s.sub_scope else ""
            reason = f"{acc.body} signatory of {s.arrangement} for {s.normative_document}{sub} on both dates"
            return Link(
                3,
                "recognition",
                "pass",
                reason,
                {**dates, "signatory_since": s.valid_from.isoformat()},
                s.arrangement,
            )
    s = covering[0]
    day = cert.issue_date if not s.holds_on(cert.issue_date) else on
    label = "issue date" if day == cert.issue_date else "date asked"
    reason = f"{acc.body} was not a signatory of {s.arrangement} for {standard} on the {label} {day}"
    return Link(
        3,
        "recognition",
        "fail",
        reason,
        {**dates, "signatory_since": s.valid_from.isoformat()},
        s.arrangement,
    )


def _link_recognition(
    cert: Certificate, covered: Mapping[str, Accreditation], statuses: Iterable[SignatoryStatus], on: date
) -> Link:
    """Link 3: for each standard, its accreditation body a signatory for it on both dates."""
    statuses = tuple(statuses)
    links = [_recognition_of(cert, standard, acc, statuses, on) for standard, acc in covered.items()]
    bad = next((link for link in links if link.state == "fail"), None)
    if bad is not None:
        return bad
    reason = "; ".join(dict.fromkeys(link.reason for link in links))
    return Link(3, "recognition", "pass", reason, links[0].dates, links[0].ref)


def chain(
    cert: Certificate,
    accreditations: Iterable[Accreditation],
    statuses: Iterable[SignatoryStatus],
    on: date,
) -> ChainVerdict:
    """Walk the three links for ``cert`` on the date ``on``; see the module docstring."""
    statuses = tuple(statuses)
    first = _link_certificate(cert, on)
    second, covered = _link_accreditation(cert, tuple(accreditations), on)
    if covered is None:
        third = Link(
            3,
            "recognition",
            "not-evaluated",
            "no accreditation to follow",
            {"issue_date": cert.issue_date.isoformat(), "on": on.isoformat()},
        )
    else:
        third = _link_recognition(cert, covered, statuses, on)
    links = (first, second, third)
    return ChainVerdict(recognized=all(link.state == "pass" for link in links), on=on, links=links)


# --- loading recognition data -------------------------------------------------------------


@dataclass(frozen=True)
class RecognitionData:
    """Accreditations and signatory statuses loaded from a JSON document."""

    accreditations: tuple[Accreditation, ...] = ()
    statuses: tuple[SignatoryStatus, ...] = ()


def _date(obj: Mapping[str, Any], key: str, where: str, optional: bool = False) -> date | None:
    if not isinstance(obj, Mapping):
        raise RecognitionError(f"{where}: not an object")
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise RecognitionError(f"{where}.{key}: missing or not a date string")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise RecognitionError(f"{where}.{key}: {value!r} is not an ISO 8601 date") from exc


def _req(obj: Mapping[str, Any], key: str, where: str) -> str:
    if not isinstance(obj, Mapping):
        raise RecognitionError(f"{where}: not an object")
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise RecognitionError(f"{where}.{key}: missing or not a string")
    return value


def scope_from_json(obj: Any, where: str) -> AccreditationScope:
    """One scope line from JSON ``{"normativeDocument", "iafCodes", "methods"}``; errors name ``where``."""
    if not isinstance(obj, Mapping):
        raise RecognitionError(f"{where}: not an object")
    return AccreditationScope(
        normative_document=_req(obj, "normativeDocument", where),
        iaf_codes=tuple(str(c) for c in obj.get("iafCodes", [])),
        methods=tuple(str(m) for m in obj.get("methods", [])),
    )


_EVENT_KINDS = ("suspended", "restored", "withdrawn", "scope-reduced", "scope-extended")


def _accreditation(obj: Mapping[str, Any], where: str) -> Accreditation:
    events = []
    for j, ev in enumerate(obj.get("events", [])):
        w = f"{where}.events[{j}]"
        kind = _req(ev, "kind", w)
        if kind not in _EVENT_KINDS:
            raise RecognitionError(f"{w}.kind: {kind!r} is not one of {_EVENT_KINDS}")
        scope = scope_from_json(ev["scope"], f"{w}.scope") if "scope" in ev else None
        on = _date(ev, "on", w)
        assert on is not None
        events.append(AccreditationEvent(on, kind, scope, str(ev.get("reason", ""))))  # type: ignore[arg-type]
    valid_from, valid_until = _date(obj, "validFrom", where), _date(obj, "validUntil", where)
    assert valid_from is not None and valid_until is not None
    activity = _req(obj, "activity", where)
    if activity not in ACTIVITIES:
        raise RecognitionError(f"{where}.activity: {activity!r} is not one of {tuple(ACTIVITIES)}")
    return Accreditation(
        id=_req(obj, "id", where),
        body=_req(obj, "body", where),
        cab=_req(obj, "cab", where),
        activity=activity,
        standard=_req(obj, "standard", where),
        valid_from=valid_from,
        valid_until=valid_until,
        scopes=tuple(scope_from_json(s, f"{where}.scopes[{k}]") for k, s in enumerate(obj.get("scopes", []))),
        events=tuple(events),
    )


def _status(obj: Mapping[str, Any], where: str) -> SignatoryStatus:
    arrangement = _req(obj, "arrangement", where)
    if arrangement not in ARRANGEMENTS:
        raise RecognitionError(f"{where}.arrangement: {arrangement!r} is not one of {tuple(ARRANGEMENTS)}")
    activity = _req(obj, "activity", where)
    if activity not in ACTIVITIES:
        raise RecognitionError(f"{where}.activity: {activity!r} is not one of {tuple(ACTIVITIES)}")
    suspended = []
    for j, period in enumerate(obj.get("suspended", [])):
        start = _date(period, "from", f"{where}.suspended[{j}]")
        assert start is not None
        suspended.append((start, _date(period, "until", f"{where}.suspended[{j}]", optional=True)))
    valid_from = _date(obj, "validFrom", where)
    assert valid_from is not None
    sub = obj.get("subScope")
    return SignatoryStatus(
        body=_req(obj, "body", where),
        arrangement=arrangement,
        activity=activity,
        normative_document=_req(obj, "normativeDocument", where),
        sub_scope=str(sub) if sub is not None else None,
        valid_from=valid_from,
        valid_until=_date(obj, "validUntil", where, optional=True),
        suspended=tuple(suspended),
    )


def recognition_from_json(doc: Mapping[str, Any]) -> RecognitionData:
    """Read ``{"accreditations": [...], "signatoryStatuses": [...]}`` (format in docs/attestations.md).

    >>> data = recognition_from_json({"signatoryStatuses": [{"body": "ab", "arrangement": "EA-MLA",
    ...     "activity": "certification-management-systems", "normativeDocument": "ISO/IEC 17021-1",
    ...     "subScope": "ISO 9001", "validFrom": "2010-01-01"}]})
    >>> data.statuses[0].sub_scope
    'ISO 9001'
    """
    if not isinstance(doc, Mapping):
        raise RecognitionError("recognition: not a JSON object")
    accs = doc.get("accreditations", [])
    sts = doc.get("signatoryStatuses", [])
    if not isinstance(accs, list) or not isinstance(sts, list):
        raise RecognitionError("recognition: accreditations and signatoryStatuses must be lists")
    return RecognitionData(
        accreditations=tuple(_accreditation(a, f"accreditations[{i}]") for i, a in enumerate(accs)),
        statuses=tuple(_status(s, f"signatoryStatuses[{i}]") for i, s in enumerate(sts)),
    )
