from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "casys.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        from casys.accreditation import actions  # noqa: F401

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation: the accreditation pages of the user's ABs."""
        from django.urls import reverse

        from casys.accounts.models import Body, BodyKind

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        slugs = Body.all_objects.filter(id__in=list(scope.body_ids), kind=BodyKind.ACCREDITATION_BODY)
        return [
            (reverse("accreditation:list", args=[slug]), _("Accreditations"))
            for slug in slugs.values_list("slug", flat=True)
        ]
