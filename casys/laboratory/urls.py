"""Pages of the laboratory app (mounted at /laboratory/)."""

from django.urls import path

from casys.laboratory.views import (
    agreements,
    customers,
    inspection,
    methods,
    model_entry,
    pages,
    reports,
    results,
    sampling,
)

app_name = "laboratory"
urlpatterns = [
    path("", pages.home, name="home"),
    path("<slug:slug>/", pages.overview, name="overview"),
    path("<slug:slug>/methods/", methods.method_list, name="methods"),
    path("<slug:slug>/methods/new/", methods.method_new, name="method-new"),
    path("<slug:slug>/methods/<slug:code>/", methods.method_detail, name="method-detail"),
    path("<slug:slug>/agreements/", agreements.agreement_list, name="agreements"),
    path("<slug:slug>/customers/", customers.customer_list, name="customers"),
    path("<slug:slug>/customers/<int:pk>/", customers.customer_update, name="customer-update"),
    path("<slug:slug>/results/", results.result_list, name="results"),
    path("<slug:slug>/results/new/", results.result_new, name="result-new"),
    path("<slug:slug>/results/new/inputs/", model_entry.result_from_inputs, name="result-new-inputs"),
    path("<slug:slug>/results/<int:pk>/", results.result_detail, name="result-detail"),
    path("<slug:slug>/reports/", reports.report_list, name="reports"),
    path("<slug:slug>/reports/new/", reports.report_new, name="report-new"),
    path("<slug:slug>/reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("<slug:slug>/reports/<int:pk>/issue/", reports.report_issue, name="report-issue"),
    path("<slug:slug>/reports/<int:pk>/amend/", reports.report_amend, name="report-amend"),
    path("<slug:slug>/reports/<int:pk>/pdf/", reports.report_pdf, name="report-pdf"),
    path("<slug:slug>/reports/<int:pk>/credential.jwt", reports.report_credential, name="report-credential"),
    path("<slug:slug>/sampling/", sampling.sampling, name="sampling"),
    path("<slug:slug>/inspection/", inspection.scheme_list, name="inspections"),
    path("<slug:slug>/inspection/new/", inspection.scheme_new, name="inspection-new"),
    path("<slug:slug>/inspection/<slug:code>/", inspection.scheme_detail, name="inspection-detail"),
    path("<slug:slug>/inspection/<slug:code>/lots/", inspection.lot_record, name="inspection-lot"),
    path(
        "<slug:slug>/inspection/<slug:code>/resume/", inspection.inspection_resume, name="inspection-resume"
    ),
]
