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
    shares); where an item's entry is ``None``, the options seen are listed, sorted.

    >>> d = analyse_distractors([["A"], ["B"], ["A"], ["C"]], ["A"], ["Q1"], [3, 0, 2, 1], fraction=0.25)
    >>> [(o.option, o.upper, o.lower) for o in d[0].options], d[0].d
    ([('A', 1.0, 0.0), ('B', 0.0, 1.0), ('C', 0.0, 0.0)], 1.0)
    """
    answers = np.asarray(chosen, dtype=object)
    groups = score_groups(totals, fraction)
    masks = {1: groups == 1, 0: groups == 0, -1: groups == -1}
    sizes = {g: max(1, int(m.sum())) for g, m in masks.items()}
    n = max(1, answers.shape[0])
    result = []
    for j, item in enumerate(item_ids):
        column = answers[:, j]
        given = options[j] if options is not None else None
        listed = list(given) if given is not None else sorted({str(v) for v in column if v != ""})
        if any(str(v) == "" for v in column) and "" not in listed:
            listed.append("")
        shares = []
        for option in listed:
            picked = column == option
            share = {g: float((picked & m).sum()) / sizes[g] for g, m in masks.items()}
            shares.append(
                OptionShare(option, option == key[j], share[1], share[0], share[-1], float(picked.sum()) / n)
            )
        keyed = next((s for s in shares if s.is_key), None)
        d = 0.0 if keyed is None else keyed.upper - keyed.lower
        result.append(ItemDistractors(item, key[j], tuple(shares), d))
    return tuple(result)
