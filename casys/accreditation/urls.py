"""Pages of the accreditation app (mounted at /accreditation/)."""

from django.urls import path

from casys.accreditation.views import pages

app_name = "accreditation"
urlpatterns = [
    path("<slug:slug>/", pages.accreditation_list, name="list"),
    path("<slug:slug>/signatory-statuses/", pages.import_statuses, name="import-statuses"),
    path("<slug:slug>/<str:number>/", pages.accreditation_detail, name="detail"),
    path("<slug:slug>/<str:number>/events/", pages.accreditation_event, name="event"),
]
