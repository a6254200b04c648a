"""Proficiency testing statistics (ISO 13528:2022, ISO/IEC 17043:2023).

The web application and the CLI call :func:`evaluate_round`; the modules underneath
are named after the standard's concepts: ``robust`` (annex C), ``assigned_value``
(clause 7), ``sigma_pt`` (clause 8), ``scores`` (clause 9), ``homogeneity`` (annex B)
and ``csv_input`` (parsing results handed in).
"""

from casys.core.proficiency.csv_input import CsvInputError, ParticipantResult
from casys.core.proficiency.evaluation import (
    EvaluationError,
    Exclusion,
    ParticipantEvaluation,
    RoundEvaluation,
    evaluate_round,
)

__all__ = [
    "CsvInputError",
    "EvaluationError",
    "Exclusion",
    "ParticipantEvaluation",
    "ParticipantResult",
    "RoundEvaluation",
    "evaluate_round",
]
