"""API of the proficiency app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["proficiency"])
