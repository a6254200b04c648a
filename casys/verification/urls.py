"""Pages of the verification app (mounted at /verification/)."""

from django.urls import path

from casys.verification.views import engagements, steps

app_name = "verification"
urlpatterns = [
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
    path(
        "<slug:slug>/engagements/<int:pk>/statement-<str:language>.pdf",
        engagements.engagement_statement_pdf,
        name="statement-pdf",
    ),
]
