"""The verification opinion follows from the facts (ISO 14064-3:2019 opinion types; AVR Art. 27).

Opinions: *unmodified*; *modified* (qualified); *adverse*; *disclaimer* (no
opinion). :func:`opinion_from_facts` derives the opinion and names every reason;
:func:`check_opinion` refuses a proposed opinion the facts do not allow — above
all an unmodified opinion while the aggregated uncorrected misstatements of any
base reach its materiality level (net or gross, as the programme decides), a
material non-conformity is open, a qualitative matter was judged material, or
the evidence is insufficient (AVR Art. 27(1)(b)–(d)).

Whether a material matter is *pervasive* (adverse rather than modified, or
disclaimer rather than modified for a scope limitation) is the verifier's
recorded judgement, passed in as a fact.

>>> from casys.core.ghg.misstatements import Aggregate
>>> over = Aggregate("total emissions", 2400, "gross", net=1800, gross=4200, count=2)
>>> op = opinion_from_facts(OpinionFacts(aggregates=(over,)))
>>> op.kind, [r.code for r in op.reasons]
('modified', ['misstatement-material'])
"""

from __future__ import annotations

from dataclasses import dataclass

from casys.core.ghg.misstatements import Aggregate

UNMODIFIED = "unmodified"
MODIFIED = "modified"
ADVERSE = "adverse"
DISCLAIMER = "disclaimer"
KINDS: tuple[str, ...] = (UNMODIFIED, MODIFIED, ADVERSE, DISCLAIMER)


@dataclass(frozen=True)
class Reason:
    """Why an opinion cannot be unmodified: a stable ``code`` and a sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class OpinionFacts:
    """What the verification found, as the opinion rules need it."""

    aggregates: tuple[Aggregate, ...] = ()
    open_material_nonconformities: tuple[str, ...] = ()
    qualitative_material: tuple[str, ...] = ()
    insufficient_evidence: bool = False
    pervasive: bool = False


@dataclass(frozen=True)
class Opinion:
    """The opinion the facts lead to, with every reason it is not unmodified."""

    kind: str
    reasons: tuple[Reason, ...]


class OpinionRefused(ValueError):
    """A proposed opinion the facts do not allow; ``reasons`` name why."""

    def __init__(self, proposed: str, allowed: Opinion) -> None:
        self.proposed = proposed
        self.allowed = allowed
        why = "; ".join(r.message for r in allowed.reasons) or "the facts call for another opinion"
        article = "an" if proposed[:1] in "aeiou" else "a"
        super().__init__(f"{article} {proposed} opinion is refused: {why}")


def _fmt(x: float) -> str:
    return f"{x:,.2f}".replace(",", " ")


def reasons(facts: OpinionFacts) -> tuple[Reason, ...]:
    """Every reason the facts give against an unmodified opinion (empty when there is none)."""
    found: list[Reason] = []
    if facts.insufficient_evidence:
        found.append(
            Reason("insufficient-evidence", "the evidence is insufficient to conclude (scope limited)")
        )
    for a in facts.aggregates:
        if a.reaches:
            found.append(
                Reason(
                    "misstatement-material",
                    f"uncorrected misstatements of {a.base} aggregate to {_fmt(a.decisive)} ({a.decides}; "
                    f"net {_fmt(a.net)}, gross {_fmt(a.gross)}), reaching the materiality level "
                    f"{_fmt(a.materiality)}",
                )
            )
    for nc in facts.open_material_nonconformities:
        found.append(Reason("nonconformity-open", f"material non-conformity open: {nc}"))
    for matter in facts.qualitative_material:
        found.append(Reason("qualitative-material", f"qualitatively material matter: {matter}"))
    return tuple(found)


def opinion_from_facts(facts: OpinionFacts) -> Opinion:
    """The opinion the facts lead to.

    Insufficient evidence: disclaimer when pervasive, otherwise modified. A
    material misstatement, open material non-conformity or qualitative matter:
    adverse when pervasive, otherwise modified. Nothing: unmodified.
    """
    why = reasons(facts)
    if not why:
        return Opinion(UNMODIFIED, ())
    if facts.insufficient_evidence and facts.pervasive:
        return Opinion(DISCLAIMER, why)
    if facts.pervasive:
        return Opinion(ADVERSE, why)
    return Opinion(MODIFIED, why)


def check_opinion(facts: OpinionFacts, proposed: str) -> Opinion:
    """``proposed`` as the opinion when the facts allow it; :class:`OpinionRefused` otherwise.

    An unmodified opinion is refused whenever there is a reason against it; a
    modified opinion is refused when the facts call for an adverse opinion or a
    disclaimer (pervasive); an adverse opinion or a disclaimer stands on the
    verifier's judgement only when the facts give a reason for one.
    """
    if proposed not in KINDS:
        raise ValueError(f"opinion must be one of {', '.join(KINDS)}, not {proposed!r}")
    derived = opinion_from_facts(facts)
    if proposed == derived.kind:
        return derived
    if proposed == UNMODIFIED or (proposed == MODIFIED and derived.kind in (ADVERSE, DISCLAIMER)):
        raise OpinionRefused(proposed, derived)
    if derived.kind == UNMODIFIED:
        raise OpinionRefused(proposed, Opinion(UNMODIFIED, (Reason("no-reason", "no reason recorded"),)))
    if proposed == DISCLAIMER and not facts.insufficient_evidence:
        raise OpinionRefused(
            proposed, Opinion(derived.kind, (Reason("evidence-sufficient", "the evidence was not limited"),))
        )
    return Opinion(proposed, derived.reasons)
