"""Every shipped scheme against ISO/IEC 17067 Table 1, and the same engine code running them all.

The property walks every scheme file in casys/schemes: a scheme with a 17067 type has, in its
programme, exactly the elements its column of Table 1 allows and requires. The shape the issue
states for each type is checked here independently of casys.core.scheme_types.TYPES.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from casys.core.engine import Activity, decide
from casys.core.programme import generate_programme
from casys.core.scheme_types import DETERMINATION, ELEMENTS, SURVEILLANCE, TYPES, table1_problems
from casys.core.schemes import SchemeError, available_schemes, load_scheme
from casys.core.schemes.parts import programme_checks

SCHEMES = [load_scheme(s) for s in available_schemes()]
TYPED = [s for s in SCHEMES if s.scheme_type is not None]


def test_there_is_a_shipped_example_of_every_scheme_type():
    assert {s.scheme_type for s in TYPED} == {"1a", "1b", "2", "3", "4", "5", "6"}


@pytest.mark.parametrize("scheme", TYPED, ids=lambda s: s.id)
def test_each_typed_scheme_fits_its_column_of_table_1(scheme):
    elements = scheme.programme_elements()
    assert elements <= set(ELEMENTS)
    assert table1_problems(scheme.scheme_type, elements, scheme.object) == []
    st = TYPES[scheme.scheme_type]
    assert st.required <= elements and elements <= st.allowed
    assert all(group & elements for group in st.any_of)


@pytest.mark.parametrize("scheme", TYPED, ids=lambda s: s.id)
def test_each_typed_scheme_has_the_shape_the_issue_states(scheme):
    e = scheme.programme_elements()
    surveillance = e & SURVEILLANCE
    assert {"review", "decision", "selection"} <= e
    assert e & DETERMINATION
    shape = {
        "1a": set(),
        "1b": set(),
        "2": {"surveillance.market-samples"},
        "3": {"surveillance.factory-samples", "surveillance.process-assessment"},
        "4": {
            "surveillance.market-samples",
            "surveillance.factory-samples",
            "surveillance.process-assessment",
        },
    }
    if scheme.scheme_type in shape:
        assert surveillance == shape[scheme.scheme_type]
    if scheme.scheme_type in ("1a", "1b"):
        assert not scheme.has_surveillance and not scheme.attestation.licence_to_mark
    if scheme.scheme_type == "1b":
        assert scheme.lot_sampling is not None
        assert any(a.sampling == "batch" for a in scheme.activity_elements)
    if scheme.scheme_type == "5":
        assert "surveillance.management-system-audit" in surveillance
        assert surveillance & {"surveillance.market-samples", "surveillance.factory-samples"}
    if scheme.scheme_type == "6":
        assert scheme.object in ("service", "process")
        assert "determination.service-or-process-assessment" in e


@pytest.mark.parametrize("scheme", SCHEMES, ids=lambda s: s.id)
def test_a_surveillance_element_stands_only_in_a_surveillance_phase(scheme):
    for p in scheme.phases:
        for a in p.activities:
            element = scheme.element(p.id, a)
            if element in SURVEILLANCE:
                assert p.kind in ("surveillance", "special"), (scheme.id, p.id, a)


@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s.body == "certification"], ids=lambda s: s.id)
def test_the_same_engine_programmes_and_decides_every_certification_scheme(scheme):
    programme = generate_programme(scheme, date(2026, 3, 10))
    surveilled = {a.phase for a in programme.activities} & {
        p.id for p in scheme.phases_of_kind("surveillance")
    }
    assert bool(surveilled) == scheme.has_surveillance
    initial = scheme.phases[0]
    done = [Activity(a, "on-site", ("I1",), date(2026, 1, 10), 1) for a in initial.activities]
    assert decide(scheme, "initial", done, [], "DM", date(2026, 2, 1)).phase == "initial"


def test_no_code_asks_for_a_particular_scheme_type_or_scheme_id():
    root = Path(__file__).resolve().parents[3] / "casys"
    pattern = re.compile(r"(scheme_type|scheme\.id|scheme_id)\s*(==|!=|in\s*\()\s*['\"(]")
    hits = [
        f"{p.relative_to(root)}:{i}"
        for p in root.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


def test_the_eaeu_schemes_state_their_17067_mapping_and_the_declaration_is_first_party():
    by_id = {s.id: s for s in SCHEMES}
    assert {i: by_id[i].scheme_type for i in ("eaeu-1c", "eaeu-3c", "eaeu-4c", "eaeu-1d")} == {
        "eaeu-1c": "3",
        "eaeu-3c": "1b",
        "eaeu-4c": "1b",
        "eaeu-1d": "1a",
    }
    assert all(by_id[i].scheme_type_note for i in ("eaeu-1c", "eaeu-3c", "eaeu-4c", "eaeu-1d"))
    declaration = by_id["eaeu-1d"].attestation
    assert (declaration.kind, declaration.issuer) == ("declaration", "manufacturer")
    assert all(by_id[i].attestation.issuer == "body" for i in ("eaeu-1c", "eaeu-3c", "eaeu-4c"))


def _relabelled(scheme, element):
    """The scheme with its first activity's element replaced by ``element`` in every phase."""
    first = scheme.activity_elements[0]
    changed = dataclasses.replace(first, element=element, by_phase=())
    return dataclasses.replace(scheme, activity_elements=(changed, *scheme.activity_elements[1:]))


FOREIGN = [
    (s, e)
    for s in TYPED
    for e in sorted(set(ELEMENTS) - TYPES[s.scheme_type].allowed)
    if not e.startswith("surveillance.")  # the first activity is in the initial phase
]


@pytest.mark.parametrize(("scheme", "element"), FOREIGN, ids=lambda x: getattr(x, "id", x))
def test_an_element_outside_its_column_is_refused_for_every_shipped_type(scheme, element):
    with pytest.raises(
        SchemeError, match=rf"^{scheme.id}\.toml: scheme_type: type {scheme.scheme_type} .*has no '{element}'"
    ):
        programme_checks(_relabelled(scheme, element))


@pytest.mark.parametrize(
    "scheme", [s for s in TYPED if TYPES[s.scheme_type].required & SURVEILLANCE], ids=lambda s: s.id
)
def test_a_scheme_without_the_surveillance_its_type_requires_is_refused(scheme):
    required = TYPES[scheme.scheme_type].required & SURVEILLANCE
    relabelled = tuple(
        dataclasses.replace(a, element="review", by_phase=())
        if {a.element_in(p.id) for p in scheme.phases} & required
        else a
        for a in scheme.activity_elements
    )
    with pytest.raises(
        SchemeError, match=rf"scheme_type: type {scheme.scheme_type} .* needs '{min(required)}'"
    ):
        programme_checks(dataclasses.replace(scheme, activity_elements=relabelled))
