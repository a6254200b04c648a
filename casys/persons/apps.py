from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    name = "casys.persons"
    label = "persons"
    verbose_name = _("Certification of persons")

    def ready(self) -> None:
        from casys.persons import actions, daily  # noqa: F401  (audit log sentences, daily rules)
        from casys.persons.services import psychometrics  # noqa: F401  (the report job's kind)

    def nav_links(self, request):  # type: ignore[no-untyped-def]
        """Links for the main navigation: the persons pages of a body's staff, a candidate's portal."""
        from django.urls import reverse

        from casys.accounts.models import EXTERNAL_ROLES, Body, BodyKind, Role

        scope = getattr(request, "scope", None)
        if scope is None or not scope.body_ids:
            return []
        links = []
        for body in Body.all_objects.filter(
            id__in=list(scope.body_ids), kind=BodyKind.PERSONS_CERTIFICATION_BODY
        ):
            roles = scope.roles.get(body.id, frozenset())
            if roles - EXTERNAL_ROLES:
                links.append((reverse("persons:overview", args=[body.slug]), _("Certification of persons")))
            if Role.CANDIDATE.value in roles:
                links.append((reverse("persons:portal", args=[body.slug]), _("My certification")))
        return links

    def landing_url(self, body, role):  # type: ignore[no-untyped-def]
        """A candidate who accepts an invitation lands on the candidate portal."""
        from django.urls import reverse

        from casys.accounts.models import BodyKind, Role

        if body.kind == BodyKind.PERSONS_CERTIFICATION_BODY and role == Role.CANDIDATE:
            return reverse("persons:portal", args=[body.slug])
        return None
