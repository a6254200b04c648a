from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaboratoryConfig(AppConfig):
    name = "casys.laboratory"
    label = "laboratory"
    verbose_name = _("Laboratory")

    def ready(self) -> None:
        from casys.laboratory import actions  # noqa: F401  (registers the audit log sentences)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation for the signed-in user: [(url, label)]."""
        from django.urls import reverse

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        from casys.accounts.models import Body, BodyKind

        labs = Body.all_objects.filter(id__in=list(scope.body_ids), kind=BodyKind.LABORATORY).exists()
        return [(reverse("laboratory:home"), _("Laboratory"))] if labs else []
