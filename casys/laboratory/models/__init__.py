"""Models of the laboratory app, one module per aggregate, re-exported here."""

from casys.laboratory.models.agreement import DecisionRule, DecisionRuleAgreement
from casys.laboratory.models.customer import REPORT_LANGUAGES, CustomerRecord
from casys.laboratory.models.lot_sampling import (
    Basis,
    SampledLot,
    Sampling,
    SamplingResumption,
    SamplingScheme,
    Severity,
)
from casys.laboratory.models.method import BudgetRow, TestMethod, UncertaintySource
from casys.laboratory.models.report import ReportStatus, TestReport
from casys.laboratory.models.result import Evaluation, TestResult

__all__ = [
    "Basis",
    "SamplingResumption",
    "SamplingScheme",
    "SampledLot",
    "Sampling",
    "Severity",
    "BudgetRow",
    "CustomerRecord",
    "REPORT_LANGUAGES",
    "DecisionRule",
    "DecisionRuleAgreement",
    "Evaluation",
    "ReportStatus",
    "TestMethod",
    "TestReport",
    "TestResult",
    "UncertaintySource",
]
