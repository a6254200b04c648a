from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "casys.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        from casys.accreditation import actions, daily  # noqa: F401  (action sentences, daily rules)
        from casys.accreditation.services import chain_cache  # noqa: F401  (chain version signals)

    def landing_url(self, body, role):  # type: ignore[no-untyped-def]
        """Where a newly joined member lands: a contact of a CAB kept by an AB on its accreditations."""
        from django.urls import reverse

        from casys.accounts.models import BodyKind, Role

        if role != Role.CLIENT_CONTACT or body.managed_by_id is None or body.kind == BodyKind.CLIENT:
            return None
        return reverse("accreditation:list", args=[body.slug])

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation: the accreditation pages of the user's ABs."""
        from django.urls import reverse

        from casys.accounts.models import Body, BodyKind

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        ids = list(scope.body_ids)
        # the AB's staff, and the contacts of a CAB record an AB keeps (its accreditations)
        kept = Body.all_objects.filter(id__in=ids, managed_by__kind=BodyKind.ACCREDITATION_BODY)
        slugs = Body.all_objects.filter(id__in=ids, kind=BodyKind.ACCREDITATION_BODY) | kept.exclude(
            kind=BodyKind.CLIENT
        )
        return [
            (reverse("accreditation:list", args=[slug]), _("Accreditations"))
            for slug in slugs.values_list("slug", flat=True)
        ]
