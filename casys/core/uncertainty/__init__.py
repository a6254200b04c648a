"""Measurement uncertainty: GUM (JCGM 100:2008) and Monte Carlo (JCGM 101:2008).

>>> from casys.core.uncertainty import Normal, gum, parse
>>> gum(parse("2 * x"), {"x": Normal(1.0, 0.1)}).u
0.2
"""

from casys.core.uncertainty.distributions import (
    Arcsine,
    CurvilinearTrapezoidal,
    Distribution,
    DistributionError,
    Exponential,
    Gamma,
    MultivariateNormal,
    Normal,
    Rectangular,
    StudentT,
    Trapezoidal,
    Triangular,
)
from casys.core.uncertainty.expression import (
    Model,
    ModelEvaluationError,
    ModelSyntaxError,
    evaluate,
    gradient,
    parse,
)
from casys.core.uncertainty.gum import BudgetLine, GumResult, UncertaintyInputError, coverage_factor, gum
from casys.core.uncertainty.mcm import (
    CoverageInterval,
    McmResult,
    Validation,
    coverage_intervals,
    mcm,
    mcm_adaptive,
    numerical_tolerance,
    validate,
)
from casys.core.uncertainty.model_file import ModelFile, ModelFileError, parse_model_file

__all__ = [
    "Arcsine",
    "BudgetLine",
    "CoverageInterval",
    "CurvilinearTrapezoidal",
    "Distribution",
    "DistributionError",
    "Exponential",
    "Gamma",
    "GumResult",
    "McmResult",
    "Model",
    "ModelFile",
    "ModelFileError",
    "ModelEvaluationError",
    "ModelSyntaxError",
    "MultivariateNormal",
    "Normal",
    "Rectangular",
    "StudentT",
    "Trapezoidal",
    "Triangular",
    "UncertaintyInputError",
    "Validation",
    "coverage_factor",
    "coverage_intervals",
    "evaluate",
    "gradient",
    "gum",
    "mcm",
    "mcm_adaptive",
    "numerical_tolerance",
    "parse",
    "parse_model_file",
    "validate",
]
