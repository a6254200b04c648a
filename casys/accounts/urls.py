from django.contrib.auth import views as auth_views
from django.urls import path

from casys.accounts.forms import MemberAuthenticationForm
from casys.accounts.views import bodies, invitations, members, platform, shell

urlpatterns = [
    path("", shell.home, name="home"),
    path("dashboard/", shell.dashboard, name="dashboard"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=MemberAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("platform/bodies/", platform.platform_bodies, name="platform-bodies"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/audit-log/", bodies.body_audit, name="body-audit"),
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
