from django.contrib.auth import views as auth_views
from django.urls import path

from casys.accounts.views import bodies, shell

urlpatterns = [
    path("", shell.home, name="home"),
    path("dashboard/", shell.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/audit-log/", bodies.body_audit, name="body-audit"),
    path("bodies/<slug:slug>/tokens/", bodies.body_tokens, name="body-tokens"),
    path("bodies/<slug:slug>/tokens/<int:token_id>/revoke/", bodies.token_revoke, name="token-revoke"),
]
