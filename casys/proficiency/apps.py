from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProficiencyConfig(AppConfig):
    name = "casys.proficiency"
    label = "proficiency"
    verbose_name = _("Proficiency testing")

    def ready(self) -> None:
        from casys.proficiency import actions, jobs  # noqa: F401  (audit-log sentences, the job kind)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation for the signed-in user: [(url, label)]."""
        from django.urls import reverse

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return [(reverse("proficiency:index"), _("Proficiency testing"))]
