"""NIST OSCAL catalog and profile (JSON): validation against the published schema, import, export.

A file is checked against the OSCAL JSON schema (``data/schema``, OSCAL 1.2.1, see
``data/PROVENANCE.md``) before anything is read from it; a file that fails is refused with the
JSON path of the first error, and an import is all-or-nothing (one transaction).

What casys models (catalogue key, clause tree, titles, kind of provision, selection) is read into
columns; every other OSCAL field of a node (params, props, parts, links …) is kept as imported,
so an export gives back the document that was imported.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from jsonschema import Draft7Validator, ValidationError, validators
from jsonschema.exceptions import best_match

from casys.auditlog.services import SYSTEM, Actor, log
from casys.core.requirements_lint import verbal_form
from casys.requirements.models import (
    CASYS_NS,
    Element,
    Kind,
    NormativeDocument,
    Profile,
    ProfileEntry,
    ProfileImport,
    Requirement,
)

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"
SCHEMAS = {"catalog": "oscal_catalog_schema.json", "profile": "oscal_profile_schema.json"}
#: The models casys exports only (an audit's results and its findings' plan of action), validated
#: by name: ``validate(document, "assessment-results")``.
EXPORT_SCHEMAS = {
    "assessment-results": "oscal_assessment-results_schema.json",
    "plan-of-action-and-milestones": "oscal_poam_schema.json",
}
OSCAL_VERSION = "1.1.2"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*:[A-Za-z0-9][A-Za-z0-9.+-]*$")


class OscalError(ValueError):
    """A file casys cannot take; ``path`` is the JSON path (``$.catalog.metadata.title``) or field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


# --- validation ---------------------------------------------------------------------------------

# The OSCAL schemas write token patterns with Unicode classes (\p{L}, \p{N}) that Python's re
# lacks; they are read as their Python equivalents (a letter; a decimal digit).
_UNICODE_CLASSES = ((r"\p{L}", r"[^\W\d_]"), (r"\p{N}", r"\d"))


def _python_pattern(pattern: str) -> str:
    for unicode_class, python in _UNICODE_CLASSES:
        pattern = pattern.replace(unicode_class, python)
    return pattern


def _pattern(validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not re.search(_python_pattern(pattern), instance):
        shown = (
            f" {pattern!r}"
            if len(pattern) <= 60
            else " (a date-time with its time zone)"
            if "T(2" in pattern
            else ""
        )
        yield ValidationError(f"{instance[:80]!r} does not match the expected form{shown}")


OscalValidator = validators.extend(Draft7Validator, {"pattern": _pattern})


@cache
def _validator(model: str) -> Any:
    schema = json.loads((SCHEMA_DIR / {**SCHEMAS, **EXPORT_SCHEMAS}[model]).read_text(encoding="utf-8"))
    return OscalValidator(schema)


def validate(document: Any, model: str | None = None) -> str:
    """Check ``document`` against the OSCAL schema of its model; return the model ("catalog" or
    "profile"), or raise :class:`OscalError` naming the JSON path of the first problem."""
    if not isinstance(document, dict):
        raise OscalError("$", "an OSCAL document is a JSON object")
    found = [m for m in SCHEMAS if m in document]
    if model is None:
        if len(found) != 1:
            raise OscalError("$", 'expected an OSCAL "catalog" or "profile" object at the top')
        model = found[0]
    elif model not in document:
        raise OscalError("$", f'expected an OSCAL "{model}" object at the top')
    error = best_match(_validator(model).iter_errors(document))
    if error is not None:
        raise OscalError(error.json_path, f"{error.message[:300]} (OSCAL {model} schema)")
    return model


def parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise OscalError(f"line {exc.lineno} column {exc.colno}", f"not JSON ({exc.msg})") from exc


# --- helpers ------------------------------------------------------------------------------------


def casys_prop(node: Mapping[str, Any], name: str) -> str | None:
    for prop in node.get("props", []):
        if prop.get("ns") == CASYS_NS and prop.get("name") == name:
            return str(prop["value"])
    return None


def _label(node: Mapping[str, Any]) -> str:
    """The node's plain label: a "label" property without a class (NIST also gives zero-padded ones)."""
    labels = [p for p in node.get("props", []) if p.get("name") == "label" and p.get("ns") in (None, "")]
    labels.sort(key=lambda p: "class" in p)
    return str(labels[0]["value"])[:100] if labels else ""


def _prose(part: Mapping[str, Any], depth: int = 0) -> list[str]:
    lines = []
    label = _label(part)
    prose = str(part.get("prose", "")).strip()
    if prose:
        lines.append(("  " * depth) + (f"{label} " if label else "") + prose)
    for child in part.get("parts", []):
        if child.get("name") in ("item", "statement"):
            lines.extend(_prose(child, depth + (1 if prose else 0)))
    return lines


def statement_text(node: Mapping[str, Any]) -> str:
    """The text of a control: its "statement" part, items one per line."""
    lines: list[str] = []
    for part in node.get("parts", []):
        if part.get("name") == "statement":
            lines.extend(_prose(part))
    return "\n".join(lines)


# --- catalog import -----------------------------------------------------------------------------

_NODE_FIELDS = ("id", "title", "groups", "controls")


def _walk(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, str, Mapping[str, Any], str]]:
    """(json path, element, node, parent json path) depth first, in document order."""
    for name, element in (("groups", Element.GROUP), ("controls", Element.CONTROL)):
        for i, child in enumerate(node.get(name, [])):
            child_path = f"{path}.{name}[{i}]"
            yield child_path, element, child, path
            yield from _walk(child, child_path)


def _kind(node: Mapping[str, Any], element: str, text: str, path: str) -> str:
    given = casys_prop(node, "kind")
    if given is not None:
        if given not in Kind.values:
            raise OscalError(f"{path}.props", f"kind {given!r} is not one of {', '.join(Kind.values)}")
        return given
    if element == Element.GROUP:
        return Kind.INFORMATIVE
    # A control is a requirement unless its own verbal form says it is weaker (a "should" text).
    form = verbal_form(text) if text else Kind.REQUIREMENT
    return form if form in (Kind.RECOMMENDATION, Kind.PERMISSION) else Kind.REQUIREMENT


def _catalogue_key(catalog: Mapping[str, Any], key: str | None) -> str:
    key = key or casys_prop(catalog.get("metadata", {}), "catalogue-key")
    if not key:
        raise OscalError("key", "give the catalogue's key as document:edition (e.g. --key sp800-53:rev5)")
    if not KEY_PATTERN.match(key):
        raise OscalError("key", f"{key!r} is not document:edition in lower case, e.g. iso9001:2015")
    return key


def _rows(document: NormativeDocument, catalog: Mapping[str, Any]) -> list[tuple[Requirement, str]]:
    """Requirement rows (unsaved) with the JSON path of their parent node."""
    rows: list[tuple[Requirement, str]] = []
    numbers: dict[str, str] = {}
    for position, (path, element, node, parent_path) in enumerate(_walk(catalog, "$.catalog")):
        text = statement_text(node)
        uid = casys_prop(node, "requirement-id")
        number = uid.split("/", 1)[1] if uid and "/" in uid else str(node["id"])
        if uid and uid.split("/", 1)[0] != document.key:
            raise OscalError(f"{path}.props", f"requirement id {uid!r} is not of catalogue {document.key}")
        if number in numbers:
            raise OscalError(f"{path}.id", f"{number!r} is used twice (also at {numbers[number]})")
        numbers[number] = path
        requirement = Requirement(
            document=document,
            uid=f"{document.key}/{number}",
            number=number[:100],
            oscal_id=str(node["id"]),
            label=_label(node),
            title=str(node["title"])[:500],
            kind=_kind(node, element, text, path),
            element=element,
            text=text,
            position=position,
            depth=path.count(".") - 1,  # a top-level clause is depth 1
            extra={k: v for k, v in node.items() if k not in _NODE_FIELDS},
        )
        rows.append((requirement, parent_path))
    return rows


def _save_tree(document: NormativeDocument, rows: list[tuple[Requirement, str]], paths: list[str]) -> None:
    existing = {r.uid: r for r in Requirement.objects.filter(document=document)}
    by_path: dict[str, Requirement] = {}
    fields = ["parent", "number", "oscal_id", "label", "title", "kind", "element", "text"]
    fields += ["position", "depth", "extra"]
    for (requirement, parent_path), path in zip(rows, paths, strict=True):
        requirement.parent = by_path.get(parent_path)
        kept = existing.pop(requirement.uid, None)
        if kept is not None:
            requirement.pk = kept.pk
            requirement.save(update_fields=fields)
        else:
            requirement.save()
        by_path[path] = requirement
    try:
        Requirement.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    except ProtectedError as exc:
        gone = ", ".join(sorted(existing))
        raise OscalError("$.catalog", f"requirements in use by a profile cannot be removed: {gone}") from exc


@transaction.atomic
def import_catalog(
    document_json: Any,
    *,
    key: str | None = None,
    source_name: str = "",
    licence: str = "",
    source: str = "",
    actor: Actor = SYSTEM,
) -> NormativeDocument:
    """Create or update the catalogue an OSCAL catalog describes (all or nothing)."""
    validate(document_json, "catalog")
    catalog = document_json["catalog"]
    key = _catalogue_key(catalog, key)
    metadata = catalog["metadata"]
    document = NormativeDocument.objects.filter(key=key).first() or NormativeDocument(key=key)
    document.title = str(metadata["title"])[:300]
    document.oscal_uuid = uuid.UUID(catalog["uuid"])
    document.metadata = metadata
    document.extra = {k: v for k, v in catalog.items() if k not in ("uuid", "metadata", "groups", "controls")}
    document.source_name = source_name[:300]
    document.licence = licence or casys_prop(metadata, "licence") or document.licence
    document.source = source or casys_prop(metadata, "source") or document.source
    document.publisher = casys_prop(metadata, "publisher") or document.publisher
    document.full_clean(exclude=["previous"])
    document.save()
    walked = list(_walk(catalog, "$.catalog"))
    rows = _rows(document, catalog)
    _save_tree(document, rows, [path for path, *_ in walked])
    document.full_text = any(r.text for r, _ in rows)
    document.save(update_fields=["full_text"])
    log(
        "requirements.catalogue.imported",
        actor=actor,
        obj=document,
        data={"key": key, "requirements": len(rows), "file": source_name},
    )
    return document


# --- catalog export -----------------------------------------------------------------------------


def _children(requirements: list[Requirement]) -> dict[int | None, list[Requirement]]:
    children: dict[int | None, list[Requirement]] = {}
    for requirement in requirements:
        children.setdefault(requirement.parent_id, []).append(requirement)
    return children


def _node(requirement: Requirement, children: dict[int | None, list[Requirement]]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": requirement.oscal_id, "title": requirement.title, **requirement.extra}
    _attach(node, children.get(requirement.pk, []), children)
    return node


def _attach(
    node: dict[str, Any], kids: list[Requirement], children: dict[int | None, list[Requirement]]
) -> None:
    for name, element in (("groups", Element.GROUP), ("controls", Element.CONTROL)):
        nodes = [_node(k, children) for k in kids if k.element == element]
        if nodes:
            node[name] = nodes


def export_catalog(document: NormativeDocument) -> dict[str, Any]:
    """The OSCAL catalog of a catalogue (shared data only: never a body's licensed text)."""
    requirements = list(Requirement.objects.filter(document=document).order_by("position"))
    children = _children(requirements)
    catalog: dict[str, Any] = {"uuid": str(document.oscal_uuid), "metadata": document.metadata}
    catalog.update(document.extra)
    _attach(catalog, children.get(None, []), children)
    return {"catalog": catalog}


# --- profile import and export ------------------------------------------------------------------


def _resource_candidates(profile: Mapping[str, Any], href: str) -> tuple[list[str], list[str]]:
    """(catalogue keys, file names) an import's href points at, through the back-matter."""
    keys: list[str] = []
    names = [href.rsplit("/", 1)[-1]]
    if href.startswith("#"):
        for resource in profile.get("back-matter", {}).get("resources", []):
            if resource.get("uuid") == href[1:]:
                key = casys_prop(resource, "catalogue-key")
                keys += [key] if key else []
                names += [str(r.get("href", "")).rsplit("/", 1)[-1] for r in resource.get("rlinks", [])]
    return keys, names


def _document_for(
    profile: Mapping[str, Any], href: str, path: str, catalogue: str | None
) -> NormativeDocument:
    if catalogue:
        found = NormativeDocument.objects.filter(key=catalogue).first()
        if found is None:
            raise OscalError("catalogue", f"no catalogue {catalogue!r} is loaded")
        return found
    keys, names = _resource_candidates(profile, href)
    found = (
        NormativeDocument.objects.filter(key__in=keys).first()
        or NormativeDocument.objects.filter(source_name__in=[n for n in names if n]).first()
    )
    if found is None:
        raise OscalError(f"{path}.href", f"no loaded catalogue matches {href!r}: import the catalog first")
    return found


def _matches(requirement: Requirement, selector: Mapping[str, Any]) -> bool:
    ids = selector.get("with-ids", [])
    patterns = [m["pattern"] for m in selector.get("matching", [])]
    return requirement.oscal_id in ids or any(re.fullmatch(_glob(p), requirement.oscal_id) for p in patterns)


def _glob(pattern: str) -> str:
    return ".*".join(re.escape(piece) for piece in pattern.split("*")).replace(r"\?", ".")


def _with_children(selected: set[int], requirements: list[Requirement], selectors: list[Any]) -> set[int]:
    if not any(s.get("with-child-controls") == "yes" for s in selectors):
        return selected
    children = _children(requirements)
    stack = list(selected)
    while stack:
        for child in children.get(stack.pop(), []):
            if child.element == Element.CONTROL and child.pk not in selected:
                selected.add(child.pk)
                stack.append(child.pk)
    return selected


def _select(document: NormativeDocument, selectors: Mapping[str, Any], path: str) -> list[Requirement]:
    requirements = list(Requirement.objects.filter(document=document).order_by("position"))
    by_oscal_id = {r.oscal_id: r for r in requirements}
    for name in ("include-controls", "exclude-controls"):
        for i, selector in enumerate(selectors.get(name, [])):
            for j, wanted in enumerate(selector.get("with-ids", [])):
                if wanted not in by_oscal_id:
                    raise OscalError(
                        f"{path}['{name}'][{i}]['with-ids'][{j}]",
                        f"{wanted!r} is not a requirement of catalogue {document.key}",
                    )
    controls = [r for r in requirements if r.element == Element.CONTROL]
    if "include-all" in selectors:
        selected = {r.pk for r in controls}
    else:
        includes = selectors.get("include-controls", [])
        selected = {r.pk for r in controls if any(_matches(r, s) for s in includes)}
        selected = _with_children(selected, requirements, includes)
    excludes = selectors.get("exclude-controls", [])
    dropped = _with_children(
        {r.pk for r in controls if any(_matches(r, s) for s in excludes)}, requirements, excludes
    )
    return [r for r in requirements if r.pk in selected - dropped]


def _profile_key(profile: Mapping[str, Any], key: str | None) -> str:
    key = key or casys_prop(profile.get("metadata", {}), "profile-key")
    if not key:
        raise OscalError("key", "give the profile's key (e.g. --key iso9001)")
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", key):
        raise OscalError("key", f"{key!r} is not a short name (letters, digits, '-' and '_')")
    return key


@transaction.atomic
def import_profile(
    document_json: Any,
    *,
    key: str | None = None,
    scheme: str | None = None,
    catalogue: str | None = None,
    actor: Actor = SYSTEM,
) -> Profile:
    """Create or replace a profile from an OSCAL profile; its catalogues must be loaded first.

    ``catalogue`` names the catalogue every import selects from, when the hrefs do not say it.
    """
    validate(document_json, "profile")
    data = document_json["profile"]
    key = _profile_key(data, key)
    metadata = data["metadata"]
    profile = Profile.objects.filter(key=key).first() or Profile(key=key)
    profile.scheme = scheme if scheme is not None else (casys_prop(metadata, "scheme") or profile.scheme)
    profile.title = str(metadata["title"])[:300]
    profile.oscal_uuid = uuid.UUID(data["uuid"])
    profile.metadata = metadata
    profile.extra = {k: v for k, v in data.items() if k not in ("uuid", "metadata", "imports")}
    profile.save()
    profile.imports.all().delete()
    profile.entries.all().delete()
    chosen: list[Requirement] = []
    for i, item in enumerate(data["imports"]):
        path = f"$.profile.imports[{i}]"
        document = _document_for(data, item["href"], path, catalogue)
        selectors = {k: v for k, v in item.items() if k != "href"}
        ProfileImport.objects.create(
            profile=profile, document=document, position=i, href=item["href"], selectors=selectors
        )
        chosen += [r for r in _select(document, selectors, path) if r not in chosen]
    ProfileEntry.objects.bulk_create([ProfileEntry(profile=profile, requirement=r) for r in chosen])
    log(
        "requirements.profile.imported",
        actor=actor,
        obj=profile,
        data={"key": key, "scheme": profile.scheme, "requirements": len(chosen)},
    )
    return profile


def export_profile(profile: Profile) -> dict[str, Any]:
    imports = [{"href": i.href, **i.selectors} for i in profile.imports.order_by("position")]
    return {
        "profile": {
            "uuid": str(profile.oscal_uuid),
            "metadata": profile.metadata,
            "imports": imports,
            **profile.extra,
        }
    }


def normalised(document: Any) -> str:
    """A canonical text of a JSON document (sorted keys), to compare an export with its import."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
