from casys.verification.models.engagement import (
    Assurance,
    Engagement,
    EngagementStatus,
    EngagementType,
    Misstatement,
    NonConformity,
    StatementLine,
)

__all__ = [
    "Assurance",
    "Engagement",
    "EngagementStatus",
    "EngagementType",
    "Misstatement",
    "NonConformity",
    "StatementLine",
]
