"""ISO/IEC 17067:2013 Table 1 as data: the product certification scheme types and their elements.

ISO/IEC 17067:2013 builds a product certification scheme from the functions of
ISO/IEC 17000 annex A: I selection (incl. sampling), II determination of
characteristics, III review, IV decision, V attestation and licensing, VI
surveillance. Its Table 1 ticks, per scheme type (clauses 5.3.2 to 5.3.8 describe
types 1a, 1b, 2, 3, 4, 5 and 6), which of these a scheme of that type has.

Every activity of a scheme file names its element (``activity.<id>.element``);
:func:`table1_problems` compares the elements a scheme's programme has with the
row of its type. The table below is the only place where a scheme type means
something: the engine and the loader read it, no code asks ``scheme_type == ...``.

Provenance of the cells (ISO texts are paywalled; see docs/product-certification.md):

* clause numbers 5.3.2-5.3.8 for types 1a-6: AS/NZS ISO/IEC 17067:2015 table of contents [PUB];
* determination (type test) and review/decision/certificate for 1a-5, the pre-licence assessment of
  production for 3, 4 and 5, the licence to use the mark for five of 1a-5 (not 1a), certification
  of a batch for 1b: the reproduction of Table 1 at bbj.pl [PUB, truncated before the surveillance rows];
* 1a certificate for the type only; 1b the whole batch, all units may be tested; 3 surveillance by
  samples from the factory and assessment of the production process: certyfikacja.lubin.pl [PUB];
* surveillance rows of 2, 4, 5 and the row of type 6: ISO/IEC 17067:2013 5.3.4, 5.3.6-5.3.8 as
  recalled, not read in a stored source [UNVERIFIED-RECALL], consistent with the research table.

>>> sorted(TYPES["2"].required)
['decision', 'review', 'selection', 'surveillance.market-samples']
>>> table1_problems("1a", {"selection", "determination.testing", "review", "decision", "licensing"})
["type 1a (ISO/IEC 17067:2013 5.3.2) has no 'licensing' (Table 1 V: licence to use a mark of conformity)"]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

#: The elements an activity can carry: (row of 17067 Table 1, what it is).
_ELEMENT_ROWS: dict[str, tuple[str, str]] = {
    "selection": ("I", "selection, incl. sampling (with its point: factory, open market, batch, submitted)"),
    "determination.testing": ("II a)", "determination by testing"),
    "determination.inspection": ("II b)", "determination by inspection"),
    "determination.design-appraisal": ("II c)", "determination by design appraisal"),
    "determination.service-or-process-assessment": ("II d)", "assessment of the service or process"),
    "determination.production-assessment": (
        "II",
        "initial (pre-licence) assessment of the production process",
    ),
    "review": ("III", "review of the evidence of conformity"),
    "decision": ("IV", "decision on certification"),
    "licensing": ("V", "licence to use a mark of conformity"),
    "surveillance.market-samples": ("VI a)", "surveillance by samples from the open market"),
    "surveillance.factory-samples": ("VI b)", "surveillance by samples from the factory"),
    "surveillance.process-assessment": (
        "VI c)",
        "surveillance by assessment of the production process (of a service: its delivery; of a process: "
        "its operation)",
    ),
    "surveillance.management-system-audit": ("VI d)", "surveillance by audits of the management system"),
}
ELEMENTS: Mapping[str, str] = MappingProxyType({e: text for e, (_row, text) in _ELEMENT_ROWS.items()})
ROWS: Mapping[str, str] = MappingProxyType({e: row for e, (row, _text) in _ELEMENT_ROWS.items()})

#: Where samples are taken (17067 Table 1 row I, and rows VI a/b).
SAMPLING_POINTS = ("factory", "open-market", "batch", "submitted")

#: The sampling point a surveillance element implies.
IMPLIED_POINT: Mapping[str, str] = MappingProxyType(
    {"surveillance.market-samples": "open-market", "surveillance.factory-samples": "factory"}
)

DETERMINATION = frozenset(e for e in ELEMENTS if e.startswith("determination."))
SURVEILLANCE = frozenset(e for e in ELEMENTS if e.startswith("surveillance."))
_PRODUCT_DETERMINATION = frozenset(
    {"determination.testing", "determination.inspection", "determination.design-appraisal"}
)
_CORE = frozenset({"selection", "review", "decision"})


@dataclass(frozen=True)
class SchemeType:
    """One column of 17067 Table 1.

    ``required``: elements the programme must have; ``any_of``: groups of which at least one
    element must be there (one way of determination, one kind of sample); ``allowed``: every
    element the type may have (the rest are refused); ``objects``: what it certifies;
    ``batch``: it certifies a batch (the certificate names the batch, its size and the sample).
    """

    id: str
    clause: str
    summary: str
    objects: frozenset[str]
    required: frozenset[str]
    any_of: tuple[frozenset[str], ...]
    allowed: frozenset[str]
    batch: bool = False
    source: str = ""


def _type(
    tid: str,
    clause: str,
    summary: str,
    *,
    required: Iterable[str] = (),
    any_of: Iterable[Iterable[str]] = (_PRODUCT_DETERMINATION,),
    may: Iterable[str] = (),
    objects: Iterable[str] = ("product",),
    batch: bool = False,
    source: str,
) -> SchemeType:
    req = frozenset(required)
    groups = tuple(frozenset(g) for g in any_of)
    allowed = _CORE | req | frozenset(may) | frozenset(e for g in groups for e in g)
    return SchemeType(tid, clause, summary, frozenset(objects), _CORE | req, groups, allowed, batch, source)


_BBJ = "bbj.pl reproduction of 17067 Table 1 [PUB]"
_LUBIN = "certyfikacja.lubin.pl [PUB]"
_RECALL = "17067:2013 text as recalled [UNVERIFIED-RECALL]"

#: ISO/IEC 17067:2013 Table 1, one entry per scheme type.
TYPES: Mapping[str, SchemeType] = MappingProxyType(
    {
        t.id: t
        for t in (
            _type(
                "1a",
                "5.3.2",
                "samples of the type tested; the certificate covers the type, not later production",
                source=f"{_BBJ}; {_LUBIN}",
            ),  # fmt: skip
            _type(
                "1b",
                "5.3.3",
                "a whole batch certified on a sample drawn from it (all units may be tested)",
                may=("licensing",),
                batch=True,
                source=f"{_BBJ} (certification of a batch, marks per unit); {_LUBIN}",
            ),  # fmt: skip
            _type(
                "2",
                "5.3.4",
                "type testing, then surveillance by samples from the open market",
                required=("surveillance.market-samples",),
                may=("licensing",),
                source=f"{_BBJ} (rows I-V); surveillance row: {_RECALL}",
            ),  # fmt: skip
            _type(
                "3",
                "5.3.5",
                "type testing and assessment of production, then surveillance by samples from the factory "
                "and assessment of the production process",
                required=("surveillance.factory-samples", "surveillance.process-assessment"),
                may=("licensing", "determination.production-assessment"),
                source=f"{_BBJ} (rows I-V); surveillance row: {_LUBIN}",
            ),  # fmt: skip
            _type(
                "4",
                "5.3.6",
                "as type 3, surveillance by samples from both the factory and the open market",
                required=(
                    "surveillance.market-samples",
                    "surveillance.factory-samples",
                    "surveillance.process-assessment",
                ),
                may=("licensing", "determination.production-assessment"),
                source=f"{_BBJ} (rows I-V); surveillance row: {_RECALL}",
            ),  # fmt: skip
            _type(
                "5",
                "5.3.7",
                "type testing and assessment of production, then surveillance by audits of the management "
                "system with samples from the factory and/or the open market",
                required=("surveillance.management-system-audit",),
                any_of=(
                    _PRODUCT_DETERMINATION,
                    {"surveillance.market-samples", "surveillance.factory-samples"},
                ),
                may=("licensing", "determination.production-assessment", "surveillance.process-assessment"),
                source=f"{_BBJ} (rows I-V); surveillance row: {_RECALL}",
            ),  # fmt: skip
            _type(
                "6",
                "5.3.8",
                "services and processes: assessment of the service or process, then surveillance by "
                "assessment of its delivery or operation, and audits of the management system where chosen",
                required=("determination.service-or-process-assessment", "surveillance.process-assessment"),
                any_of=(),
                may=(
                    "licensing",
                    "determination.testing",
                    "determination.inspection",
                    "surveillance.management-system-audit",
                ),
                objects=("service", "process"),
                source=f"type 6 for processes and services: {_BBJ}; elements: {_RECALL}",
            ),  # fmt: skip
        )
    }
)


def unknown_element(element: str) -> str | None:
    """Why ``element`` is not an element of 17067 Table 1, or None if it is.

    >>> unknown_element("surveillance.market-samples") is None
    True
    >>> unknown_element("surveillance.mystery-shopping")[:40]
    "unknown element 'surveillance.mystery-sh"
    """
    if element in ELEMENTS:
        return None
    return f"unknown element {element!r} (expected one of: {', '.join(ELEMENTS)})"


def table1_problems(scheme_type: str, elements: Iterable[str], obj: str | None = None) -> list[str]:
    """What in a programme's ``elements`` disagrees with the 17067 Table 1 column of ``scheme_type``.

    Empty when the programme fits: every required element is there, one of each ``any_of``
    group, nothing the type does not have, and the object is one the type certifies.

    >>> table1_problems("3", {"selection", "determination.testing", "review", "decision",
    ...                       "surveillance.factory-samples"})
    ... # doctest: +ELLIPSIS
    ["type 3 (ISO/IEC 17067:2013 5.3.5) needs 'surveillance.process-assessment' (Table 1 VI c): ...)"]
    """
    st = TYPES.get(scheme_type)
    if st is None:
        return [f"unknown ISO/IEC 17067 scheme type {scheme_type!r} (expected one of: {', '.join(TYPES)})"]
    have = set(elements)
    name = f"type {st.id} (ISO/IEC 17067:2013 {st.clause})"
    problems = [f"{name} needs {e!r} (Table 1 {ROWS[e]}: {ELEMENTS[e]})" for e in sorted(st.required - have)]
    for group in st.any_of:
        if not group & have:
            problems.append(f"{name} needs one of: {', '.join(sorted(group))}")
    problems.extend(
        f"{name} has no {e!r} (Table 1 {ROWS[e]}: {ELEMENTS[e]})" for e in sorted(have - st.allowed)
    )
    if obj is not None and obj not in st.objects:
        problems.append(f"{name} certifies {', '.join(sorted(st.objects))}, not {obj!r}")
    return problems
