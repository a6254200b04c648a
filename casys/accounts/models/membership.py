from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SCHEME_MANAGER = "scheme_manager", _("Scheme manager")
    AUDITOR = "auditor", _("Auditor / assessor")
    DECISION_MAKER = "decision_maker", _("Certification decision maker")
    ANALYST = "analyst", _("Analyst")
    REPORT_REVIEWER = "report_reviewer", _("Report reviewer")
    CLIENT_CONTACT = "client_contact", _("Client contact")
    INSPECTOR = "inspector", _("Inspector")
    EXAMINER = "examiner", _("Examiner")
    CANDIDATE = "candidate", _("Candidate")
    VERIFIER = "verifier", _("Verifier / validator")


#: Roles of people outside the body's staff: a client's contact (on the client's record) and a
#: candidate for certification of persons (on the persons body). They never reach staff pages, and
#: the body's two-factor policy for staff does not apply to them.
EXTERNAL_ROLES = frozenset({Role.CLIENT_CONTACT.value, Role.CANDIDATE.value})

#: Roles that only bodies of one kind have (the others are every body's staff roles).
ROLES_OF_KIND = {
    "inspection_body": (Role.INSPECTOR.value,),
    "persons_body": (Role.EXAMINER.value, Role.CANDIDATE.value),
    "vv_body": (Role.VERIFIER.value,),
}


class Membership(models.Model):
    """A user's role in a body. A user may hold several roles in several bodies.

    A membership is never deleted: when it ends (the member is deactivated or the
    role taken away) ``is_active`` turns off and ``ended_at`` records when, so the
    member's history and the audit entries that point at them stay. Only active
    memberships give a scope.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    # A body reaches the memberships of the client bodies whose record it keeps (their contacts).
    objects = ScopedManager("body_id", "body__managed_by_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="membership_unique_role")
        ]
        ordering = ["body__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.body}"
