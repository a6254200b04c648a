"""The JSON API under /api/v1/ (django-ninja), with its OpenAPI document.

API clients authenticate with a bearer token (``Authorization: Bearer casys_…``);
each token acts for one user within one body, and the request's scope is that
body only. Areas add their routers here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from casys import __version__
from casys.accounts.api import router as accounts_router
from casys.accounts.scoping import activate
from casys.accounts.services.scopes import scope_for_user
from casys.accounts.services.tokens import token_from_secret
from casys.accreditation.api import router as accreditation_router
from casys.certification.api import router as certification_router
from casys.laboratory.api import router as laboratory_router
from casys.proficiency.api import router as proficiency_router
from casys.registry.api import router as registry_router
from casys.requirements.api import router as requirements_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_from_secret(token)
        if api_token is None:
            return None
        scope = scope_for_user(api_token.user, only_body_id=api_token.body_id)
        request.api_token = api_token  # type: ignore[attr-defined]
        request.scope = scope  # type: ignore[attr-defined]
        activate(scope)
        return api_token


api = NinjaAPI(
    title="casys API",
    version="1",
    description=(
        "Conformity assessment system: bodies, certification, laboratories, proficiency testing, registry."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


class HealthOut(Schema):
    status: str
    version: str
    database: str


@api.get("/health", auth=None, response=HealthOut, tags=["system"])
def health(request: HttpRequest) -> HealthOut:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HealthOut(status="ok", version=__version__, database=connection.vendor)


api.add_router("/", accounts_router)
api.add_router("/accreditation", accreditation_router)
api.add_router("/certification", certification_router)
api.add_router("/laboratory", laboratory_router)
api.add_router("/proficiency", proficiency_router)
api.add_router("/registry", registry_router)
api.add_router("/requirements", requirements_router)
