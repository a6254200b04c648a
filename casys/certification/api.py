"""API of the certification app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["certification"])
