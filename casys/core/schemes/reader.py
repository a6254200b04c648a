"""Typed reading of a scheme file's TOML tables; every error names file, key and problem."""

from __future__ import annotations

from typing import Any


class SchemeError(ValueError):
    """A scheme file is malformed; the message names file, key and problem."""


class Reader:
    """Typed access to a TOML table, raising :class:`SchemeError` with the key path."""

    def __init__(self, filename: str, table: dict[str, Any], path: str = "") -> None:
        self.filename = filename
        self.table = table
        self.path = path

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> SchemeError:
        return SchemeError(f"{self.filename}: {self.key(name)}: {problem}")

    def get(
        self,
        name: str,
        kind: type | tuple[type, ...],
        default: Any = ...,
    ) -> Any:
        if name not in self.table:
            if default is ...:
                raise self.fail(name, "missing key")
            return default
        value = self.table[name]
        # bool is an int in Python: refuse true/false where a number is expected.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(name, f"expected {_kind_name(kind)}, got {value!r}")
        if not isinstance(value, kind):
            raise self.fail(name, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def choice(self, name: str, allowed: tuple[str, ...], what: str, default: Any = ...) -> Any:
        value = self.get(name, str, default)
        if value is not None and value not in allowed:
            raise self.fail(name, f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})")
        return value

    def sub(self, name: str, default: Any = ...) -> Reader | None:
        value = self.get(name, dict, default)
        return None if value is None else Reader(self.filename, value, self.key(name))

    def reject_unknown(self, known: set[str]) -> None:
        for name in self.table:
            if name not in known:
                raise self.fail(name, f"unknown key (known: {', '.join(sorted(known))})")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a table",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)
