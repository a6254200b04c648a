from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "casys.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from casys.notifications import actions, receivers, rules, webhooks  # noqa: F401

        receivers.connect()

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """A "Notifications" link (preferences, calendar feed, webhooks) for every signed-in member."""
        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        from django.urls import reverse

        return [(reverse("notifications:preferences"), _("Notifications"))]
