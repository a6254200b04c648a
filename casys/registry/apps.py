from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "casys.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from casys.registry import jobs  # noqa: F401  (registers the import job kind)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links this area adds to the main navigation: the public registry, for everyone."""
        from django.urls import reverse

        from casys.accounts.models import Body, BodyKind

        links = [(reverse("registry:search"), _("Registry"))]
        scope = getattr(request, "scope", None)
        if scope is not None and scope.body_ids:
            # Only bodies that issue certificates have published certificates to look after.
            issuers = list(
                Body.all_objects.filter(id__in=list(scope.body_ids), kind=BodyKind.CERTIFICATION_BODY).only(
                    "slug", "name"
                )
            )
            links += [
                (
                    reverse("registry:issuer", args=[b.slug]),
                    _("Published certificates") + (f" · {b.name}" if len(issuers) > 1 else ""),
                )
                for b in issuers
            ]
        return links
