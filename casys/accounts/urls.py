from django.contrib.auth import views as auth_views
from django.urls import path

from casys.accounts.views import bodies, security, shell, signin

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
    path("bodies/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/audit-log/", bodies.body_audit, name="body-audit"),
    path("bodies/<slug:slug>/two-factor/", security.body_mfa, name="body-mfa"),
    path("bodies/<slug:slug>/tokens/", bodies.body_tokens, name="body-tokens"),
    path("bodies/<slug:slug>/tokens/<int:token_id>/revoke/", bodies.token_revoke, name="token-revoke"),
]
