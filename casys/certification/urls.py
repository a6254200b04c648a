"""Pages of the certification app (mounted at /certification/)."""

from django.urls import path  # noqa: F401

app_name = "certification"
urlpatterns: list = []  # type: ignore[type-arg]
