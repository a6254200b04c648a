from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttestationsConfig(AppConfig):
    name = "casys.attestations"
    label = "attestations"
    verbose_name = _("Attestations")

    def ready(self) -> None:
        from casys.attestations import actions, checks, receivers  # noqa: F401

        receivers.connect()
