from django.urls import include, path

from casys.project.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accreditation/", include("casys.accreditation.urls")),
    path("certification/", include("casys.certification.urls")),
    path("documents/", include("casys.documents.urls")),
    path("jobs/", include("casys.jobs.urls")),
    path("notifications/", include("casys.notifications.urls")),
    path("laboratory/", include("casys.laboratory.urls")),
    path("inspection/", include("casys.inspection.urls")),
    path("proficiency/", include("casys.proficiency.urls")),
    path("persons/", include("casys.persons.urls")),
    path("registry/", include("casys.registry.urls")),
    path("requirements/", include("casys.requirements.urls")),
    path("verification/", include("casys.verification.urls")),
    path("", include("casys.accounts.urls")),
]

handler403 = "casys.accounts.views.errors.forbidden"
handler404 = "casys.accounts.views.errors.not_found"
handler500 = "casys.accounts.views.errors.server_error"
