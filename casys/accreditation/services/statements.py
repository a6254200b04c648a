"""Whether a document may carry an accreditation symbol and number: only when, on its issue date,
an accreditation of the issuing CAB covered what the document attests.

ISO/IEC 17021-1:2015 8.2.2 and 8.3; ISO/IEC 17011:2017 8.3 (use of the accreditation symbol);
ILAC P8 / IAF ML 2 (reference to accreditation on reports and certificates: a report that mixes
accredited and non-accredited results identifies the latter).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from casys.accounts.models import Body
from casys.accreditation.models import Accreditation
from casys.accreditation.services.accreditations import attach_parts, to_record
from casys.core import recognition
from casys.documents.services import data_uri, template_of


@dataclass(frozen=True)
class AccreditationStatement:
    """What a document shows of the accreditation covering it."""

    number: str
    body: str  # the accreditation body's name
    standard: str  # the CAB standard, e.g. ISO/IEC 17025
    symbol: str  # the accreditation body's symbol (data: URI), "" if it has none on file
    methods: tuple[str, ...] = ()  # laboratory: the accredited methods among those asked


def _active_scopes(acc: Accreditation, on: date) -> tuple[recognition.AccreditationScope, ...]:
    state = recognition.accreditation_state(to_record(acc), on)
    return state.scopes if state.status == "active" else ()


def _statement(acc: Accreditation, methods: tuple[str, ...] = ()) -> AccreditationStatement:
    t = template_of(acc.body)
    return AccreditationStatement(
        number=acc.number,
        body=acc.body.name,
        standard=acc.standard,
        symbol=data_uri(t.mark, t.mark_type),
        methods=methods,
    )


def _held(cab: Body, standard: str) -> list[Accreditation]:
    # a system read: the accreditation is the accreditation body's record, shown on the CAB's document
    accs = Accreditation.all_objects.filter(cab_id=cab.pk, standard=standard).select_related("body")
    return attach_parts(list(accs.order_by("valid_from", "id")))


def for_certificate(
    cab: Body, *, standard: str, documents: Sequence[str], iaf_codes: Sequence[object], on: date
) -> AccreditationStatement | None:
    """The accreditation covering every normative document with all its IAF codes on ``on``, or None."""
    codes = [str(c) for c in iaf_codes]
    for acc in _held(cab, standard):
        scopes = _active_scopes(acc, on)
        if documents and all(any(s.covers(d, codes) for s in scopes) for d in documents):
            return _statement(acc)
    return None


def for_methods(
    cab: Body, *, standard: str, methods: Sequence[str], on: date
) -> AccreditationStatement | None:
    """The accreditation covering at least one of ``methods`` on ``on`` (with the ones it covers)."""
    for acc in _held(cab, standard):
        scoped = {m for s in _active_scopes(acc, on) for m in s.methods}
        covered = tuple(m for m in methods if m in scoped)
        if covered:
            return _statement(acc, covered)
    return None
