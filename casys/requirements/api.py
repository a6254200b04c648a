"""API of the requirements app (mounted under /api/v1/requirements/), token authentication.

Statements are shared reference data: every member of a body reads them. A body's licensed text
of a statement is returned to that body's tokens only.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from casys.requirements.models import LicensedText, Requirement
from casys.requirements.services import catalogues

router = Router(tags=["requirements"])
MAX_IDS = 200


class StatementOut(Schema):
    id: str
    catalogue: str
    number: str
    label: str
    title: str
    kind: str
    text: str
    parent: str | None
    licensed_text: str | None


def _out(requirement: Requirement, licensed: dict[int, str]) -> StatementOut:
    return StatementOut(
        id=requirement.uid,
        catalogue=requirement.document.key,
        number=requirement.number,
        label=requirement.label,
        title=requirement.title,
        kind=requirement.kind,
        text=requirement.text,
        parent=requirement.parent.uid if requirement.parent_id else None,
        licensed_text=licensed.get(requirement.pk),
    )


def _requirements(ids: list[str], profile: str | None) -> list[Requirement]:
    if profile:
        try:
            return catalogues.resolve(catalogues.profile_for(profile), ids)
        except (catalogues.UnknownProfile, catalogues.UnknownRequirement) as exc:
            raise HttpError(404, str(exc)) from exc
    found = {r.uid: r for r in Requirement.objects.filter(uid__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise HttpError(404, f"{missing[0]}: no such requirement")
    return [found[i] for i in ids]


@router.get("/statements", response=list[StatementOut])
def statements(request: HttpRequest, ids: Query[list[str]], profile: str | None = None) -> list[StatementOut]:
    """Requirement statements by stable id (``?ids=iso9001:2015/8.5.1&ids=…``); with
    ``profile`` (a scheme id or profile key) the ids are resolved in that profile, and an id it
    does not select is a 404 naming it."""
    if not request.scope.body_ids:  # type: ignore[attr-defined]
        raise HttpError(404, "no body")
    if not ids or len(ids) > MAX_IDS:
        raise HttpError(422, f"ids: give 1 to {MAX_IDS} requirement ids")
    requirements = _requirements(ids, profile)
    licensed = dict(
        LicensedText.objects.filter(requirement__in=requirements).values_list("requirement_id", "text")
    )
    return [_out(r, licensed) for r in requirements]
