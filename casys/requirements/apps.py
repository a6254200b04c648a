from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequirementsConfig(AppConfig):
    name = "casys.requirements"
    label = "requirements"
    verbose_name = _("Requirements")

    def ready(self) -> None:
        from casys.requirements import actions  # noqa: F401  (registers the audit log sentences)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """A "Requirements" link for the staff of any body (the catalogues are shared); not for
        client contacts, whose portal has no use for them."""
        scope = getattr(request, "scope", None)
        staff = [r for roles in getattr(scope, "roles", {}).values() for r in roles if r != "client_contact"]
        if not staff:
            return []
        from django.urls import reverse

        return [(reverse("requirements:index"), _("Requirements"))]
