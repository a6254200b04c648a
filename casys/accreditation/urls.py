"""Pages of the accreditation app (mounted at /accreditation/)."""

from django.urls import path  # noqa: F401

app_name = "accreditation"
urlpatterns: list = []  # type: ignore[type-arg]
