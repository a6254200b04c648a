"""The lot history chart: one mark per lot coloured by outcome, one band per run of a severity."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from casys.charts.lot_sampling import ACCEPTED, REJECTED, LotMark, lot_history_chart

NS = {"s": "http://www.w3.org/2000/svg"}
LOTS = [
    LotMark("L1", "normal", True, 0),
    LotMark("L2", "normal", False, 3),
    LotMark("L3", "normal", False, 4),
    LotMark("L4", "tightened", True, 1),
    LotMark("L5", "tightened", True, 0),
    LotMark("L6", "normal", True, 2),
]


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_each_lot_is_one_mark_coloured_by_its_outcome() -> None:
    root = _root(lot_history_chart(LOTS))
    marks = [c for c in root.findall("s:circle", NS) if c.get("data-lot")]
    assert [m.get("data-lot") for m in marks] == ["L1", "L2", "L3", "L4", "L5", "L6"]
    assert [m.get("fill") for m in marks] == [ACCEPTED, REJECTED, REJECTED, ACCEPTED, ACCEPTED, ACCEPTED]
    assert [m.get("class") for m in marks][:2] == ["lot accepted", "lot rejected"]


def test_more_found_is_drawn_higher_and_marks_go_left_to_right() -> None:
    marks = [c for c in _root(lot_history_chart(LOTS)).findall("s:circle", NS) if c.get("data-lot")]
    ys = [float(m.get("cy")) for m in marks]
    xs = [float(m.get("cx")) for m in marks]
    assert ys[2] < ys[1] < ys[5] < ys[3] < ys[0]  # found 4 > 3 > 2 > 1 > 0, SVG y grows downwards
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_one_band_per_run_of_a_severity_with_its_translated_label() -> None:
    svg = lot_history_chart(LOTS, severity_labels={"normal": "normal", "tightened": "renforcé"})
    root = _root(svg)
    bands = [r for r in root.findall("s:rect", NS) if (r.get("class") or "").startswith("band")]
    assert [b.get("class") for b in bands] == ["band normal", "band tightened", "band normal"]
    widths = [float(b.get("width")) for b in bands]
    per_lot = widths[0] / 3  # runs of 3, 2 and 1 lots
    assert widths[1] / 2 == pytest.approx(per_lot, abs=0.01)
    assert widths[2] == pytest.approx(per_lot, abs=0.01)
    labels = [t.text for t in root.findall("s:text", NS) if t.get("class") == "severity-label"]
    assert labels == ["normal", "renforcé", "normal"]


def test_an_empty_history_draws_an_empty_chart() -> None:
    root = _root(lot_history_chart([], title="Lots"))
    assert root.find("s:title", NS).text == "Lots"
    assert not [c for c in root.findall("s:circle", NS) if c.get("data-lot")]
