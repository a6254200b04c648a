from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "casys.inspection"
    label = "inspection"
    verbose_name = _("Inspection")

    def ready(self) -> None:
        from casys.inspection import actions  # noqa: F401  (registers the audit log sentences)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation: the inspection bodies, a client's reports."""
        from django.urls import reverse

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        from casys.accounts.models import Body, BodyKind, Role

        ids = list(scope.body_ids)
        links = []
        if Body.all_objects.filter(id__in=ids, kind=BodyKind.INSPECTION_BODY).exists():
            links.append((reverse("inspection:home"), _("Inspection")))
        clients = Body.all_objects.filter(
            id__in=ids, kind=BodyKind.CLIENT, managed_by__kind=BodyKind.INSPECTION_BODY
        ).order_by("name")
        for client in clients:
            if scope.has_role(client.id, Role.CLIENT_CONTACT):
                links.append((reverse("inspection:portal", args=[client.slug]), _("Inspection reports")))
        return links

    def landing_url(self, body, role):  # type: ignore[no-untyped-def]
        """Where an inspection body's client contact lands: the portal with the client's reports."""
        from django.urls import reverse

        from casys.accounts.models import BodyKind, Role

        if body.kind != BodyKind.CLIENT or role != Role.CLIENT_CONTACT:
            return None
        if body.managed_by is None or body.managed_by.kind != BodyKind.INSPECTION_BODY:
            return None
        return reverse("inspection:portal", args=[body.slug])
