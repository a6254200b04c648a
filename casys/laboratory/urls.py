"""Pages of the laboratory app (mounted at /laboratory/)."""

from django.urls import path  # noqa: F401

app_name = "laboratory"
urlpatterns: list = []  # type: ignore[type-arg]
