from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "casys.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from casys.notifications import actions, receivers, rules, webhooks  # noqa: F401

        receivers.connect()
