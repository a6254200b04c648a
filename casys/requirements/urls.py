"""Pages of the requirements app (mounted at /requirements/): catalogues and a body's licensed text."""

from django.urls import path

from casys.requirements import views

app_name = "requirements"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogues/<str:key>/", views.catalogue, name="catalogue"),
    path("<slug:slug>/licensed/<str:key>/", views.licensed_text, name="licensed"),
]
