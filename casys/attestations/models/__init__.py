"""Models of the attestations layer: the issued attestation, the issuers' status lists and logs."""

from casys.attestations.models.attestation import Attestation, Kind, Status
from casys.attestations.models.status_list import StatusList
from casys.attestations.models.transparency_log import LogLeaf, LogNode, SignedTreeHead, TransparencyLog

__all__ = [
    "Attestation",
    "Kind",
    "LogLeaf",
    "LogNode",
    "SignedTreeHead",
    "Status",
    "StatusList",
    "TransparencyLog",
]
