from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "casys.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from casys.documents import actions  # noqa: F401  (registers the audit log sentences)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """A "Documents" link for the administrators of a body that issues documents."""
        scope = getattr(request, "scope", None)
        if scope is None or not any(scope.has_role(b, "admin") for b in scope.body_ids):
            return []
        from django.urls import reverse

        return [(reverse("documents:index"), _("Documents"))]
