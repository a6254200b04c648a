"""Pages of the proficiency app (mounted at /proficiency/)."""

from django.urls import path

from casys.proficiency.views import index, participant, provider

app_name = "proficiency"

ROUND = "<slug:slug>/rounds/<int:round_id>/"
PARTICIPATION = "<slug:slug>/participations/<int:participation_id>/"

urlpatterns = [
    path("", index.index, name="index"),
    path("<slug:slug>/schemes/", provider.schemes, name="schemes"),
    path("<slug:slug>/schemes/<int:scheme_id>/", provider.scheme_detail, name="scheme"),
    path(ROUND, provider.round_detail, name="round"),
    path(ROUND + "measurands/", provider.add_measurand, name="add-measurand"),
    path(ROUND + "items/", provider.add_item, name="add-item"),
    path(ROUND + "homogeneity/", provider.homogeneity, name="homogeneity"),
    path(ROUND + "invite/", provider.invite, name="invite"),
    path(ROUND + "status/<slug:action>/", provider.change_status, name="status"),
    path(ROUND + "results-csv/", provider.upload_series, name="upload-series"),
    path(ROUND + "evaluate/", provider.evaluate, name="evaluate"),
    path(ROUND + "summary/", provider.summary, name="summary"),
    path(ROUND + "reports-job/", provider.reports_job, name="reports-job"),
    path(ROUND + "summary.pdf", provider.summary_pdf, name="summary-pdf"),
    path(
        ROUND + "participants/<int:participation_id>/report.pdf",
        provider.participant_report_pdf,
        name="participant-report-pdf",
    ),
    path(
        ROUND + "participants/<int:participation_id>/credential.jwt",
        provider.participant_credential,
        name="participant-credential",
    ),
    path("<slug:slug>/participations/", participant.participations, name="participations"),
    path(PARTICIPATION, participant.participation_detail, name="participation"),
    path(PARTICIPATION + "upload/", participant.upload, name="upload"),
    path(PARTICIPATION + "language/", participant.set_language, name="language"),
    path(PARTICIPATION + "report/", participant.report, name="report"),
    path(PARTICIPATION + "report.pdf", participant.report_pdf, name="report-pdf"),
    path(PARTICIPATION + "credential.jwt", participant.credential, name="credential"),
]
