"""Reading examination data handed in as CSV text, and scoring chosen options against a key.

All-or-nothing like ``casys.core.proficiency.csv_input``: every row is checked, every
problem collected, and :class:`ExamInputError` lists them (rows count the header as row 1,
as a spreadsheet shows them; columns are named by their header).

Layouts:

- **key**: ``item,key`` and optionally ``options`` (the item's options separated by ``|``,
  e.g. ``A|B|C|D``). A key of ``1`` with no options means the item is handed in already
  scored (responses 0/1). Without ``options`` a chosen-option item accepts any answer.
- **responses**: ``candidate`` then one column per item (the header names the items), one
  row per candidate; a cell holds the chosen option, or 0/1 for a pre-scored item; an empty
  cell is an omitted answer (scored 0).
- **ratings** (Angoff): ``judge`` then one column per item, probabilities 0–1; an optional
  ``round`` column numbers the rounds.
- **scores**: ``candidate,score``.
- **groups**: ``candidate,group``.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from casys.core.psychometrics.item_analysis import PsychometricsError

PRESCORED = ("0", "1")
OMITTED = -1
_NO_KEY = -2
_BAD = -3
MAX_ERRORS = 100


class ExamInputError(PsychometricsError):
    """Every problem found in an examination CSV text, one per entry of ``errors``."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class Key:
    """The answer key: ``items`` in file order, each one's ``key`` and ``options`` (``None``: any)."""

    items: tuple[str, ...]
    key: tuple[str, ...]
    options: tuple[tuple[str, ...] | None, ...]


@dataclass(frozen=True)
class Responses:
    """Responses of ``candidates`` to ``items`` (the responses file's column order).

    ``options[j]`` are item j's options (the key's, or those seen, sorted); ``codes[i, j]`` the
    index of the option candidate i chose (−1 omitted); ``key_index[j]`` the key's index (−2
    when nobody chose the key of an item without declared options); ``scored`` True = right.
    """

    candidates: tuple[str, ...]
    items: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    codes: npt.NDArray[np.int16]
    key_index: tuple[int, ...]
    scored: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Ratings:
    """Angoff ratings: ``items``, and per round (``rounds`` labels) the judges and their ratings."""

    items: tuple[str, ...]
    rounds: tuple[str, ...]
    judges: tuple[tuple[str, ...], ...]
    ratings: tuple[npt.NDArray[np.float64], ...]


def _table(text: str, first: str, errors: list[str]) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    lines = [
        (number, [c.strip() for c in row])
        for number, row in enumerate(reader, start=1)
        if any(c.strip() for c in row)
    ]
    if not lines:
        errors.append("the CSV text is empty: a header row is needed")
        return 0, [], []
    header_row, header = lines[0]
    if first not in header:
        errors.append(f"row {header_row}: missing column '{first}' (header has: {', '.join(header)})")
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if not name:
            errors.append(f"row {header_row}, column {index}: empty column name")
        elif name in seen:
            errors.append(f"row {header_row}, column '{name}': duplicate column (also column {seen[name]})")
        else:
            seen[name] = index
    rows = []
    for number, row in lines[1:]:
        if len(row) > len(header):
            errors.append(f"row {number}: {len(row)} cells but the header has {len(header)} columns")
        rows.append((number, row + [""] * (len(header) - len(row))))
    if not rows and not errors:
        errors.append("no data rows after the header")
    return header_row, header, rows


def _unique(value: str, row: int, column: str, seen: dict[str, int], what: str, errors: list[str]) -> None:
    if not value:
        errors.append(f"row {row}, column '{column}': empty")
    elif value in seen:
        errors.append(
            f"row {row}, column '{column}': duplicate {what} '{value}' (first on row {seen[value]})"
        )
    else:
        seen[value] = row


def parse_key(text: str) -> Key:
    """Parse an answer key.

    >>> parse_key("item,key,options\\nQ1,B,A|B|C\\nQ2,1,\\n").options
    (('A', 'B', 'C'), ('0', '1'))
    >>> parse_key("item,key\\nQ1,\\n")
    Traceback (most recent call last):
    ...
    casys.core.psychometrics.responses.ExamInputError: row 2, column 'key': missing key for item 'Q1'
    """
    errors: list[str] = []
    header_row, header, rows = _table(text, "item", errors)
    if header and "key" not in header:
        errors.append(f"row {header_row}: missing column 'key' (header has: {', '.join(header)})")
    if errors:
        raise ExamInputError(errors)
    col = {name: i for i, name in enumerate(header)}
    seen: dict[str, int] = {}
    items, keys, options = [], [], []
    for row, cells in rows:
        item, key = cells[col["item"]], cells[col["key"]]
        _unique(item, row, "item", seen, "item", errors)
        listed = cells[col["options"]] if "options" in col else ""
        choices = tuple(o.strip() for o in listed.split("|") if o.strip()) if listed else None
        if not key:
            errors.append(f"row {row}, column 'key': missing key for item '{item}'")
        elif choices is None and key == "1":
            choices = PRESCORED
        elif choices is not None and key not in choices:
            errors.append(
                f"row {row}, column 'key': key '{key}' is not one of the options {'|'.join(choices)}"
            )
        items.append(item)
        keys.append(key)
        options.append(choices)
    if errors:
        raise ExamInputError(errors)
    return Key(tuple(items), tuple(keys), tuple(options))


def _raw_rows(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    return [(number, row) for number, row in enumerate(reader, start=1) if any(row)]


def _global_codes(cells: list[list[str]], width: int) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Every cell as the index of its text among the distinct texts of the file (one C-level pass)."""
    index: defaultdict[str, int] = defaultdict()
    index.default_factory = index.__len__  # a new text gets the next number
    flat = np.fromiter(
        map(index.__getitem__, chain.from_iterable(cells)), dtype=np.int32, count=len(cells) * width
    )
    return flat.reshape(len(cells), width), list(index)


def _column_codes(
    column: npt.NDArray[np.int32], texts: list[str], allowed: tuple[str, ...] | None
) -> tuple[tuple[str, ...], npt.NDArray[np.int16]]:
    """Option codes of one column (−1 omitted, ``_BAD`` outside ``allowed``) from its global codes."""
    present = np.unique(column).tolist()
    if allowed is None:
        allowed = tuple(sorted({texts[g].strip() for g in present} - {""}))
    lookup = {option: index for index, option in enumerate(allowed)}
    lookup[""] = OMITTED
    local = np.full(len(texts), _BAD, dtype=np.int16)
    for g in present:
        local[g] = lookup.get(texts[g].strip(), _BAD)
    return allowed, local[column]


def _responses_header(
    lines: list[tuple[int, list[str]]], key: Key
) -> tuple[int, list[str], dict[str, int], list[tuple[int, str]]]:
    if not lines:
        raise ExamInputError(["the CSV text is empty: a header row is needed"])
    errors = []
    header_row, header = lines[0][0], [cell.strip() for cell in lines[0][1]]
    if "candidate" not in header:
        errors.append(f"row {header_row}: missing column 'candidate' (header has: {', '.join(header)})")
    where = {item: j for j, item in enumerate(key.items)}
    columns = [(i, name) for i, name in enumerate(header) if name != "candidate"]
    names = [name for _, name in columns]
    for name in names:
        if name not in where:
            errors.append(f"row {header_row}, column '{name}': unknown item '{name}' (not in the key)")
    duplicated = sorted({name for name in names if names.count(name) > 1})
    errors.extend(f"row {header_row}, column '{name}': duplicate column" for name in duplicated)
    if not columns:
        errors.append(f"row {header_row}: no item columns after 'candidate'")
    if len(lines) < 2 and not errors:
        errors.append("no data rows after the header")
    if errors:
        raise ExamInputError(errors)
    return header_row, header, where, columns


def parse_responses(text: str, key: Key) -> Responses:
    """Parse responses and score them against ``key``.

    Built for large files (100,000 candidates × 200 items): cells are mapped to option codes
    column by column; at most ``MAX_ERRORS`` problems are listed, then their count.

    >>> k = parse_key("item,key,options\\nQ1,B,A|B|C\\nQ2,1,\\n")
    >>> r = parse_responses("candidate,Q1,Q2\\nC1,B,1\\nC2,A,0\\nC3,,1\\n", k)
    >>> r.scored.astype(int).tolist(), r.codes.tolist()
    ([[1, 1], [0, 0], [0, 1]], [[1, 1], [0, 0], [-1, 1]])
    >>> parse_responses("candidate,Q1,Q2\\nC1,D,1\\nC2,A,2\\n", k)
    Traceback (most recent call last):
    ...
    casys.core.psychometrics.responses.ExamInputError: row 2, column 'Q1': 'D' is not one of the \
options of item Q1 (A|B|C); row 3, column 'Q2': '2' is not one of the options of item Q2 (0|1)
    """
    lines = _raw_rows(text)
    header_row, header, where, columns = _responses_header(lines, key)
    rows = lines[1:]
    errors: list[str] = []
    width = len(header)
    numbers = [number for number, _ in rows]
    cells = []
    for number, row in rows:
        if len(row) > width:
            errors.append(f"row {number}: {len(row)} cells but the header has {width} columns")
        cells.append(row if len(row) == width else (row + [""] * width)[:width])
    candidates = tuple(row[header.index("candidate")].strip() for row in cells)
    seen: dict[str, int] = {}
    for number, candidate in zip(numbers, candidates, strict=True):
        _unique(candidate, number, "candidate", seen, "candidate", errors)
    everything, texts = _global_codes(cells, width)
    known = [(i, name, where[name]) for i, name in columns]
    codes = np.empty((len(rows), len(known)), dtype=np.int16)
    options, key_index = [], []
    hidden = 0
    for c, (i, name, j) in enumerate(known):
        allowed, codes[:, c] = _column_codes(everything[:, i], texts, key.options[j])
        bad = np.flatnonzero(codes[:, c] == _BAD)
        hidden += max(0, len(bad) - MAX_ERRORS)  # counted, not formatted: a wrong file can be huge
        errors.extend(
            f"row {numbers[p]}, column '{name}': '{cells[p][i].strip()}' is not one of the options "
            f"of item {name} ({'|'.join(allowed)})"
            for p in bad[:MAX_ERRORS].tolist()
        )
        options.append(allowed)
        key_index.append(allowed.index(key.key[j]) if key.key[j] in allowed else _NO_KEY)
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) + hidden > MAX_ERRORS:
            shown.append(f"… and {len(errors) + hidden - MAX_ERRORS} more problems")
        raise ExamInputError(shown)
    scored = codes == np.asarray(key_index, dtype=np.int16)[None, :]
    return Responses(
        candidates, tuple(name for _, name, _ in known), tuple(options), codes, tuple(key_index), scored
    )


def score(chosen: Sequence[Sequence[str]], key: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Score chosen options (candidates × items) against ``key`` (one correct option per item).

    >>> score([["A", "C"], ["B", "C"]], ["A", "C"]).tolist()
    [[True, True], [False, True]]
    """
    answers = np.asarray(chosen, dtype=object)
    if answers.ndim != 2 or answers.shape[1] != len(key):
        raise PsychometricsError(f"{len(key)} keys for a table of shape {answers.shape}")
    return np.asarray(answers == np.asarray(key, dtype=object), dtype=np.bool_)


def _probability(value: str, row: int, column: str, errors: list[str]) -> float:
    try:
        number = float(value)
    except ValueError:
        errors.append(f"row {row}, column '{column}': '{value}' is not a number")
        return math.nan
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        errors.append(f"row {row}, column '{column}': rating {value} is outside 0–1 (a probability)")
    return number


def parse_ratings(text: str) -> Ratings:
    """Parse Angoff ratings, one row per judge (and round).

    >>> r = parse_ratings("judge,Q1,Q2\\nJ1,0.6,0.7\\nJ2,0.5,0.9\\n")
    >>> r.rounds, r.ratings[0].tolist()
    (('1',), [[0.6, 0.7], [0.5, 0.9]])
    >>> parse_ratings("judge,Q1\\nJ1,1.2\\n")
    Traceback (most recent call last):
    ...
    casys.core.psychometrics.responses.ExamInputError: row 2, column 'Q1': rating 1.2 is outside 0–1 \
(a probability)
    """
    errors: list[str] = []
    _, header, rows = _table(text, "judge", errors)
    if errors:
        raise ExamInputError(errors)
    items = tuple(name for name in header if name not in ("judge", "round"))
    if not items:
        errors.append("no item columns besides 'judge' and 'round'")
    col = {name: i for i, name in enumerate(header)}
    by_round: dict[str, tuple[list[str], list[list[float]], dict[str, int]]] = {}
    for row, cells in rows:
        label = cells[col["round"]] if "round" in col else "1"
        if not label:
            errors.append(f"row {row}, column 'round': empty")
        judges, values, seen = by_round.setdefault(label, ([], [], {}))
        _unique(cells[col["judge"]], row, "judge", seen, "judge in this round", errors)
        judges.append(cells[col["judge"]])
        values.append([_probability(cells[col[item]], row, item, errors) for item in items])
    if errors:
        raise ExamInputError(errors)
    labels = tuple(by_round)
    return Ratings(
        items,
        labels,
        tuple(tuple(by_round[label][0]) for label in labels),
        tuple(np.asarray(by_round[label][1], dtype=np.float64) for label in labels),
    )


def parse_scores(text: str) -> tuple[tuple[str, ...], npt.NDArray[np.float64]]:
    """Parse ``candidate,score`` rows.

    >>> parse_scores("candidate,score\\nC1,12\\nC2,15.5\\n")[1].tolist()
    [12.0, 15.5]
    """
    errors: list[str] = []
    header_row, header, rows = _table(text, "candidate", errors)
    if header and "score" not in header:
        errors.append(f"row {header_row}: missing column 'score' (header has: {', '.join(header)})")
    if errors:
        raise ExamInputError(errors)
    c_col, s_col = header.index("candidate"), header.index("score")
    seen: dict[str, int] = {}
    values = []
    for row, cells in rows:
        _unique(cells[c_col], row, "candidate", seen, "candidate", errors)
        try:
            value = float(cells[s_col])
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            errors.append(f"row {row}, column 'score': '{cells[s_col]}' is not a finite number")
            value = math.nan
        values.append(value)
    if errors:
        raise ExamInputError(errors)
    return tuple(cells[c_col] for _, cells in rows), np.asarray(values, dtype=np.float64)


def parse_groups(text: str, candidates: Sequence[str]) -> tuple[str, ...]:
    """Parse ``candidate,group`` rows and return the group of each of ``candidates``, in their order.

    Every candidate needs a group; a candidate the responses do not have is refused.

    >>> parse_groups("candidate,group\\nC2,F\\nC1,R\\n", ["C1", "C2"])
    ('R', 'F')
    >>> parse_groups("candidate,group\\nC1,R\\nC9,F\\n", ["C1", "C2"])
    Traceback (most recent call last):
    ...
    casys.core.psychometrics.responses.ExamInputError: row 3, column 'candidate': unknown candidate 'C9' \
(not in the responses); candidate 'C2' has no group
    """
    errors: list[str] = []
    header_row, header, rows = _table(text, "candidate", errors)
    if header and "group" not in header:
        errors.append(f"row {header_row}: missing column 'group' (header has: {', '.join(header)})")
    if errors:
        raise ExamInputError(errors)
    c_col, g_col = header.index("candidate"), header.index("group")
    known = set(candidates)
    seen: dict[str, int] = {}
    group: dict[str, str] = {}
    for row, cells in rows:
        candidate, label = cells[c_col], cells[g_col]
        _unique(candidate, row, "candidate", seen, "candidate", errors)
        if candidate and candidate not in known:
            errors.append(
                f"row {row}, column 'candidate': unknown candidate '{candidate}' (not in the responses)"
            )
        if not label:
            errors.append(f"row {row}, column 'group': empty")
        group[candidate] = label
    errors.extend(f"candidate '{c}' has no group" for c in candidates if c not in group)
    if errors:
        raise ExamInputError(errors)
    return tuple(group[c] for c in candidates)
