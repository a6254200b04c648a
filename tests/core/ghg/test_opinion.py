"""Opinion rules: each refusal of an unmodified opinion is named (ISO 14064-3:2019; AVR Art. 27)."""

from __future__ import annotations

import pytest

from casys.core.ghg.misstatements import Misstatement, aggregate
from casys.core.ghg.opinion import OpinionFacts, OpinionRefused, check_opinion, opinion_from_facts


def _agg(*amounts: float, materiality: float = 2400, decides: str = "gross"):
    return aggregate([Misstatement(a, "factual") for a in amounts], materiality=materiality, decides=decides)


def test_no_finding_gives_an_unmodified_opinion() -> None:
    op = check_opinion(OpinionFacts(aggregates=(_agg(500, -200),)), "unmodified")
    assert (op.kind, op.reasons) == ("unmodified", ())


def test_it_refuses_unmodified_when_the_gross_aggregate_reaches_materiality() -> None:
    facts = OpinionFacts(aggregates=(_agg(3000, -1200),))
    with pytest.raises(OpinionRefused) as caught:
        check_opinion(facts, "unmodified")
    assert [r.code for r in caught.value.allowed.reasons] == ["misstatement-material"]
    assert "4 200.00 (gross" in str(caught.value)


def test_the_net_aggregate_decides_when_the_programme_says_so() -> None:
    facts = OpinionFacts(aggregates=(_agg(3000, -1200, decides="net"),))
    assert check_opinion(facts, "unmodified").kind == "unmodified"


def test_an_aggregate_equal_to_materiality_reaches_it() -> None:
    assert opinion_from_facts(OpinionFacts(aggregates=(_agg(2400),))).kind == "modified"


def test_a_projected_misstatement_can_push_the_aggregate_over_materiality() -> None:
    ms = [Misstatement(1500, "factual"), Misstatement(1000, "projected")]
    facts = OpinionFacts(aggregates=(aggregate(ms, materiality=2400, decides="gross"),))
    assert opinion_from_facts(facts).kind == "modified"


def test_corrected_misstatements_do_not_count() -> None:
    ms = [Misstatement(3000, "factual", corrected=True)]
    assert aggregate(ms, materiality=2400, decides="gross").gross == 0


def test_it_refuses_unmodified_while_a_material_nonconformity_is_open() -> None:
    facts = OpinionFacts(open_material_nonconformities=("NC-3 monitoring plan not followed",))
    with pytest.raises(OpinionRefused, match="material non-conformity open: NC-3"):
        check_opinion(facts, "unmodified")


def test_it_refuses_unmodified_with_a_qualitatively_material_matter() -> None:
    facts = OpinionFacts(qualitative_material=("boundary omits a subsidiary",))
    with pytest.raises(OpinionRefused, match="qualitatively material matter"):
        check_opinion(facts, "unmodified")


def test_it_refuses_unmodified_when_evidence_is_insufficient() -> None:
    with pytest.raises(OpinionRefused, match="evidence is insufficient"):
        check_opinion(OpinionFacts(insufficient_evidence=True), "unmodified")


def test_pervasive_matters_lead_to_adverse_or_disclaimer() -> None:
    assert opinion_from_facts(OpinionFacts(aggregates=(_agg(9000),), pervasive=True)).kind == "adverse"
    assert opinion_from_facts(OpinionFacts(insufficient_evidence=True, pervasive=True)).kind == "disclaimer"
    with pytest.raises(OpinionRefused):
        check_opinion(OpinionFacts(aggregates=(_agg(9000),), pervasive=True), "modified")


def test_it_refuses_a_modified_opinion_without_a_reason() -> None:
    with pytest.raises(OpinionRefused, match="no reason recorded"):
        check_opinion(OpinionFacts(), "modified")


def test_each_base_is_judged_on_its_own() -> None:
    emissions = _agg(100, materiality=10_000)
    product = aggregate(
        [Misstatement(900, "factual", base="sub 2")], materiality=750, decides="gross", base="sub 2"
    )
    op = opinion_from_facts(OpinionFacts(aggregates=(emissions, product)))
    assert op.kind == "modified"
    assert "sub 2" in op.reasons[0].message
