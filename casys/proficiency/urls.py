"""Pages of the proficiency app (mounted at /proficiency/)."""

from django.urls import path  # noqa: F401

app_name = "proficiency"
urlpatterns: list = []  # type: ignore[type-arg]
