"""API of the laboratory app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["laboratory"])
