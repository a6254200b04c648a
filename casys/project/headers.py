"""The Permissions-Policy header (the Content-Security-Policy comes from django-csp)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` with every response that does not set its own."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
