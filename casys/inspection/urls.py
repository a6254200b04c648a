"""Pages of the inspection app (mounted at /inspection/); verify/<body>/<number>/ is the QR target."""

from django.urls import path

from casys.inspection.views import inspections, pages, reports

app_name = "inspection"
urlpatterns = [
    path("", pages.home, name="home"),
    path("verify/<slug:slug>/<str:number>/", reports.verify, name="verify"),
    path(
        "verify/<slug:slug>/<str:number>/credential.jwt", reports.verify_credential, name="verify-credential"
    ),
    path("portal/<slug:slug>/", reports.portal, name="portal"),
    path("portal/<slug:slug>/reports/<int:pk>/pdf/", reports.portal_pdf, name="portal-pdf"),
    path("<slug:slug>/", pages.dashboard, name="dashboard"),
    path("<slug:slug>/scope/", pages.scope, name="scope"),
    path("<slug:slug>/inspectors/", pages.inspectors, name="inspectors"),
    path("<slug:slug>/instruments/", pages.instruments, name="instruments"),
    path("<slug:slug>/items/", pages.items, name="items"),
    path("<slug:slug>/clients/<int:pk>/", pages.client_detail, name="client"),
    path("<slug:slug>/inspections/", inspections.inspection_list, name="inspections"),
    path("<slug:slug>/inspections/new/", inspections.inspection_new, name="inspection-new"),
    path("<slug:slug>/inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("<slug:slug>/inspections/<int:pk>/assign/", inspections.inspection_assign, name="inspection-assign"),
    path("<slug:slug>/inspections/<int:pk>/start/", inspections.inspection_start, name="inspection-start"),
    path("<slug:slug>/inspections/<int:pk>/check/", inspections.inspection_check, name="inspection-check"),
    path("<slug:slug>/inspections/<int:pk>/photo/", inspections.inspection_photo, name="inspection-photo"),
    path("<slug:slug>/inspections/<int:pk>/submit/", inspections.inspection_submit, name="inspection-submit"),
    path("<slug:slug>/inspections/<int:pk>/review/", inspections.inspection_review, name="inspection-review"),
    path("<slug:slug>/inspections/<int:pk>/issue/", inspections.inspection_issue, name="inspection-issue"),
    path("<slug:slug>/inspections/<int:pk>/cancel/", inspections.inspection_cancel, name="inspection-cancel"),
    path("<slug:slug>/reports/<int:pk>/", reports.report_detail, name="report"),
    path("<slug:slug>/reports/<int:pk>/correct/", reports.report_correct, name="report-correct"),
    path("<slug:slug>/reports/<int:pk>/pdf/", reports.report_pdf, name="report-pdf"),
    path("<slug:slug>/photos/<int:pk>/", reports.photo_file, name="photo"),
]
