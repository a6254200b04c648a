from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "casys.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from casys.jobs import actions, cleanup  # noqa: F401  (audit log sentences, the cleanup rule)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """A "Jobs" link for staff of a body (not for client contacts)."""
        from django.urls import reverse

        from casys.jobs.access import STAFF_ROLES  # models are importable once the apps are ready

        scope = getattr(request, "scope", None)
        if scope is None or not any(scope.has_role(b, *STAFF_ROLES) for b in scope.body_ids):
            return []
        return [(reverse("jobs:index"), _("Jobs"))]
