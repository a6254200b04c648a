"""Operations of the certification of persons: each change is atomic and written to the audit log."""

from __future__ import annotations

from functools import cache

from casys.core.schemes import Scheme, available_schemes, load_scheme
from casys.core.schemes.persons import PersonsScheme


class PersonsInputError(ValueError):
    """Bad input; the message starts with the field (or row and column) at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ImpartialityError(PersonsInputError):
    """An assignment refused by an impartiality rule; the message names the rule."""


@cache
def persons_schemes() -> tuple[Scheme, ...]:
    """The shipped schemes a certification body for persons runs (``body = "persons"``)."""
    return tuple(s for sid in available_schemes() if (s := load_scheme(sid)).body == "persons")


def scheme(scheme_id: str) -> Scheme:
    for s in persons_schemes():
        if s.id == scheme_id:
            return s
    raise PersonsInputError("scheme", f"no scheme for persons {scheme_id!r}")


def persons_part(scheme_id: str) -> PersonsScheme:
    found = scheme(scheme_id).persons
    assert found is not None  # noqa: S101 - the loader requires the table of a persons scheme
    return found
