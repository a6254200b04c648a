"""Models of the attestations layer: the issued attestation and the issuers' status lists."""

from casys.attestations.models.attestation import Attestation, Kind, Status
from casys.attestations.models.status_list import StatusList

__all__ = ["Attestation", "Kind", "Status", "StatusList"]
