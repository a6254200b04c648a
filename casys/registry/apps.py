from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "casys.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from casys.registry import actions, receivers  # noqa: F401

        receivers.connect()

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation: the public registry, for everyone."""
        from django.urls import reverse

        return [(reverse("registry:search"), _("Registry"))]
