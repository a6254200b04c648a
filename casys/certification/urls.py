"""Pages of the certification app (mounted at /certification/)."""

from django.urls import path

from casys.certification.views import (
    auditors,
    audits,
    batch,
    certificates,
    clients,
    contacts,
    editions,
    marks,
    plans,
    portal,
    products,
    staff,
    suspensions,
    tables,
)

app_name = "certification"
urlpatterns = [
    path("", staff.index, name="index"),
    path("portal/<slug:slug>/", portal.portal, name="portal"),
    path("portal/<slug:slug>/audits/<int:pk>/plan/", plans.portal_plan, name="portal-plan"),
    path(
        "portal/<slug:slug>/audits/<int:pk>/plan/answer/", plans.portal_plan_answer, name="portal-plan-answer"
    ),
    path("portal/<slug:slug>/findings/<int:pk>/", portal.portal_finding, name="portal-finding"),
    path("portal/<slug:slug>/findings/<int:pk>/answer/", portal.portal_answer, name="portal-answer"),
    path("portal/<slug:slug>/attachments/<int:pk>/", portal.portal_attachment, name="portal-attachment"),
    path("portal/<slug:slug>/certificates/<int:pk>/pdf/", portal.portal_certificate_pdf, name="portal-pdf"),
    path("<slug:slug>/", staff.dashboard, name="dashboard"),
    path("<slug:slug>/clients/", staff.client_list, name="clients"),
    path("<slug:slug>/editions/", editions.edition_list, name="editions"),
    path("<slug:slug>/editions/new/", editions.edition_create, name="edition-create"),
    path("<slug:slug>/editions/<int:pk>/", editions.edition_detail, name="edition"),
    path(
        "<slug:slug>/editions/<int:pk>/re-evaluate/", editions.edition_re_evaluate, name="edition-re-evaluate"
    ),
    path("<slug:slug>/marks/", marks.mark_list, name="marks"),
    path("<slug:slug>/marks/new/", marks.mark_create, name="mark-create"),
    path("<slug:slug>/misuse/", marks.misuse_list, name="misuse-list"),
    path("<slug:slug>/misuse/<int:pk>/", marks.misuse_detail, name="misuse"),
    path("<slug:slug>/misuse/<int:pk>/evidence/", marks.misuse_evidence, name="misuse-evidence"),
    path("<slug:slug>/misuse/<int:pk>/decide/", marks.misuse_decide, name="misuse-decide"),
    path("<slug:slug>/misuse/<int:pk>/restore-licence/", marks.licence_restore, name="licence-restore"),
    path("<slug:slug>/clients/<int:pk>/", staff.client_detail, name="client"),
    path("<slug:slug>/clients/<int:pk>/consent/", staff.client_consent, name="client-consent"),
    path("<slug:slug>/clients/<int:pk>/contacts/", contacts.client_contacts, name="client-contacts"),
    path(
        "<slug:slug>/clients/<int:pk>/contacts/invitations/<int:invitation_id>/revoke/",
        contacts.contact_invitation_revoke,
        name="contact-invitation-revoke",
    ),
    path(
        "<slug:slug>/clients/<int:pk>/contacts/invitations/<int:invitation_id>/renew/",
        contacts.contact_invitation_renew,
        name="contact-invitation-renew",
    ),
    path("<slug:slug>/clients/<int:pk>/edit/", clients.client_edit, name="client-edit"),
    path("<slug:slug>/clients/<int:pk>/contacts/new/", clients.contact_person, name="contact-person-add"),
    path("<slug:slug>/clients/<int:pk>/contacts/<int:cid>/", clients.contact_person, name="contact-person"),
    path(
        "<slug:slug>/clients/<int:pk>/contacts/<int:cid>/remove/",
        clients.contact_person_remove,
        name="contact-person-remove",
    ),
    path("<slug:slug>/clients/<int:pk>/addresses/new/", clients.address, name="address-add"),
    path("<slug:slug>/clients/<int:pk>/addresses/<int:aid>/", clients.address, name="address"),
    path(
        "<slug:slug>/clients/<int:pk>/addresses/<int:aid>/remove/",
        clients.address_remove,
        name="address-remove",
    ),
    path("<slug:slug>/clients/<int:pk>/applications/", staff.application_create, name="application-create"),
    path("<slug:slug>/applications/<int:pk>/", staff.application_detail, name="application"),
    path("<slug:slug>/applications/<int:pk>/sites/", staff.application_site, name="application-site"),
    path("<slug:slug>/applications/<int:pk>/review/", staff.application_review, name="application-review"),
    path(
        "<slug:slug>/applications/<int:pk>/decision/", staff.application_decision, name="application-decision"
    ),
    path("<slug:slug>/audits/<int:pk>/", audits.audit_detail, name="audit"),
    path("<slug:slug>/audits/<int:pk>/plan/", audits.audit_plan, name="audit-plan"),
    path("<slug:slug>/audits/<int:pk>/record/", audits.audit_record, name="audit-record"),
    path("<slug:slug>/audits/<int:pk>/findings/", audits.finding_add, name="finding-add"),
    path("<slug:slug>/audits/<int:pk>/audit-plan/", plans.plan_page, name="plan"),
    path("<slug:slug>/audits/<int:pk>/audit-plan/generate/", plans.plan_generate, name="plan-generate"),
    path("<slug:slug>/audits/<int:pk>/audit-plan/save/", plans.plan_save, name="plan-save"),
    path("<slug:slug>/audits/<int:pk>/audit-plan/send/", plans.plan_send, name="plan-send"),
    path("<slug:slug>/audits/<int:pk>/audit-plan/pdf/", plans.plan_pdf, name="plan-pdf"),
    path("<slug:slug>/audits/<int:pk>/report/pdf/", plans.report_pdf, name="report-pdf"),
    path("<slug:slug>/audits/<int:pk>/oscal/assessment-results/", plans.oscal_results, name="oscal-results"),
    path("<slug:slug>/audits/<int:pk>/oscal/poam/", plans.oscal_poam, name="oscal-poam"),
    path("<slug:slug>/audits/<int:pk>/checklist/", plans.checklist_page, name="checklist"),
    path("<slug:slug>/audits/<int:pk>/checklist/prepare/", plans.checklist_prepare, name="checklist-prepare"),
    path("<slug:slug>/audits/<int:pk>/checklist/record/", plans.checklist_record, name="checklist-record"),
    path("<slug:slug>/audits/<int:pk>/remote/activities/", plans.remote_activity, name="remote-activity"),
    path("<slug:slug>/audits/<int:pk>/remote/consents/", plans.remote_consent, name="remote-consent"),
    path("<slug:slug>/applications/<int:pk>/coverage/", plans.coverage_page, name="coverage"),
    path("<slug:slug>/applications/<int:pk>/remote/", plans.remote_page, name="remote"),
    path("<slug:slug>/applications/<int:pk>/remote/assess/", plans.remote_assess, name="remote-assess"),
    path("<slug:slug>/findings/<int:pk>/", audits.finding_detail, name="finding"),
    path("<slug:slug>/findings/<int:pk>/verify/", audits.finding_verify, name="finding-verify"),
    path("<slug:slug>/findings/<int:pk>/send-back/", audits.finding_send_back, name="finding-send-back"),
    path("<slug:slug>/findings/<int:pk>/attach/", audits.finding_attach, name="finding-attach"),
    path("<slug:slug>/attachments/<int:pk>/", audits.attachment_download, name="attachment"),
    path("<slug:slug>/my-audits/", staff.my_audits, name="my-audits"),
    path("<slug:slug>/certificates/", certificates.certificate_list, name="certificates"),
    path("<slug:slug>/certificates/<int:pk>/", certificates.certificate_detail, name="certificate"),
    path(
        "<slug:slug>/certificates/<int:pk>/events/", certificates.certificate_event, name="certificate-event"
    ),
    path("<slug:slug>/certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate-pdf"),
    path(
        "<slug:slug>/clients/<int:pk>/product-applications/",
        products.application_new,
        name="product-application-new",
    ),
    path(
        "<slug:slug>/product-applications/<int:pk>/", products.application_detail, name="product-application"
    ),
    path(
        "<slug:slug>/product-applications/<int:pk>/review/",
        products.application_review,
        name="product-application-review",
    ),
    path(
        "<slug:slug>/product-applications/<int:pk>/decision/",
        products.application_decision,
        name="product-application-decision",
    ),
    path(
        "<slug:slug>/product-applications/<int:pk>/batch/", products.application_batch, name="product-batch"
    ),
    path("<slug:slug>/product-activities/<int:pk>/", products.activity_detail, name="product-activity"),
    path(
        "<slug:slug>/product-activities/<int:pk>/findings/", products.activity_finding, name="product-finding"
    ),
    path("<slug:slug>/certificates/<int:pk>/product-pdf/", products.certificate_pdf, name="product-pdf"),
    path("<slug:slug>/auditors/", auditors.auditor_list, name="auditors"),
    path("<slug:slug>/auditors/<int:pk>/", auditors.auditor_detail, name="auditor"),
    path("<slug:slug>/auditors/<int:pk>/conflicts/", auditors.conflict_add, name="auditor-conflict"),
    path(
        "<slug:slug>/auditors/<int:pk>/qualifications/new/", auditors.qualification, name="qualification-add"
    ),
    path(
        "<slug:slug>/auditors/<int:pk>/qualifications/<int:qid>/",
        auditors.qualification,
        name="qualification",
    ),
    path(
        "<slug:slug>/auditors/<int:pk>/qualifications/<int:qid>/end/",
        auditors.qualification_end,
        name="qualification-end",
    ),
    path(
        "<slug:slug>/auditors/<int:pk>/qualifications/<int:qid>/evidence/",
        auditors.evidence_add,
        name="evidence-add",
    ),
    path("<slug:slug>/calendar/", staff.calendar, name="calendar"),
    path("<slug:slug>/audit-time-tables/", tables.audit_time_tables, name="audit-tables"),
    path("<slug:slug>/certificates/pdf-zip/", batch.certificates_pdf_zip, name="certificates-pdf-zip"),
    path("<slug:slug>/suspension-proposals/", suspensions.proposal_list, name="suspension-proposals"),
    path(
        "<slug:slug>/suspension-proposals/<int:pk>/decide/",
        suspensions.proposal_decide,
        name="suspension-decide",
    ),
]
