from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "casys.verification"
    label = "verification"
    verbose_name = _("Validation and verification")

    def ready(self) -> None:
        from casys.verification import actions  # noqa: F401  (registers the audit log sentences)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Navigation links: the engagements of the first validation/verification body of the user."""
        from django.urls import reverse

        from casys.accounts.models import Body, BodyKind, Role

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        ids = list(scope.body_ids)
        links = []
        body = (
            Body.all_objects.filter(id__in=ids, kind=BodyKind.VALIDATION_VERIFICATION_BODY)
            .order_by("name")
            .first()
        )
        if body is not None:
            links.append((reverse("verification:engagement-list", args=[body.slug]), _("Verification")))
        clients = Body.all_objects.filter(
            id__in=ids, kind=BodyKind.CLIENT, managed_by__kind=BodyKind.VALIDATION_VERIFICATION_BODY
        ).order_by("name")
        for client in clients:
            if scope.has_role(client.id, Role.CLIENT_CONTACT):
                links.append((reverse("verification:portal", args=[client.slug]), _("GHG verification")))
        return links

    def landing_url(self, body, role):  # type: ignore[no-untyped-def]
        """Where a V/V body's client contact lands: the portal with the client's engagements."""
        from django.urls import reverse

        from casys.accounts.models import BodyKind, Role

        if body.kind != BodyKind.CLIENT or role != Role.CLIENT_CONTACT:
            return None
        if body.managed_by is None or body.managed_by.kind != BodyKind.VALIDATION_VERIFICATION_BODY:
            return None
        return reverse("verification:portal", args=[body.slug])
