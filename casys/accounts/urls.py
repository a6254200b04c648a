from django.contrib.auth import views as auth_views
from django.urls import path

from casys.accounts.views import bodies, invitations, members, platform, security, shell, signin

urlpatterns = [
    path("", shell.home, name="home"),
    path("dashboard/", shell.dashboard, name="dashboard"),
    path("login/", signin.SignInView.as_view(), name="login"),
    path("login/verify/", signin.verify, name="signin-verify"),
    path("password-reset/", signin.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("account/security/", security.security, name="account-security"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("platform/bodies/", platform.platform_bodies, name="platform-bodies"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/audit-log/", bodies.body_audit, name="body-audit"),
    path("bodies/<slug:slug>/two-factor/", security.body_mfa, name="body-mfa"),
    path("bodies/<slug:slug>/tokens/", bodies.body_tokens, name="body-tokens"),
    path("bodies/<slug:slug>/tokens/<int:token_id>/revoke/", bodies.token_revoke, name="token-revoke"),
    path("bodies/<slug:slug>/members/", members.members_page, name="body-members"),
    path("bodies/<slug:slug>/members/<int:user_id>/roles/", members.member_roles, name="member-roles"),
    path(
        "bodies/<slug:slug>/members/<int:user_id>/deactivate/",
        members.member_deactivate,
        name="member-deactivate",
    ),
    path(
        "bodies/<slug:slug>/members/<int:user_id>/reactivate/",
        members.member_reactivate,
        name="member-reactivate",
    ),
    path(
        "bodies/<slug:slug>/invitations/<int:pk>/revoke/", members.invitation_revoke, name="invitation-revoke"
    ),
    path("bodies/<slug:slug>/invitations/<int:pk>/renew/", members.invitation_renew, name="invitation-renew"),
]
