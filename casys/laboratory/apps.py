from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaboratoryConfig(AppConfig):
    name = "casys.laboratory"
    label = "laboratory"
    verbose_name = _("Laboratory")

    def ready(self) -> None:
        from casys.laboratory import actions, jobs  # noqa: F401  (audit log sentences, the MCM job kind)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation for the signed-in user: [(url, label)]."""
        from django.urls import reverse

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        from casys.accounts.models import Body, BodyKind, Role

        ids = list(scope.body_ids)
        labs = Body.all_objects.filter(id__in=ids, kind=BodyKind.LABORATORY).exists()
        links = [(reverse("laboratory:home"), _("Laboratory"))] if labs else []
        # A laboratory customer's contacts: the customer portal with its reports.
        customers = Body.all_objects.filter(
            id__in=ids, kind=BodyKind.CLIENT, managed_by__kind=BodyKind.LABORATORY
        ).order_by("name")
        for customer in customers:
            if scope.has_role(customer.id, Role.CLIENT_CONTACT):
                links.append((reverse("laboratory:portal", args=[customer.slug]), _("Test reports")))
        return links

    def landing_url(self, body, role):  # type: ignore[no-untyped-def]
        """Where a newly joined member lands: a laboratory customer's contact on the customer portal."""
        from django.urls import reverse

        from casys.accounts.models import BodyKind, Role

        if body.kind != BodyKind.CLIENT or role != Role.CLIENT_CONTACT:
            return None
        if body.managed_by is None or body.managed_by.kind != BodyKind.LABORATORY:
            return None
        return reverse("laboratory:portal", args=[body.slug])
