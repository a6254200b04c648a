"""Schemes as data (certification, 17067 product types, inspection): the model and the TOML loader.

>>> from casys.core.schemes import load_scheme
>>> load_scheme("type5-electrical").attestation.licence_to_mark
True
"""

from casys.core.schemes.loader import available_schemes, load_scheme, parse_scheme
from casys.core.schemes.model import (
    CADENCES,
    MODES,
    PHASE_KINDS,
    RECORD_KINDS,
    ActivityElement,
    Attestation,
    AuditTimeMethod,
    DecisionRequirements,
    LotSampling,
    OverdueLimit,
    Phase,
    Scheme,
)
from casys.core.schemes.reader import SchemeError

__all__ = [
    "CADENCES",
    "MODES",
    "PHASE_KINDS",
    "RECORD_KINDS",
    "ActivityElement",
    "Attestation",
    "AuditTimeMethod",
    "DecisionRequirements",
    "LotSampling",
    "OverdueLimit",
    "Phase",
    "Scheme",
    "SchemeError",
    "available_schemes",
    "load_scheme",
    "parse_scheme",
]
