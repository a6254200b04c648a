"""Is a normative document fit for conformity assessment? A lint for requirement statements.

The principles are those of ISO/IEC 17007 (guidance for drafting normative documents suitable
for use in conformity assessment; 2009 edition 5.2.2–5.2.5, restated in the 2026 edition) and
the verbal forms of the ISO/IEC Directives, Part 2 (clause 7), in our own words:

``one-requirement``
    A statement carries one requirement, so that one piece of evidence settles it and a finding
    can point at it (17007 5.2.2: clear, direct, precise, uniformly interpreted).
``verbal-form``
    The verbal form says what the statement is: "shall" a requirement, "should" a
    recommendation, "may" a permission, "can" a possibility (Directives Part 2, 7). "must",
    "will", "has to" and "may not" are not requirement forms; a statement with no verbal form
    does not say whether it binds anybody.
``undefined-term``
    No word whose meaning cannot be assessed without a definition: "adequate", "appropriate",
    "sufficient", "user-friendly", "as far as possible", "etc." … (17007 5.2.2: accurate and
    uniform interpretation).
``assessable-criterion``
    A requirement names a criterion that can be checked: a result or outcome with its limit or
    tolerance, not a direction such as "minimise" or "as fast as" with no value (17007 5.2.5).
``assessment-neutral``
    A requirement on the object does not say who assesses it or by which conformity assessment
    activity ("shall be certified by …", "the auditor shall check …"): that belongs in the
    scheme, not in the requirement (17007 5.2.4, the neutrality principle).

The checks are heuristics on English text: they point a drafter at a statement to read again.

>>> report = lint_text("The operator shall record the temperature every 4 h.\\n"
...                     "Staff shall receive adequate training.")
>>> report.statements, [(p.id, p.principle) for p in report.problems]
(2, [('2', 'undefined-term')])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

PRINCIPLES = (
    "one-requirement",
    "verbal-form",
    "undefined-term",
    "assessable-criterion",
    "assessment-neutral",
)

#: Words and phrases that cannot be assessed without a definition (ISO/IEC 17007 5.2.2).
UNDEFINED_TERMS = (
    "adequate",
    "adequately",
    "appropriate",
    "appropriately",
    "sufficient",
    "sufficiently",
    "suitable",
    "suitably",
    "user-friendly",
    "user friendly",
    "as far as possible",
    "as far as practicable",
    "where possible",
    "if possible",
    "where practicable",
    "if necessary",
    "where necessary",
    "as necessary",
    "as appropriate",
    "as required",
    "reasonable",
    "reasonably",
    "acceptable",
    "satisfactory",
    "proper",
    "properly",
    "timely",
    "in a timely manner",
    "regularly",
    "periodically",
    "easy",
    "easily",
    "state of the art",
    "state-of-the-art",
    "high quality",
    "good practice",
    "best practice",
    "etc.",
    "etc",
    "and so on",
    "and so forth",
)

#: Directions with no limit: a requirement using one needs a value to be assessable (17007 5.2.5).
OPEN_ENDED = (
    "minimise",
    "minimize",
    "maximise",
    "maximize",
    "optimise",
    "optimize",
    "as low as",
    "as high as",
    "as short as",
    "as soon as",
    "as quickly as",
    "as much as",
    "as little as",
    "as fast as",
    "quickly",
    "promptly",
    "rapidly",
    "fast",
    "optimal",
    "best",
)

#: Who assesses, or by which activity: the scheme's business, not the requirement's (17007 5.2.4).
ASSESSMENT_WORDS = (
    "certified",
    "certification body",
    "accredited",
    "accreditation body",
    "audited",
    "auditor",
    "auditors",
    "assessor",
    "assessors",
    "inspection body",
    "notified body",
    "third-party",
    "third party",
    "conformity assessment body",
    "checked by",
    "verified by",
    "inspected by",
    "approved by",
    "tested by",
    "shall be audited",
)

_REQUIREMENT_VERBS = r"\b(shall|should|may|must|can|could|might|will)\b"
_BINDING = re.compile(r"\b(shall|must)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(shall|should|may|can|must)\b", re.IGNORECASE)
_WRONG_FORMS = (
    (re.compile(r"\bmust\b", re.IGNORECASE), '"must" is not a requirement form: write "shall"'),
    (
        re.compile(r"\bhas to\b|\bhave to\b", re.IGNORECASE),
        '"has to" is not a requirement form: write "shall"',
    ),
    (
        re.compile(r"\bis required to\b|\bare required to\b", re.IGNORECASE),
        '"is required to" is not a requirement form: write "shall"',
    ),
    (
        re.compile(r"\bmay not\b", re.IGNORECASE),
        '"may not" is ambiguous: write "shall not" for a prohibition or "need not" for a permission',
    ),
    (
        re.compile(r"\bwill\b", re.IGNORECASE),
        '"will" states a fact or an intention: write "shall" for a requirement',
    ),
)
_PARAMETER = re.compile(r"\{\{\s*insert:[^}]*\}\}")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)]|[a-z][.)])\s+")


@dataclass(frozen=True)
class Problem:
    """One principle a statement breaks: ``id`` of the statement, ``principle`` (see PRINCIPLES), ``text``."""

    id: str
    principle: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "principle": self.principle, "text": self.text}


@dataclass(frozen=True)
class LintReport:
    """How many statements were read and the problems found, in statement order."""

    statements: int
    problems: tuple[Problem, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"statements": self.statements, "problems": [p.as_dict() for p in self.problems]}


def _found(text: str, terms: Iterable[str]) -> list[str]:
    lowered = text.lower()
    hits = []
    for term in terms:
        # A phrase matches on word boundaries; "etc." also at the end of the sentence.
        pattern = r"(?<![\w-])" + re.escape(term) + (r"(?![\w-])" if term[-1].isalnum() else "")
        if re.search(pattern, lowered):
            hits.append(term)
    # "etc" within "etc." or "appropriate" within "as appropriate" is one problem, not two.
    return [h for h in hits if not any(h != o and h in o for o in hits)]


def check(statement_id: str, text: str) -> list[Problem]:
    """The problems of one statement, in the order of PRINCIPLES.

    >>> [p.principle for p in check("1", "The supplier must keep records etc.")]
    ['verbal-form', 'undefined-term']
    >>> check("2", "The enclosure shall withstand an impact of 5 J (IEC 62262, IK08).")
    []
    >>> [p.principle for p in check("3", "The product shall be certified by a notified body.")]
    ['assessment-neutral']
    """
    plain = _PARAMETER.sub("[parameter]", text).strip()
    problems: list[Problem] = []
    binding = _BINDING.findall(plain)
    modals = _MODAL.findall(plain)
    if len(binding) > 1 or (binding and re.search(r";\s*\w", plain)):
        problems.append(
            Problem(
                statement_id,
                "one-requirement",
                f"{len(binding)} requirements in one statement: split it so each can be assessed and "
                "cited on its own"
                if len(binding) > 1
                else "a list of requirements joined by ';': give each its own statement or list item",
            )
        )
    wrong = [message for pattern, message in _WRONG_FORMS if pattern.search(plain)]
    if wrong:
        problems.append(Problem(statement_id, "verbal-form", wrong[0]))
    elif not modals:
        problems.append(
            Problem(
                statement_id,
                "verbal-form",
                'no verbal form: say whether this is a requirement ("shall"), a recommendation ("should"), '
                'a permission ("may") or a possibility ("can")',
            )
        )
    vague = _found(plain, UNDEFINED_TERMS)
    if vague:
        words = ", ".join(f'"{w}"' for w in vague)
        problems.append(
            Problem(
                statement_id,
                "undefined-term",
                f"{words} cannot be assessed without a definition: state the criterion "
                "(a value, a list, a referenced method)",
            )
        )
    open_ended = _found(plain, OPEN_ENDED)
    if binding and open_ended and not re.search(r"\d", plain):
        problems.append(
            Problem(
                statement_id,
                "assessable-criterion",
                f'"{open_ended[0]}" gives a direction, not a criterion: state the limit or tolerance '
                "that a result is compared with",
            )
        )
    assessment = _found(plain, ASSESSMENT_WORDS)
    if assessment:
        problems.append(
            Problem(
                statement_id,
                "assessment-neutral",
                f'"{assessment[0]}" says who assesses or how: keep the conformity assessment activity '
                "in the scheme and the requirement on the object",
            )
        )
    return problems


def lint(statements: Iterable[tuple[str, str]]) -> LintReport:
    """Check ``(id, text)`` pairs.

    >>> lint([("a", "Records shall be kept for 3 years."), ("b", "Records should be legible.")]).problems
    ()
    """
    count = 0
    problems: list[Problem] = []
    for statement_id, text in statements:
        count += 1
        problems.extend(check(statement_id, text))
    return LintReport(count, tuple(problems))


def lint_text(text: str) -> LintReport:
    """Check plain text, one statement per non-empty line (see :func:`statements_from_lines`)."""
    return lint(statements_from_lines(text))


def statements_from_lines(text: str) -> Iterator[tuple[str, str]]:
    """Plain text: one statement per non-empty line, its id the line number (from 1).

    >>> list(statements_from_lines("First shall.\\n\\nSecond shall."))
    [('1', 'First shall.'), ('3', 'Second shall.')]
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield str(number), line.strip()


def statements_from_markdown(text: str) -> Iterator[tuple[str, str]]:
    """Markdown: each non-empty line of prose or list item is a statement, id its line number;
    headings, code blocks, tables, quotes and rules are skipped, list markers removed.

    >>> list(statements_from_markdown("# 4 Context\\n\\n- The body shall keep a list.\\n```\\ncode\\n```"))
    [('3', 'The body shall keep a list.')]
    """
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not stripped or stripped.startswith(("#", "|", ">", "<!--")):
            continue
        if re.fullmatch(r"[-*_=]{3,}", stripped):
            continue
        item = _LIST_MARKER.sub("", stripped).strip()
        if item:
            yield str(number), item


def _prose_of(part: Mapping[str, Any], control_id: str) -> Iterator[tuple[str, str]]:
    children = [p for p in part.get("parts", []) if p.get("name") in ("item", "statement")]
    prose = str(part.get("prose", "")).strip()
    if children:
        for child in children:
            yield from _prose_of(child, control_id)
    elif prose:
        yield str(part.get("id", control_id)), prose


def _controls(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for group in node.get("groups", []):
        yield from _controls(group)
    for control in node.get("controls", []):
        yield control
        yield from _controls(control)


def statements_from_oscal(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """An OSCAL catalog (JSON, as a dict): the leaf items of every control's "statement" part,
    each with its part id (a control without a statement part is skipped).

    >>> catalog = {"catalog": {"controls": [{"id": "c-1", "title": "T", "parts": [
    ...     {"id": "c-1_smt", "name": "statement", "parts": [
    ...         {"id": "c-1_smt.a", "name": "item", "prose": "Records shall be kept."},
    ...         {"id": "c-1_smt.b", "name": "item", "prose": "Records shall be legible."}]}]}]}}
    >>> [i for i, _ in statements_from_oscal(catalog)]
    ['c-1_smt.a', 'c-1_smt.b']
    """
    catalog = document.get("catalog", document)
    for control in _controls(catalog):
        for part in control.get("parts", []):
            if part.get("name") == "statement":
                yield from _prose_of(part, str(control.get("id", "")))


def verbal_form(text: str) -> str:
    """The kind of provision a statement's verbal form makes (Directives Part 2, 7).

    >>> [verbal_form(t) for t in ("It shall.", "It should.", "It may.", "It can.", "Note.")]
    ['requirement', 'recommendation', 'permission', 'informative', 'informative']
    """
    found = {m.lower() for m in re.findall(_REQUIREMENT_VERBS, text, re.IGNORECASE)}
    if found & {"shall", "must"}:
        return "requirement"
    if "should" in found:
        return "recommendation"
    if "may" in found:
        return "permission"
    return "informative"
