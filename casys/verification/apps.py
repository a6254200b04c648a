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

        from casys.accounts.models import Body, BodyKind

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        body = (
            Body.all_objects.filter(id__in=list(scope.body_ids), kind=BodyKind.VALIDATION_VERIFICATION_BODY)
            .order_by("name")
            .first()
        )
        if body is None:
            return []
        return [(reverse("verification:engagement-list", args=[body.slug]), _("Verification"))]
