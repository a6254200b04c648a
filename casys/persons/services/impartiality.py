"""Impartiality rules of the certification of persons; each refusal names its rule.

- ISO/IEC 17024:2012 4.3 and 6.2 (examiners): an examiner who trained the candidate, or has a
  declared relation with them (relative, employer or colleague), neither examines nor marks them.
- ISO/IEC 17024:2012 9.4 (decision): the person who decides on certification did not take part
  in the examination of the candidate (invigilator, examiner or marker).
"""

from __future__ import annotations

from typing import Any

from casys.persons.models import Candidate, Relation, RelationKind, Response, Sitting
from casys.persons.services import ImpartialityError

RULE_TRAINED = "ISO/IEC 17024:2012 5.2/6.2: an examiner does not examine a candidate they trained"
RULE_RELATED = (
    "ISO/IEC 17024:2012 4.3: an examiner does not examine a candidate they have a declared relation with"
)
RULE_DECISION = (
    "ISO/IEC 17024:2012 9.4: the decision maker did not take part in the examination of the candidate"
)


def check_examiner(user: Any, candidate: Candidate, *, field: str = "examiner") -> None:
    """Refuse ``user`` as examiner or marker of ``candidate`` when a relation is declared."""
    if user is None:
        return
    for rel in Relation.all_objects.filter(person_id=user.pk, candidate_id=candidate.pk):
        rule = RULE_TRAINED if rel.kind == RelationKind.TRAINED else RULE_RELATED
        raise ImpartialityError(field, f"refused by rule {rule} ({rel.get_kind_display()}: {candidate})")


def examined_by(sitting: Sitting) -> set[int]:
    """Ids of everyone who took part in the sitting's examination."""
    s = sitting.session
    ids = {u for u in (s.invigilator_id, s.examiner_id, s.second_examiner_id) if u}
    for first, second in Response.all_objects.filter(sitting=sitting).values_list(
        "marked_by_id", "second_marked_by_id"
    ):
        ids |= {u for u in (first, second) if u}
    return ids


def check_decision_maker(user: Any, sitting: Sitting) -> None:
    if user.pk in examined_by(sitting):
        raise ImpartialityError("decided_by", f"refused by rule {RULE_DECISION}")
