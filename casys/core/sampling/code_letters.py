"""Sample size code letters (MIL-STD-105E Table I; the same table is ISO 2859-1 Table 1).

The code letter depends on the lot or batch size and the inspection level:
special levels S-1 to S-4 and general levels I, II, III (MIL-STD-105E 4.8;
level II unless otherwise specified).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from casys.core.sampling.tables import SamplingTableError, shipped_text

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

# Code letters in the order of the master tables (MIL-STD-105E Table II-A rows).
LETTERS: tuple[str, ...] = tuple("ABCDEFGHJKLMNPQR")


@dataclass(frozen=True)
class CodeLetter:
    """Sample size code letter for a lot (MIL-STD-105E Table I)."""

    lot_size: int
    level: str
    letter: str
    lot_size_min: int
    lot_size_max: int | None
    reference: str = "MIL-STD-105E Table I"


@cache
def _table_i() -> tuple[tuple[int, int | None, dict[str, str]], ...]:
    text = shipped_text("mil_std_105e_table_I.csv")
    body = "\n".join(text.splitlines()[1:])
    rows = []
    for row in csv.DictReader(io.StringIO(body)):
        high = row["lot_size_max"].strip()
        rows.append((int(row["lot_size_min"]), int(high) if high else None, {lv: row[lv] for lv in LEVELS}))
    return tuple(rows)


def normalise_level(level: str) -> str:
    """Accept "II", "2", "s-3", "S3" for the inspection level; raise naming the field otherwise.

    >>> normalise_level("s3"), normalise_level("2")
    ('S-3', 'II')
    """
    text = str(level).strip().upper().replace(" ", "")
    text = {"1": "I", "2": "II", "3": "III"}.get(text, text)
    if text.startswith("S") and not text.startswith("S-"):
        text = "S-" + text[1:]
    if text not in LEVELS:
        levels = ", ".join(LEVELS)
        raise SamplingTableError(f"level: {level!r} is not an inspection level; use one of {levels}")
    return text


def code_letter(lot_size: int, level: str = "II") -> CodeLetter:
    """Sample size code letter for ``lot_size`` at inspection ``level`` (MIL-STD-105E Table I).

    >>> code_letter(5000, "II").letter, code_letter(5000, "S-1").letter, code_letter(2, "III").letter
    ('L', 'C', 'B')
    """
    level = normalise_level(level)
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < 2:
        raise SamplingTableError(f"lot-size: must be an integer >= 2 (MIL-STD-105E Table I), got {lot_size}")
    for low, high, letters in _table_i():
        if lot_size >= low and (high is None or lot_size <= high):
            return CodeLetter(lot_size, level, letters[level], low, high)
    raise SamplingTableError(f"lot-size: {lot_size} is outside MIL-STD-105E Table I")  # pragma: no cover
