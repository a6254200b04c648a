"""API of the accreditation app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["accreditation"])
