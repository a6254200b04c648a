"""Pages of the certification of persons (mounted at /persons/)."""

from django.urls import path

from casys.persons.views import portal, reports, staff

app_name = "persons"
urlpatterns = [
    path("register/", portal.register, name="register"),
    path("verify/<slug:issuer>/<str:number>/", portal.verify, name="verify"),
    path("portal/<slug:slug>/", portal.portal, name="portal"),
    path("portal/<slug:slug>/certificates/<int:pk>/<str:language>.pdf", portal.portal_pdf, name="portal-pdf"),
    path("<slug:slug>/", staff.overview, name="overview"),
    path("<slug:slug>/items/", staff.items, name="items"),
    path("<slug:slug>/items/psychometrics/", reports.bank_psychometrics, name="bank-psychometrics"),
    path("<slug:slug>/items/<int:pk>/", staff.item, name="item"),
    path("<slug:slug>/forms/", staff.forms, name="forms"),
    path("<slug:slug>/forms/<int:pk>/", staff.form_detail, name="form"),
    path("<slug:slug>/forms/<int:pk>/angoff/", reports.angoff, name="angoff"),
    path("<slug:slug>/sessions/", staff.sessions, name="sessions"),
    path("<slug:slug>/sessions/<int:pk>/", staff.session, name="session"),
    path("<slug:slug>/sessions/<int:pk>/marking/", staff.marking, name="marking"),
    path(
        "<slug:slug>/sessions/<int:pk>/psychometrics/",
        reports.session_psychometrics,
        name="session-psychometrics",
    ),
    path("<slug:slug>/applications/", staff.applications, name="applications"),
    path("<slug:slug>/decisions/", staff.decisions, name="decisions"),
    path("<slug:slug>/appeals/", staff.appeals, name="appeals"),
    path("<slug:slug>/certificates/", staff.certificates, name="certificates"),
    path("<slug:slug>/certificates/<int:pk>/status/", staff.certificate_status, name="certificate-status"),
    path(
        "<slug:slug>/certificates/<int:pk>/<str:language>.pdf", staff.certificate_pdf, name="certificate-pdf"
    ),
]
