from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "casys.accounts"
    label = "accounts"
    verbose_name = _("Accounts and bodies")

    def ready(self) -> None:
        from casys.accounts import actions  # noqa: F401  (registers the action sentences)
