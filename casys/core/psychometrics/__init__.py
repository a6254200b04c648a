"""Psychometrics of examinations for the certification of persons (ISO/IEC 17024, 9.3).

Pure NumPy/SciPy; every formula is cited where it is implemented (docs/psychometrics.md
gathers them):

- ``item_analysis``: difficulty, point-biserial (uncorrected and corrected), KR-20, KR-21,
  Cronbach's alpha, SEM, split-half with Spearman–Brown, score distribution, item flags;
- ``distractors``: share choosing each option by score group (upper/lower 27 %);
- ``cut_scores``: modified Angoff (rounds), Hofstee, borderline group and regression;
- ``decision_consistency``: Livingston's k², Subkoviak's p₀ and κ, Brennan's Φ(λ), Brown's φ;
- ``dif``: Mantel–Haenszel DIF with the ETS A/B/C classes;
- ``responses``: reading responses, keys, ratings, scores and groups handed in as CSV.
"""

from casys.core.psychometrics.cut_scores import (
    AngoffResult,
    BorderlineRegression,
    BorderlineResult,
    HofsteeResult,
    angoff,
    angoff_rounds,
    borderline_group,
    borderline_regression,
    hofstee,
)
from casys.core.psychometrics.decision_consistency import (
    Subkoviak,
    livingston,
    phi_domain,
    phi_lambda,
    subkoviak,
)
from casys.core.psychometrics.dif import MantelHaenszel, Stratified, ets_class, mantel_haenszel, stratified
from casys.core.psychometrics.distractors import (
    ItemDistractors,
    OptionShare,
    analyse_distractors,
    distractors_from_codes,
    score_groups,
)
from casys.core.psychometrics.item_analysis import (
    FlagThresholds,
    ItemAnalysis,
    ItemStatistics,
    PsychometricsError,
    SplitHalf,
    analyse,
    cronbach_alpha,
    kr21,
    spearman_brown,
    split_half,
)
from casys.core.psychometrics.responses import ExamInputError, Key, Ratings, Responses, score

__all__ = [
    "AngoffResult",
    "BorderlineRegression",
    "BorderlineResult",
    "ExamInputError",
    "FlagThresholds",
    "HofsteeResult",
    "ItemAnalysis",
    "ItemDistractors",
    "ItemStatistics",
    "Key",
    "MantelHaenszel",
    "OptionShare",
    "PsychometricsError",
    "Ratings",
    "Responses",
    "SplitHalf",
    "Stratified",
    "Subkoviak",
    "analyse",
    "analyse_distractors",
    "angoff",
    "angoff_rounds",
    "borderline_group",
    "borderline_regression",
    "cronbach_alpha",
    "distractors_from_codes",
    "ets_class",
    "hofstee",
    "kr21",
    "livingston",
    "mantel_haenszel",
    "phi_domain",
    "phi_lambda",
    "score",
    "score_groups",
    "spearman_brown",
    "split_half",
    "stratified",
    "subkoviak",
]
