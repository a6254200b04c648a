from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequirementsConfig(AppConfig):
    name = "casys.requirements"
    label = "requirements"
    verbose_name = _("Requirements")

    def ready(self) -> None:
        from casys.requirements import actions  # noqa: F401  (registers the audit log sentences)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """A "Requirements" link for every signed-in member of a body (the catalogues are shared)."""
        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        from django.urls import reverse

        return [(reverse("requirements:index"), _("Requirements"))]
