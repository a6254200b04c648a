from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "casys.certification"
    label = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from casys.certification import (  # noqa: F401  (action sentences, daily rules)
            actions,
            batch_pdf,
            daily,
            daily_overdue,
        )
        from casys.certification.services import marks
        from casys.certification.signals import certificate_changed

        certificate_changed.connect(marks.on_certificate_changed, dispatch_uid="casys.certification.licence")

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation for the signed-in user: [(url, label)]."""
        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        from django.urls import reverse

        from casys.accounts.models import Body, BodyKind

        # Certification bodies' staff, and clients' contacts (their portal), see the area.
        kinds = [BodyKind.CERTIFICATION_BODY, BodyKind.CLIENT]
        mine = Body.all_objects.filter(id__in=list(scope.body_ids), kind__in=kinds)
        # a CB's record kept by an accreditation body is not a certification workspace
        if not mine.exclude(kind=BodyKind.CERTIFICATION_BODY, managed_by__isnull=False).exists():
            return []
        return [(reverse("certification:index"), _("Certification"))]

    def landing_url(self, body, role):  # type: ignore[no-untyped-def]
        """Where a newly joined member lands: a certification client's contact on the client portal."""
        from django.urls import reverse

        from casys.accounts.models import BodyKind, Role
        from casys.certification.models import Client

        if body.kind != BodyKind.CLIENT or role != Role.CLIENT_CONTACT:
            return None
        if not Client.all_objects.filter(organisation=body).exists():
            return None
        return reverse("certification:portal", args=[body.slug])
