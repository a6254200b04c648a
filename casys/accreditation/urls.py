"""Pages of the accreditation app (mounted at /accreditation/)."""

from django.urls import path

from casys.accreditation.views import assessments, contacts, pages

app_name = "accreditation"
urlpatterns = [
    path("<slug:slug>/", pages.accreditation_list, name="list"),
    path("<slug:slug>/signatory-statuses/", pages.import_statuses, name="import-statuses"),
    path("<slug:slug>/grant/", pages.grant_page, name="grant"),
    path("<slug:slug>/cabs/new/", pages.register_cab_page, name="register-cab"),
    path("<slug:slug>/cabs/<slug:cab_slug>/contacts/", contacts.cab_contacts, name="cab-contacts"),
    path(
        "<slug:slug>/cabs/<slug:cab_slug>/contacts/<int:invitation_id>/renew/",
        contacts.cab_contact_renew,
        name="cab-contact-renew",
    ),
    path(
        "<slug:slug>/cabs/<slug:cab_slug>/contacts/<int:invitation_id>/revoke/",
        contacts.cab_contact_revoke,
        name="cab-contact-revoke",
    ),
    path("<slug:slug>/<str:number>/", pages.accreditation_detail, name="detail"),
    path("<slug:slug>/<str:number>/events/", pages.accreditation_event, name="event"),
    path("<slug:slug>/<str:number>/assessments/new/", assessments.new_assessment, name="assessment-new"),
    path("<slug:slug>/<str:number>/assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path(
        "<slug:slug>/<str:number>/assessments/<int:pk>/findings/",
        assessments.assessment_finding,
        name="assessment-finding",
    ),
    path(
        "<slug:slug>/<str:number>/assessments/<int:pk>/findings/<int:fid>/close/",
        assessments.assessment_finding_close,
        name="assessment-finding-close",
    ),
    path(
        "<slug:slug>/<str:number>/assessments/<int:pk>/decision/",
        assessments.assessment_decision,
        name="assessment-decision",
    ),
]
