"""Models of the registry app: the published attestation record and the issuers' status lists."""

from casys.registry.models.attestation import Attestation, Status
from casys.registry.models.status_list import StatusList

__all__ = ["Attestation", "Status", "StatusList"]
