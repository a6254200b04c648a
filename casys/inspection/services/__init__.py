"""Operations of the inspection app: each change is atomic and written to the audit log."""

from __future__ import annotations

from functools import cache

from casys.core.schemes import Scheme, SchemeError, available_schemes, load_scheme


class InspectionError(ValueError):
    """Bad input or a refused operation; the message starts with the field at fault and, where a
    rule of ISO/IEC 17020 refuses, names the clause."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@cache
def inspection_schemes() -> tuple[str, ...]:
    """The ids of the shipped schemes an inspection body runs (``body = "inspection"``)."""
    return tuple(s for s in available_schemes() if load_scheme(s).body == "inspection")


@cache
def scheme(scheme_id: str) -> Scheme:
    """An inspection scheme by id; ``InspectionError`` naming ``scheme_id`` otherwise."""
    if scheme_id not in inspection_schemes():
        raise InspectionError("scheme_id", f"{scheme_id!r} is not a shipped inspection scheme")
    try:
        return load_scheme(scheme_id)
    except SchemeError as exc:  # a shipped file that does not load is a defect of the release
        raise InspectionError("scheme_id", str(exc)) from exc
