"""Acceptance sampling by attributes (ISO 2859-1 with the tables of MIL-STD-105E, public domain).

The tables are MIL-STD-105E's (10 May 1989); ANSI/ASQ Z1.4 and ISO 2859-1:1989
reprint them, while ISO 2859-1:1999 changed the reduced and double plans and the
normal-to-reduced switching (see data/iso2859/README.md). Table numbers cited
here are MIL-STD-105E's. Modules: :mod:`.code_letters`
(Table I), :mod:`.plans` (Tables II and III with the arrow rule),
:mod:`.switching` (4.7), :mod:`.oc` (OC curves), :mod:`.tables` (tables as data).

Audit sampling for verification (beside acceptance sampling): :mod:`.monetary_unit`
(MUS sample size and Stringer evaluation, AICPA Audit Sampling guide Appendix C),
:mod:`.attributes` (control-test sample sizes, Appendix A), :mod:`.selection`
(selection from a recorded seed).
"""

from casys.core.sampling.code_letters import CodeLetter, code_letter
from casys.core.sampling.oc import OCPoint, oc_curve, probability_of_acceptance
from casys.core.sampling.plans import (
    DoublePlan,
    SamplingTables,
    SinglePlan,
    double_plan,
    shipped_tables,
    single_plan,
)
from casys.core.sampling.switching import (
    LimitNumberRule,
    LotResult,
    Severity,
    SwitchingRules,
    SwitchingScoreRule,
    SwitchingState,
    lot_result,
    next_state,
)
from casys.core.sampling.tables import (
    CellWithheldError,
    SamplingTableError,
    TableNotLoadedError,
    parse_double_table,
    parse_limit_numbers,
    parse_single_table,
)

__all__ = [
    "CellWithheldError",
    "CodeLetter",
    "DoublePlan",
    "LimitNumberRule",
    "LotResult",
    "OCPoint",
    "SamplingTableError",
    "SamplingTables",
    "Severity",
    "SinglePlan",
    "SwitchingRules",
    "SwitchingScoreRule",
    "SwitchingState",
    "TableNotLoadedError",
    "code_letter",
    "double_plan",
    "lot_result",
    "next_state",
    "oc_curve",
    "parse_double_table",
    "parse_limit_numbers",
    "parse_single_table",
    "probability_of_acceptance",
    "shipped_tables",
    "single_plan",
]
