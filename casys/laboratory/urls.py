"""Pages of the laboratory app (mounted at /laboratory/)."""

from django.urls import path, re_path

from casys.laboratory.views import (
    agreements,
    customer_contacts,
    customers,
    lot_sampling,
    methods,
    model_entry,
    pages,
    portal,
    reports,
    results,
    sampling,
)

app_name = "laboratory"
urlpatterns = [
    path("", pages.home, name="home"),
    path("portal/<slug:slug>/", portal.portal, name="portal"),
    path("portal/<slug:slug>/reports/<int:pk>/pdf/", portal.portal_report_pdf, name="portal-report-pdf"),
    path("<slug:slug>/", pages.overview, name="overview"),
    path("<slug:slug>/methods/", methods.method_list, name="methods"),
    path("<slug:slug>/methods/new/", methods.method_new, name="method-new"),
    path("<slug:slug>/methods/<slug:code>/", methods.method_detail, name="method-detail"),
    path("<slug:slug>/agreements/", agreements.agreement_list, name="agreements"),
    path("<slug:slug>/customers/", customers.customer_list, name="customers"),
    path("<slug:slug>/customers/<int:pk>/record/", customers.customer_update, name="customer-update"),
    path("<slug:slug>/customers/<int:pk>/", customer_contacts.customer_detail, name="customer"),
    path(
        "<slug:slug>/customers/<int:pk>/invitations/<int:invitation_id>/renew/",
        customer_contacts.contact_invitation_renew,
        name="contact-invitation-renew",
    ),
    path(
        "<slug:slug>/customers/<int:pk>/invitations/<int:invitation_id>/revoke/",
        customer_contacts.contact_invitation_revoke,
        name="contact-invitation-revoke",
    ),
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
    path("<slug:slug>/lot-sampling/", lot_sampling.scheme_list, name="lot-sampling"),
    path("<slug:slug>/lot-sampling/new/", lot_sampling.scheme_new, name="lot-sampling-new"),
    path("<slug:slug>/lot-sampling/<slug:code>/", lot_sampling.scheme_detail, name="lot-sampling-detail"),
    path("<slug:slug>/lot-sampling/<slug:code>/lots/", lot_sampling.lot_record, name="lot-sampling-lot"),
    path(
        "<slug:slug>/lot-sampling/<slug:code>/resume/",
        lot_sampling.sampling_resume,
        name="lot-sampling-resume",
    ),
    # Lot acceptance sampling (ISO 2859-1) was under /inspection/ until "inspection" came to mean
    # ISO/IEC 17020: bookmarks keep working, permanently moved (the query string goes along).
    re_path(
        r"^(?P<slug>[-\w]+)/inspection/(?P<rest>(?:[-\w]+/)*)$",
        lot_sampling.moved,
        name="lot-sampling-moved",
    ),
]
