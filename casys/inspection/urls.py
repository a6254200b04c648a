"""Pages of the inspection app (mounted at /inspection/); verify/<body>/<number>/ is the QR target."""

from django.urls import path

app_name = "inspection"
urlpatterns: list = []
