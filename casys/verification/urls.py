"""Pages of the verification app (mounted at /verification/)."""

from django.urls import path

from casys.verification.views import clients, engagements, planning, portal, steps

app_name = "verification"
urlpatterns = [
    path("portal/<slug:slug>/", portal.portal, name="portal"),
    path("portal/<slug:slug>/engagements/<int:pk>/", portal.portal_upload, name="portal-upload"),
    path(
        "portal/<slug:slug>/engagements/<int:pk>/statement-<str:language>.pdf",
        portal.portal_pdf,
        name="portal-pdf",
    ),
    path("<slug:slug>/", engagements.engagement_list, name="engagement-list"),
    path("<slug:slug>/engagements/new/", steps.engagement_new, name="engagement-new"),
    path("<slug:slug>/engagements/<int:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("<slug:slug>/engagements/<int:pk>/import/", steps.statement_import, name="statement-import"),
    path(
        "<slug:slug>/engagements/<int:pk>/misstatements/new/", steps.misstatement_new, name="misstatement-new"
    ),
    path(
        "<slug:slug>/engagements/<int:pk>/nonconformities/new/",
        steps.nonconformity_new,
        name="nonconformity-new",
    ),
    path("<slug:slug>/engagements/<int:pk>/review/", steps.review_complete, name="review-complete"),
    path("<slug:slug>/engagements/<int:pk>/opinion/", steps.opinion_decide, name="opinion-decide"),
    path("<slug:slug>/engagements/<int:pk>/issue/", steps.statement_issue, name="statement-issue"),
    path("<slug:slug>/engagements/<int:pk>/correct/", steps.statement_correct, name="statement-correct"),
    path(
        "<slug:slug>/engagements/<int:pk>/statement-<str:language>.pdf",
        engagements.engagement_statement_pdf,
        name="statement-pdf",
    ),
    path("<slug:slug>/clients/", clients.client_list, name="client-list"),
    path("<slug:slug>/clients/<int:pk>/", clients.client_detail, name="client-detail"),
    path("<slug:slug>/competences/", planning.competences, name="competences"),
    path("<slug:slug>/engagements/<int:pk>/plan/", planning.plan, name="plan"),
    path("<slug:slug>/engagements/<int:pk>/plan/header/", planning.plan_header, name="plan-header"),
    path("<slug:slug>/engagements/<int:pk>/plan/risks/new/", planning.risk_new, name="risk-new"),
    path("<slug:slug>/engagements/<int:pk>/plan/samples/new/", planning.sample_new, name="sample-new"),
    path("<slug:slug>/engagements/<int:pk>/plan/samples/<int:sid>/", planning.sample_detail, name="sample"),
    path("<slug:slug>/engagements/<int:pk>/plan/controls/new/", planning.control_new, name="control-new"),
    path(
        "<slug:slug>/engagements/<int:pk>/plan/controls/<int:cid>/result/",
        planning.control_result,
        name="control-result",
    ),
    path("<slug:slug>/engagements/<int:pk>/plan/base-year/", planning.base_year, name="base-year"),
    path("<slug:slug>/engagements/<int:pk>/plan/changes/new/", planning.change_new, name="change-new"),
    path("<slug:slug>/engagements/<int:pk>/plan/removals/new/", planning.removal_new, name="removal-new"),
    path(
        "<slug:slug>/engagements/<int:pk>/plan/checklist/answer/",
        planning.checklist_answer,
        name="checklist-answer",
    ),
    path("<slug:slug>/engagements/<int:pk>/plan/claim/new/", planning.claim_new, name="claim-new"),
]
