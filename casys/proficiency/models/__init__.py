"""Models of the proficiency app, one module per aggregate, re-exported here."""

from casys.proficiency.models.evaluation import Evaluation, Score, SeriesEvaluation
from casys.proficiency.models.participation import Participation, Result, ResultSource
from casys.proficiency.models.round import HomogeneityStudy, Item, Measurand, Round, RoundStatus
from casys.proficiency.models.scheme import PTScheme

__all__ = [
    "Evaluation",
    "HomogeneityStudy",
    "Item",
    "Measurand",
    "PTScheme",
    "Participation",
    "Result",
    "ResultSource",
    "Round",
    "RoundStatus",
    "Score",
    "SeriesEvaluation",
]
