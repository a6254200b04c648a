"""Public page of a validation/verification statement (ISO/IEC 17029, ISO 14064-3): the statement's
registry address (``/registry/verify/<issuer>/<number>/``, its credential's id and the QR code's target)
shows the verified figures and whether the statement is current or superseded by a correction."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casys.attestations.identity import verification_path
from casys.attestations.models import Attestation, Kind
from casys.verification.models import Engagement, EngagementStatus


def find(issuer: str, number: str) -> Attestation | None:
    """The public statement ``number`` of ``issuer`` (its attestation row), or None."""
    return (
        Attestation.all_objects.filter(
            issuer_slug=issuer, number=number, kind=Kind.VERIFICATION_STATEMENT, public=True
        )
        .select_related("issuer")
        .first()
    )


def find_by_number(number: str) -> Attestation | None:
    """The public statement whose number is ``number`` whatever its case (a search by number)."""
    return (
        Attestation.all_objects.filter(
            number__iexact=number.strip(), kind=Kind.VERIFICATION_STATEMENT, public=True
        )
        .order_by("id")
        .first()
    )


def path_of(row: Attestation) -> str:
    return verification_path(row.issuer_slug, row.number)


def _engagement(row: Attestation) -> Engagement | None:
    return (
        Engagement.all_objects.filter(
            body_id=row.issuer_id, number=row.number, status=EngagementStatus.ISSUED
        )
        .select_related("body")
        .first()
    )


def statement_page(request: HttpRequest, row: Attestation) -> HttpResponse:
    """The verified figures, the opinion, the status; a superseded statement links its successor."""
    e = _engagement(row)
    snapshot: dict[str, Any] = e.snapshot if e is not None else {}
    successor = (
        Engagement.all_objects.filter(supersedes=e, status=EngagementStatus.ISSUED).first() if e else None
    )
    context = {
        "a": row,
        "s": snapshot,
        "successor": successor,
        "successor_url": verification_path(row.issuer_slug, successor.number) if successor else "",
        "predecessor_url": (
            verification_path(row.issuer_slug, snapshot["supersedes"]) if snapshot.get("supersedes") else ""
        ),
        "history": [h for h in row.history if "on" in h and "status" in h],
    }
    return render(request, "registry/statement.html", context)
