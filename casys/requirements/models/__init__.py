"""Models of the requirements app: normative documents as versioned catalogues of requirements,
profiles (a scheme's selection of requirements) and a body's licensed text."""

from casys.requirements.models.catalogue import (
    CASYS_NS,
    Element,
    Kind,
    LinkRelation,
    NormativeDocument,
    Requirement,
    RequirementLink,
)
from casys.requirements.models.licensed import LicensedText
from casys.requirements.models.profile import Profile, ProfileEntry, ProfileImport

__all__ = [
    "CASYS_NS",
    "Element",
    "Kind",
    "LicensedText",
    "LinkRelation",
    "NormativeDocument",
    "Profile",
    "ProfileEntry",
    "ProfileImport",
    "Requirement",
    "RequirementLink",
]
