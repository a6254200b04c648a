"""What an inspection report or certificate must contain (ISO/IEC 17020:2012 7.4.2 to 7.4.4).

7.4.2 lists, verbatim (as quoted at https://norac.org.uk/forums/reply/4711/): "a) identification
of the issuing body; b) unique identification and date of issue; c) date(s) of inspection;
d) identification of the item(s) inspected; e) signature or other indication of approval, by
authorized personnel; f) a statement of conformity where applicable; g) the inspection results,
except where detailed in accordance with 7.4.3." 7.4.3 lets results stand in a separate document
identified by reference; 7.4.4 asks that results supplied by subcontractors be clearly identified.
:func:`missing_content` says what of that a report's facts lack, so a report is not issued
while anything is missing.

>>> facts = ReportFacts(issuing_body="Baltic Lift Inspection", report_id="BLI-2026-0001",
...     issued_on=date(2026, 3, 3), inspected_on=(date(2026, 3, 2),), items=("crane-12",),
...     approved_by="user:4", results=(ResultLine("hook-latch", "pass"),))
>>> missing_content(facts)
[]
>>> [m.field for m in missing_content(ReportFacts(issuing_body="BLI", report_id="", inspected_on=()))]
['report_id', 'issued_on', 'inspected_on', 'items', 'approved_by', 'results']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ResultLine:
    """One inspection result; ``subcontractor`` names who supplied it when it was subcontracted."""

    check: str
    outcome: str
    supplied_by_subcontractor: bool = False
    subcontractor: str = ""


@dataclass(frozen=True)
class ReportFacts:
    """The facts a report would carry. ``conformity_statement_required``: the client or the scheme asks
    for a statement of conformity (7.4.2 f); ``results_document``: the reference of a separate document
    holding the results (7.4.3)."""

    issuing_body: str
    report_id: str
    issued_on: date | None = None
    inspected_on: tuple[date, ...] = ()
    items: tuple[str, ...] = ()
    approved_by: str = ""
    conformity_statement_required: bool = False
    conformity_statement: str = ""
    results: tuple[ResultLine, ...] = ()
    results_document: str = ""


@dataclass(frozen=True)
class Missing:
    """One missing or wrong element: the field of :class:`ReportFacts`, the clause, what is wrong."""

    field: str
    clause: str
    text: str

    def __str__(self) -> str:
        return f"{self.field}: {self.text} (ISO/IEC 17020:2012 {self.clause})"


def missing_content(f: ReportFacts) -> list[Missing]:
    """Everything 7.4.2 (with 7.4.3 and 7.4.4) asks for that ``f`` lacks, in the clause's order."""
    out: list[Missing] = []
    if not f.issuing_body.strip():
        out.append(Missing("issuing_body", "7.4.2 a)", "identification of the issuing body is missing"))
    if not f.report_id.strip():
        out.append(Missing("report_id", "7.4.2 b)", "unique identification is missing"))
    if f.issued_on is None:
        out.append(Missing("issued_on", "7.4.2 b)", "date of issue is missing"))
    if not f.inspected_on:
        out.append(Missing("inspected_on", "7.4.2 c)", "date(s) of inspection are missing"))
    elif f.issued_on is not None and max(f.inspected_on) > f.issued_on:
        out.append(Missing("inspected_on", "7.4.2 c)", "an inspection date is after the date of issue"))
    if not [i for i in f.items if i.strip()]:
        out.append(Missing("items", "7.4.2 d)", "identification of the item(s) inspected is missing"))
    if not f.approved_by.strip():
        out.append(Missing("approved_by", "7.4.2 e)", "approval by authorized personnel is missing"))
    if f.conformity_statement_required and not f.conformity_statement.strip():
        out.append(
            Missing("conformity_statement", "7.4.2 f)", "the statement of conformity asked for is missing")
        )
    if not f.results and not f.results_document.strip():
        out.append(
            Missing(
                "results",
                "7.4.2 g), 7.4.3",
                "the inspection results (or the document holding them) are missing",
            )
        )
    for i, r in enumerate(f.results):
        if r.supplied_by_subcontractor and not r.subcontractor.strip():
            out.append(
                Missing(
                    f"results[{i}].subcontractor",
                    "7.4.4",
                    f"result {r.check!r} was supplied by a subcontractor not named",
                )
            )
    return out
