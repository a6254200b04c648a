"""The catalogues casys ships, profiles by scheme, and resolving requirement ids in a profile.

Shipped data (``casys/requirements/data``, provenance in ``data/PROVENANCE.md``):

- ``iso9001-2015.toml``, ``iso27001-2022.toml``: clause numbers and titles only (public in ISO's
  Online Browsing Platform table of contents), each with a profile for its scheme (every clause);
- ``oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json``: NIST SP 800-53
  rev5, the controls of the LOW baseline with their full text (public domain), and the LOW
  baseline profile.

Clause lists are turned into OSCAL documents and imported through :mod:`.oscal`, the one path
every catalogue takes.
"""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from casys.auditlog.services import SYSTEM, Actor
from casys.requirements.models import CASYS_NS, Element, Kind, NormativeDocument, Profile, Requirement
from casys.requirements.services import mappings, oscal

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CLAUSE_FILES = (
    "iso9001-2015.toml",
    "iso27001-2013.toml",
    "iso27001-2022.toml",
    "loler-1998.toml",
    "type5-electrical-factory.toml",
    "iso14064-3-2019.toml",
)
NIST_CATALOG = DATA_DIR / "oscal" / "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json"
NIST_PROFILE = DATA_DIR / "oscal" / "NIST_SP-800-53_rev5_LOW-baseline_profile.json"
NIST_KEY = "sp800-53:rev5"
NIST_SOURCE = (
    "usnistgov/oscal-content, commit 88bb8deeaa815f8914d68ea7e31a622ebbc1719d, "
    "nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json"
)
NIST_LICENCE = "Public domain (work of the US government); CC0 1.0 worldwide"
# A fixed namespace, so the same data file always gives the same OSCAL uuids.
UUID_NAMESPACE = uuid.UUID("6f1d3c1e-7d0b-4f5e-9b1a-2c3d4e5f6a7b")


class UnknownRequirement(LookupError):
    """An id that is not a requirement of the profile; the message names it and the profile."""

    def __init__(self, requirement_id: str, profile: Profile, detail: str = "") -> None:
        message = f"{requirement_id}: not a requirement of profile {profile.key}"
        super().__init__(message + (f" ({detail})" if detail else ""))
        self.requirement_id = requirement_id
        self.profile = profile


class UnknownProfile(LookupError):
    """No profile is loaded for a scheme."""


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": CASYS_NS, "value": value}


def _parent_number(number: str, known: set[str]) -> str | None:
    parts = number.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:cut])
        if candidate in known:
            return candidate
    return None


def catalog_from_clauses(data: dict[str, Any]) -> dict[str, Any]:
    """An OSCAL catalog from a clause list (a data file): top clauses as groups, the others as
    controls nested under their parent clause, each with its stable id and kind as properties."""
    key = data["key"]
    nodes: dict[str, dict[str, Any]] = {}
    top: list[dict[str, Any]] = []
    for row in data["clauses"]:
        number, title = row[0], row[1]
        kind = row[2] if len(row) > 2 else Kind.REQUIREMENT.value
        parent = _parent_number(number, set(nodes))
        node = {
            "id": f"clause-{number}",
            "title": title,
            "props": [
                {"name": "label", "value": number},
                _prop("requirement-id", f"{key}/{number}"),
                _prop("kind", kind),
            ],
        }
        nodes[number] = node
        if parent is None:
            top.append(node)
        else:
            nodes[parent].setdefault("controls", []).append(node)
    metadata = {
        "title": data["title"],
        "last-modified": f"{data['published']}T00:00:00Z",
        "version": key.split(":", 1)[1],
        "oscal-version": oscal.OSCAL_VERSION,
        "props": [
            _prop("catalogue-key", key),
            _prop("publisher", data["publisher"]),
            _prop("licence", data["licence"]),
            _prop("source", data["source"]),
        ],
    }
    return {"catalog": {"uuid": str(uuid.uuid5(UUID_NAMESPACE, key)), "metadata": metadata, "groups": top}}


def profile_from_clauses(data: dict[str, Any]) -> dict[str, Any]:
    """The OSCAL profile of a scheme that audits against every clause of a catalogue."""
    key, scheme = data["key"], data["scheme"]
    profile_key = data.get("profile", scheme)
    resource = str(uuid.uuid5(UUID_NAMESPACE, f"{key}#resource"))
    metadata = {
        "title": f"{data['title']} — every clause",
        "last-modified": f"{data['published']}T00:00:00Z",
        "version": key.split(":", 1)[1],
        "oscal-version": oscal.OSCAL_VERSION,
        "props": [_prop("profile-key", profile_key), _prop("scheme", scheme)],
    }
    return {
        "profile": {
            "uuid": str(uuid.uuid5(UUID_NAMESPACE, f"{key}#profile")),
            "metadata": metadata,
            "imports": [{"href": f"#{resource}", "include-all": {}}],
            "back-matter": {
                "resources": [
                    {
                        "uuid": resource,
                        "title": data["title"],
                        "props": [_prop("catalogue-key", key)],
                        "rlinks": [{"href": f"{key.replace(':', '-')}.json"}],
                    }
                ]
            },
        }
    }


def read_clause_file(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Loaded:
    catalogues: tuple[NormativeDocument, ...]
    profiles: tuple[Profile, ...]


@transaction.atomic
def load_shipped(actor: Actor = SYSTEM) -> Loaded:
    """Load (or refresh) every catalogue and profile casys ships."""
    catalogues, profiles = [], []
    for name in CLAUSE_FILES:
        data = read_clause_file(DATA_DIR / name)
        catalogues.append(oscal.import_catalog(catalog_from_clauses(data), source_name=name, actor=actor))
        profiles.append(oscal.import_profile(profile_from_clauses(data), actor=actor))
    nist = oscal.parse(NIST_CATALOG.read_text(encoding="utf-8"))
    catalogues.append(
        oscal.import_catalog(
            nist,
            key=NIST_KEY,
            source_name=NIST_CATALOG.name,
            licence=NIST_LICENCE,
            source=NIST_SOURCE,
            actor=actor,
        )
    )
    low = oscal.parse(NIST_PROFILE.read_text(encoding="utf-8"))
    profiles.append(oscal.import_profile(low, key="sp800-53-rev5-low", catalogue=NIST_KEY, actor=actor))
    for mapping in mappings.shipped():
        mappings.link(mapping.old, mapping.new, actor=actor)
    return Loaded(tuple(catalogues), tuple(profiles))


def profile_for(scheme_or_key: str) -> Profile:
    """The profile of a scheme (by scheme id, e.g. ``iso9001``) or by its own key."""
    profile = (
        Profile.objects.filter(key=scheme_or_key).first()
        or Profile.objects.filter(scheme=scheme_or_key).order_by("key").first()
    )
    if profile is None:
        raise UnknownProfile(f"{scheme_or_key}: no profile of requirements is loaded for this scheme")
    return profile


def in_scope(profile: Profile) -> list[Requirement]:
    """The "shall" controls a profile selects, in catalogue order: the requirements to cover."""
    return list(
        Requirement.objects.filter(
            profile_entries__profile=profile, kind=Kind.REQUIREMENT, element=Element.CONTROL
        ).order_by("position")
    )


def resolve(profile: Profile, ids: Iterable[str]) -> list[Requirement]:
    """The requirements ``ids`` name in ``profile``, in the order given.

    An id is a stable id (``iso9001:2015/8.5.1``) or, when the profile selects from one
    catalogue, its clause number (``8.5.1``). An id the profile does not select raises
    :class:`UnknownRequirement` naming it (and saying when the catalogue has it unselected).
    """
    selected = {r.uid: r for r in Requirement.objects.filter(profile_entries__profile=profile)}
    documents = {r.document_id for r in selected.values()}
    by_number = {r.number: r for r in selected.values()} if len(documents) == 1 else {}
    found = []
    for requirement_id in ids:
        requirement = selected.get(requirement_id) or by_number.get(requirement_id)
        if requirement is None:
            exists = Requirement.objects.filter(uid=requirement_id).exists()
            raise UnknownRequirement(
                requirement_id, profile, "in the catalogue but not selected by the profile" if exists else ""
            )
        found.append(requirement)
    return found


def search(document: NormativeDocument, query: str) -> QuerySet[Requirement]:
    """Requirements of a catalogue whose id, clause number, label or title contains ``query``."""
    requirements = Requirement.objects.filter(document=document)
    query = query.strip()
    if not query:
        return requirements
    return requirements.filter(
        Q(uid__icontains=query)
        | Q(number__icontains=query)
        | Q(label__icontains=query)
        | Q(title__icontains=query)
    )
