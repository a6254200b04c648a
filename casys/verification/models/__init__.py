from casys.verification.models.engagement import (
    Assurance,
    ConsultancyDeclaration,
    Engagement,
    EngagementStatus,
    EngagementType,
    Misstatement,
    NonConformity,
    StatementLine,
)

__all__ = [
    "Assurance",
    "ConsultancyDeclaration",
    "Engagement",
    "EngagementStatus",
    "EngagementType",
    "Misstatement",
    "NonConformity",
    "StatementLine",
]
