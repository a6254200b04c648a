"""Suspension proposals: a surveillance overdue past its scheme's limit, put to the decision maker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casys.accounts.scoping import ScopedManager


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted: certificate suspended")
    REJECTED = "rejected", _("rejected")
    #: the scheme suspends at once (``then = "suspend"``): no decision was asked for
    APPLIED = "applied", _("applied by the scheme's rule")


class SuspensionProposal(models.Model):
    """The rule ``rule`` found the surveillance ``audit`` overdue past its scheme's limit on
    ``proposed_on``: the certificate's suspension (ISO/IEC 17021-1:2015 9.6.5.1) waits for the
    decision maker, who accepts (the certificate is suspended) or rejects it with a reason.

    One per (audit, certificate): a second daily run of the same or a later date finds it and
    changes nothing."""

    body = models.ForeignKey(
        "accounts.Body", on_delete=models.PROTECT, related_name="cert_suspension_proposals"
    )
    certificate = models.ForeignKey(
        "certification.Certificate", on_delete=models.PROTECT, related_name="suspension_proposals"
    )
    audit = models.ForeignKey("certification.Audit", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=60)
    due = models.DateField(_("surveillance due by"))
    proposed_on = models.DateField(_("proposed on"))
    days_late = models.PositiveIntegerField(_("days overdue"))
    limit_source = models.CharField(max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager("body_id")
    all_objects = models.Manager()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "certificate"], name="cert_suspension_proposal_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} ({self.get_state_display()})"

    @property
    def open(self) -> bool:
        return self.state == ProposalState.PROPOSED
