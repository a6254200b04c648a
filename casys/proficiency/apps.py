from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProficiencyConfig(AppConfig):
    name = "casys.proficiency"
    label = "proficiency"
    verbose_name = _("Proficiency testing")

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation for the signed-in user: [(url, label)]."""
        return []
