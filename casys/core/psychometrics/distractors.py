"""Distractor analysis: the share of candidates choosing each option, by score group.

Candidates are ranked by total score; the **upper** and **lower** groups are the
``fraction`` of candidates with the highest and the lowest totals (default 27 %, Kelley 1939,
*J. Educ. Psychol.* 30(1), "The selection of upper and lower groups for the validation of
test items"; ``fraction=1/3`` gives thirds), the rest is the **middle** group. The group size
is ``round(fraction · n)`` (at least 1); candidates tied on a boundary total are taken in the
order given (a stable sort), so the groups always have the stated size.

For each option of an item: the share choosing it in the upper, middle and lower group and
overall. A working distractor draws more of the lower group than of the upper group; the key
draws more of the upper group. ``D = p_upper − p_lower`` of the key is the upper-lower
discrimination index (Ebel 1954). Omitted answers (empty) are counted as the option ``""``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from casys.core.psychometrics.item_analysis import PsychometricsError

KELLEY_FRACTION = 0.27


@dataclass(frozen=True)
class OptionShare:
    """Share of each score group choosing one ``option`` (``""`` = omitted); ``is_key`` marks the key."""

    option: str
    is_key: bool
    upper: float
    middle: float
    lower: float
    overall: float


@dataclass(frozen=True)
class ItemDistractors:
    """One item's options and its upper-lower discrimination index ``d``."""

    id: str
    key: str
    options: tuple[OptionShare, ...]
    d: float


def score_groups(totals: npt.ArrayLike, fraction: float = KELLEY_FRACTION) -> npt.NDArray[np.int8]:
    """Group of each candidate: 1 upper, 0 middle, −1 lower (see the module docstring).

    >>> score_groups([5, 1, 3, 4, 2, 0], fraction=1 / 3).tolist()
    [1, -1, 0, 1, 0, -1]
    """
    t = np.asarray(totals)
    if not 0.0 < fraction <= 0.5:
        raise PsychometricsError(f"the group fraction must be in (0, 0.5], got {fraction}")
    n = t.shape[0]
    size = max(1, round(fraction * n))
    order = np.argsort(t, kind="stable")
    groups = np.zeros(n, dtype=np.int8)
    groups[order[:size]] = -1
    groups[order[n - size :]] = 1
    return groups


def analyse_distractors(
    chosen: Sequence[Sequence[str]],
    key: Sequence[str],
    item_ids: Sequence[str],
    totals: npt.ArrayLike,
    options: Sequence[Sequence[str] | None] | None = None,
    fraction: float = KELLEY_FRACTION,
) -> tuple[ItemDistractors, ...]:
    """Option shares by score group for every item (``chosen``: candidates × items, option text).

    ``options`` lists each item's options in display order (those never chosen get zero
    shares); where an item's entry is ``None``, the options seen are listed, sorted. An answer
    outside the listed options is listed after them.

    >>> d = analyse_distractors([["A"], ["B"], ["A"], ["C"]], ["A"], ["Q1"], [3, 0, 2, 1], fraction=0.25)
    >>> [(o.option, o.upper, o.lower) for o in d[0].options], d[0].d
    ([('A', 1.0, 0.0), ('B', 0.0, 1.0), ('C', 0.0, 0.0)], 1.0)
    """
    rows = [list(row) for row in chosen]
    if any(len(row) != len(item_ids) for row in rows) or len(key) != len(item_ids):
        raise PsychometricsError(
            f"chosen options, key and item ids disagree on the number of items ({len(item_ids)})"
        )
    codes = np.full((len(rows), len(item_ids)), -1, dtype=np.int16)
    listed_all, key_index = [], []
    for j in range(len(item_ids)):
        column = [row[j] for row in rows]
        given = options[j] if options is not None else None
        listed = list(given) if given is not None else sorted(set(column) - {""})
        listed += sorted(set(column) - set(listed) - {""})
        lookup = {option: index for index, option in enumerate(listed)} | {"": -1}
        codes[:, j] = [lookup[value] for value in column]
        listed_all.append(tuple(listed))
        key_index.append(listed.index(key[j]) if key[j] in listed else -2)
    return distractors_from_codes(codes, listed_all, key_index, item_ids, totals, fraction)


def distractors_from_codes(
    codes: npt.ArrayLike,
    options: Sequence[Sequence[str]],
    key_index: Sequence[int],
    item_ids: Sequence[str],
    totals: npt.ArrayLike,
    fraction: float = KELLEY_FRACTION,
) -> tuple[ItemDistractors, ...]:
    """As :func:`analyse_distractors`, from option codes (candidates × items, −1 omitted): the
    form :func:`casys.core.psychometrics.responses.parse_responses` returns."""
    c = np.asarray(codes, dtype=np.int64)
    groups = score_groups(totals, fraction).astype(np.int64) + 1  # 0 lower, 1 middle, 2 upper
    sizes = [max(1, int(v)) for v in np.bincount(groups, minlength=3)]
    n = max(1, c.shape[0])
    result = []
    for j, item in enumerate(item_ids):
        listed = list(options[j])
        width = len(listed) + 1  # slot 0: omitted
        counts = np.bincount(groups * width + c[:, j] + 1, minlength=3 * width).reshape(3, width)
        shown = list(range(1, width)) + ([0] if counts[:, 0].any() else [])
        shares = tuple(
            OptionShare(
                listed[slot - 1] if slot else "",
                slot - 1 == key_index[j],
                int(counts[2, slot]) / sizes[2],
                int(counts[1, slot]) / sizes[1],
                int(counts[0, slot]) / sizes[0],
                int(counts[:, slot].sum()) / n,
            )
            for slot in shown
        )
        keyed = next((share for share in shares if share.is_key), None)
        d = 0.0 if keyed is None else keyed.upper - keyed.lower
        key = listed[key_index[j]] if 0 <= key_index[j] < len(listed) else ""
        result.append(ItemDistractors(item, key, shares, d))
    return tuple(result)
