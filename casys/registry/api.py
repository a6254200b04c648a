"""API of the registry app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["registry"])
