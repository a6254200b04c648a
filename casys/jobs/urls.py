"""Pages of the jobs app (mounted at /jobs/)."""

from django.urls import path

from casys.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.job_list, name="list"),
    path("<slug:slug>/<int:pk>/", views.job_detail, name="detail"),
    path("<slug:slug>/<int:pk>/progress.json", views.job_json, name="json"),
    path("<slug:slug>/<int:pk>/errors.csv", views.job_errors, name="errors"),
    path("<slug:slug>/<int:pk>/output", views.job_output, name="output"),
]
