"""Standards published as NISO STS / ISO STS XML (ANSI/NISO Z39.102): clause ids, titles, text.

ISO keeps an XML source of every new standard in STS (the NISO Standards Tag Suite, of which ISO
STS is the ISO flavour). casys reads from it what a catalogue needs:

- the document and its edition from ``<front>``/``<std-meta>`` (NISO STS 1.x also
  ``<std-doc-meta>``; ISO STS ``<iso-meta>``): ``<std-ident>`` (``<originator>``,
  ``<doc-number>``, ``<part-number>``, ``<edition>``), ``<std-ref type="dated">`` (``ISO
  9001:2015``) or ``<release-date>``, and the title from ``<title-wrap>``;
- the clause tree from ``<body>`` (``<sec>`` nested) and ``<back>`` (annexes: ``<app>``), each with
  its ``<label>`` (the clause number, ``4.1``; an annex ``Annex A`` is clause ``A``) and
  ``<title>``; the text of a clause is its own ``<p>`` elements (not those of its subclauses).

The file is parsed with :mod:`defusedxml` (no entity expansion, no external entity or DTD
retrieval). A file is taken whole or not at all: the first problem is named by its element path
(``/standard/body/sec[2]/sec[1]``) and nothing is saved.

Most standards are copyrighted: the shared catalogue gets clause numbers and titles only, unless
the document is openly licensed and ``with_text`` is asked for; a body that licensed the standard
loads the text of the clauses as its licensed text (:func:`licensed_rows`).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - types only; parsing goes through defusedxml
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from casys.auditlog.services import SYSTEM, Actor
from casys.requirements.models import CASYS_NS, Kind, NormativeDocument, Requirement
from casys.requirements.services import oscal

MAX_BYTES = 20 * 1024 * 1024
UUID_NAMESPACE = uuid.UUID("0c7f3a52-5b1e-4d8e-a1f7-3e5d2c9b8a41")
_META = ("std-meta", "std-doc-meta", "iso-meta", "reg-meta", "nat-meta")
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.]*$")
_INFORMATIVE_TYPES = {"scope", "norm-refs", "terms", "intro", "foreword", "bibl"}


class StsError(ValueError):
    """A file casys cannot take as STS; ``path`` is the element path (``/standard/body/sec[2]``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass
class Clause:
    number: str
    title: str
    text: str
    path: str
    informative: bool = False
    children: list[Clause] = field(default_factory=list)


@dataclass(frozen=True)
class Standard:
    key: str
    title: str
    publisher: str
    released: str  # ISO date or ""
    clauses: tuple[Clause, ...]

    def walk(self) -> Iterator[Clause]:
        stack = list(reversed(self.clauses))
        while stack:
            clause = stack.pop()
            yield clause
            stack.extend(reversed(clause.children))


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


def _first(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    found = _children(element, name)
    return found[0] if found else None


def _descendant(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    for node in element.iter():
        if _local(node.tag) == name:
            return node
    return None


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def parse(content: bytes) -> ET.Element:
    """The root element of an STS file, refusing what is not well-formed or not safe to expand."""
    if len(content) > MAX_BYTES:
        raise StsError("file", f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        root = SafeET.fromstring(content)
    except DefusedXmlException as exc:
        raise StsError(
            "file",
            f"refused: {type(exc).__name__} (entity declarations and external references are not read)",
        ) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise StsError(f"line {line} column {column}", "not well-formed XML") from exc
    if _local(root.tag) != "standard":
        raise StsError(f"/{_local(root.tag)}", "not an STS document: the root element must be <standard>")
    return root


def _key(meta: ET.Element, path: str) -> str:
    ident = _first(meta, "std-ident")
    originator = _text(_first(ident, "originator"))
    number = _text(_first(ident, "doc-number"))
    part = _text(_first(ident, "part-number"))
    dated = next((_text(r) for r in _children(meta, "std-ref") if r.get("type") == "dated"), "")
    if not number and dated:
        number = re.sub(r"^[A-Za-z/ ]+", "", dated.split(":", 1)[0]).strip()
        originator = originator or dated.split(" ", 1)[0]
    if not number:
        raise StsError(f"{path}/std-ident/doc-number", "the document number is missing")
    year = ""
    if ":" in dated:
        year = re.sub(r"\(.*\)$", "", dated.split(":", 1)[1]).strip()
    if not year:
        year = _text(_first(meta, "release-date"))[:4]
    if not year:
        raise StsError(
            f"{path}/std-ref", 'the edition is missing: give <std-ref type="dated"> or <release-date>'
        )
    org = originator.split("/", 1)[0].lower()
    document = re.sub(r"[^a-z0-9.-]", "", f"{org}{number}{'-' + part if part else ''}".lower())
    return f"{document}:{re.sub(r'[^A-Za-z0-9.+-]', '', year)}"


def _clause_number(label: str) -> str:
    label = label.strip()
    annex = re.match(r"^(?:Annex|Appendix|Annexe|Приложение)\s+(\S+)$", label, re.IGNORECASE)
    return (annex.group(1) if annex else label).rstrip(".")


def _informative(element: ET.Element) -> bool:
    return element.get("sec-type") in _INFORMATIVE_TYPES or element.get("content-type") == "inform-annex"


def _clauses(element: ET.Element, path: str, seen: dict[str, str]) -> list[Clause]:
    out: list[Clause] = []
    counts: dict[str, int] = {}
    for child in element:
        name = _local(child.tag)
        if name in ("app-group", "sec-group"):
            counts[name] = counts.get(name, 0) + 1
            out.extend(_clauses(child, f"{path}/{name}[{counts[name]}]", seen))
            continue
        if name not in ("sec", "app"):
            continue
        counts[name] = counts.get(name, 0) + 1
        here = f"{path}/{name}[{counts[name]}]"
        label = _text(_first(child, "label"))
        if not label:
            raise StsError(
                here, f"a clause without a <label> (its title: {_text(_first(child, 'title'))[:80]!r})"
            )
        number = _clause_number(label)
        if not _NUMBER.match(number):
            raise StsError(f"{here}/label", f"{label!r} is not a clause number (e.g. 4.1, Annex A)")
        if number in seen:
            raise StsError(f"{here}/label", f"clause {number} appears twice (also at {seen[number]})")
        seen[number] = here
        title = _text(_first(child, "title"))
        if not title:
            raise StsError(f"{here}/title", f"clause {number} has no <title>")
        text = "\n".join(t for t in (_text(p) for p in _children(child, "p")) if t)
        clause = Clause(number, title[:500], text, here, informative=_informative(child))
        clause.children = _clauses(child, here, seen)
        out.append(clause)
    return out


def read(content: bytes) -> Standard:
    """The document, its edition and its clause tree, checked; raises :class:`StsError`."""
    root = parse(content)
    front = _first(root, "front")
    meta = None
    meta_path = ""
    for name in _META:
        meta = _descendant(front, name)
        if meta is not None:
            meta_path = f"/standard/front/{name}"
            break
    if meta is None:
        raise StsError("/standard/front", "no <std-meta> (the document id and edition) in the front matter")
    key = _key(meta, meta_path)
    wrap = _first(meta, "title-wrap")
    title = _text(_first(wrap, "full")) or " — ".join(
        t for t in (_text(_first(wrap, n)) for n in ("intro", "main", "compl")) if t
    )
    dated = next((_text(r) for r in _children(meta, "std-ref") if r.get("type") == "dated"), "")
    ident = _first(meta, "std-ident")
    seen: dict[str, str] = {}
    clauses: list[Clause] = []
    for part in ("body", "back"):
        element = _first(root, part)
        if element is not None:
            clauses.extend(_clauses(element, f"/standard/{part}", seen))
    if not clauses:
        raise StsError("/standard/body", "no clause (<sec> with a <label> and a <title>)")
    return Standard(
        key=key,
        title=(f"{dated} {title}".strip() if title else dated or key)[:300],
        publisher=_text(_first(ident, "originator")),
        released=_text(_first(meta, "release-date"))[:10],
        clauses=tuple(clauses),
    )


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": CASYS_NS, "value": value}


def _node(key: str, clause: Clause, with_text: bool) -> dict[str, Any]:
    kind = Kind.INFORMATIVE if clause.informative else Kind.REQUIREMENT
    node: dict[str, Any] = {
        "id": f"clause-{clause.number}",
        "title": clause.title,
        "props": [
            {"name": "label", "value": clause.number},
            _prop("requirement-id", f"{key}/{clause.number}"),
            _prop("kind", kind.value),
        ],
    }
    if with_text and clause.text:
        node["parts"] = [{"id": f"clause-{clause.number}_smt", "name": "statement", "prose": clause.text}]
    if clause.children:
        node["controls"] = [_node(key, c, with_text) for c in clause.children]
    return node


def catalog(
    standard: Standard, *, key: str | None = None, with_text: bool = False, source_name: str = ""
) -> dict[str, Any]:
    """The OSCAL catalog of the standard: top clauses as groups, subclauses as controls."""
    key = key or standard.key
    released = standard.released if re.match(r"^\d{4}-\d{2}-\d{2}$", standard.released) else ""
    metadata: dict[str, Any] = {
        "title": standard.title or key,
        "last-modified": f"{released or '1970-01-01'}T00:00:00Z",
        "version": key.split(":", 1)[1] if ":" in key else key,
        "oscal-version": oscal.OSCAL_VERSION,
        "props": [_prop("catalogue-key", key), _prop("source", f"NISO STS XML {source_name}".strip())],
    }
    if standard.publisher:
        metadata["props"].append(_prop("publisher", standard.publisher))
    groups = [_node(key, clause, with_text) for clause in standard.clauses]
    return {
        "catalog": {
            "uuid": str(uuid.uuid5(UUID_NAMESPACE, key)),
            "metadata": metadata,
            "groups": groups,
        }
    }


def import_standard(
    content: bytes,
    *,
    key: str | None = None,
    with_text: bool = False,
    source_name: str = "",
    actor: Actor = SYSTEM,
) -> NormativeDocument:
    """Create or update the catalogue of an STS file (clause numbers and titles; the text only with
    ``with_text``, for an openly licensed document); all or nothing."""
    standard = read(content)
    if key is not None and not oscal.KEY_PATTERN.match(key):
        raise StsError("key", f"{key!r} is not document:edition in lower case, e.g. iso9001:2015")
    document_json = catalog(standard, key=key, with_text=with_text, source_name=source_name)
    try:
        return oscal.import_catalog(document_json, source_name=source_name, actor=actor)
    except oscal.OscalError as exc:
        raise StsError("file", exc.message) from exc


@dataclass(frozen=True)
class TextRow:
    path: str
    requirement: Requirement
    text: str


def licensed_rows(document: NormativeDocument, content: bytes) -> list[TextRow]:
    """The clause texts of an STS file for a body's licensed text of ``document``: the file must be
    that document (same key), every clause with text must be in the catalogue."""
    standard = read(content)
    if standard.key != document.key:
        raise StsError("/standard/front", f"the file is {standard.key}, not {document.key}")
    by_number = {r.number: r for r in Requirement.objects.filter(document=document)}
    rows = []
    for clause in standard.walk():
        if not clause.text:
            continue
        requirement = by_number.get(clause.number)
        if requirement is None:
            raise StsError(
                f"{clause.path}/label", f"clause {clause.number} is not in the catalogue {document.key}"
            )
        rows.append(TextRow(clause.path, requirement, clause.text))
    if not rows:
        raise StsError("/standard/body", "no clause carries text (<p>)")
    return rows
