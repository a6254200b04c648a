"""ISO/IEC 17020:2012 Annex A independence: one type per scheme, type A's dated declaration, type B's
own organization only, type C's inspector with a declared involvement in the item."""

from datetime import date

import pytest

from casys.core.inspection.independence import (
    TYPES,
    Involvement,
    ScopeLine,
    assignment_refusals,
    check_scope,
    engagement_refusals,
    type_for,
)

ON = date(2026, 3, 2)


def test_a_body_may_be_type_a_for_one_scheme_and_type_c_for_another():
    assert check_scope([ScopeLine("lifting", "C"), ScopeLine("indoor-air", "A")]) == []


def test_it_refuses_two_types_for_one_scheme_naming_the_line_and_the_rule():
    reasons = check_scope(
        [ScopeLine("lifting", "C"), ScopeLine("indoor-air", "A"), ScopeLine("lifting", "A")]
    )
    assert reasons == [
        "scope[2].independence: scheme 'lifting' is already type C in the scope: one type per scheme "
        "(ILAC FAQ 26, ISO/IEC 17020:2012 4.1.6)"
    ]


def test_it_refuses_an_unknown_type_naming_the_field():
    assert check_scope([ScopeLine("lifting", "D")]) == [
        "scope[0].independence: unknown type 'D' (expected one of: A, B, C)"
    ]


def test_type_for_finds_the_line_and_names_a_scheme_outside_the_scope():
    scope = [ScopeLine("lifting", "C")]
    assert type_for(scope, "lifting").independence == "C"
    with pytest.raises(KeyError, match="'pressure' is not in the body's inspection scope"):
        type_for(scope, "pressure")


def test_type_b_refuses_an_outside_client_naming_the_clause():
    reasons = engagement_refusals(ScopeLine("lifting", "B"), "org:9", "org:1", ON)
    assert reasons == [
        "client: a type B inspection body inspects only for the organization it is part of "
        "(ISO/IEC 17020:2012 Annex A.2); 'org:9' is another client"
    ]


def test_type_b_inspects_for_its_own_organization():
    assert engagement_refusals(ScopeLine("lifting", "B"), "org:1", "org:1", ON) == []


@pytest.mark.parametrize("kind", ["A", "C"])
def test_types_a_and_c_take_outside_clients(kind):
    line = ScopeLine("lifting", kind, declared_on=date(2026, 1, 1))
    assert engagement_refusals(line, "org:9", "org:1", ON) == []


def test_type_a_refuses_work_without_a_dated_declaration():
    reasons = engagement_refusals(ScopeLine("lifting", "A"), "org:9", "org:1", ON)
    assert reasons == [
        "independence: a type A body works on its dated declaration of non-involvement "
        "(ISO/IEC 17020:2012 Annex A.1); none is recorded, the work is on 2026-03-02"
    ]


def test_type_a_refuses_work_before_its_declaration():
    line = ScopeLine("lifting", "A", declared_on=date(2026, 4, 1))
    assert (
        "it is dated 2026-04-01, the work is on 2026-03-02"
        in engagement_refusals(line, "org:9", "org:1", ON)[0]
    )


def test_type_c_refuses_an_inspector_who_maintained_the_item_naming_the_rule_and_dates():
    inv = [Involvement("user:7", "crane-12", "maintenance", date(2025, 5, 1), date(2025, 12, 31))]
    assert assignment_refusals(ScopeLine("lifting", "C"), "user:7", "crane-12", inv, ON) == [
        "inspector: user:7 declared maintenance of crane-12 (2025-05-01 to 2025-12-31): the same person does "
        "not inspect an item they were involved with (ISO/IEC 17020:2012 Annex A.3)"
    ]


def test_type_c_assigns_another_inspector_or_the_same_one_to_another_item():
    inv = [Involvement("user:7", "crane-12", "installation", date(2025, 5, 1))]
    line = ScopeLine("lifting", "C")
    assert assignment_refusals(line, "user:8", "crane-12", inv, ON) == []
    assert assignment_refusals(line, "user:7", "crane-13", inv, ON) == []


def test_an_involvement_that_begins_after_the_inspection_does_not_refuse_it():
    inv = [Involvement("user:7", "crane-12", "maintenance", date(2026, 6, 1))]
    assert assignment_refusals(ScopeLine("lifting", "C"), "user:7", "crane-12", inv, ON) == []


def test_an_open_involvement_reads_to_now():
    inv = [Involvement("user:7", "crane-12", "design", date(2020, 1, 1))]
    assert (
        "(2020-01-01 to now)"
        in assignment_refusals(ScopeLine("lifting", "B"), "user:7", "crane-12", inv, ON)[0]
    )


def test_an_unknown_involvement_or_dates_in_the_wrong_order_are_refused_naming_the_field():
    with pytest.raises(ValueError, match="^activity: unknown involvement 'cleaning'"):
        Involvement("user:7", "crane-12", "cleaning", date(2025, 1, 1))
    with pytest.raises(ValueError, match="^until: 2024-01-01 is before since 2025-01-01"):
        Involvement("user:7", "crane-12", "use", date(2025, 1, 1), date(2024, 1, 1))


def test_what_each_type_requires_is_data():
    assert {t: (v.outside_clients, v.declaration) for t, v in TYPES.items()} == {
        "A": (True, True),
        "B": (False, False),
        "C": (True, False),
    }
