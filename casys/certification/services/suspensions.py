"""Suspension proposals (ISO/IEC 17021-1:2015 9.6.5.1): a surveillance overdue past its scheme's
limit is put to the decision maker, who accepts (the certificate is suspended) or rejects it; where
the scheme says ``then = "suspend"`` the suspension applies at once.

The suspension is the certificate's own lifecycle event (:func:`certificates.add_event`), which
re-issues the certificate through the attestations layer with the status ``suspended``: the layer
re-signs the issuer's status lists, so a verifier offline reads the suspension.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from casys.auditlog.services import SYSTEM, Actor, log
from casys.certification.models import Audit, Certificate, ProposalState, SuspensionProposal
from casys.certification.services import CertificationError, checked
from casys.certification.services.certificates import add_event
from casys.certification.services.engine import scheme
from casys.certification.signals import suspension_proposed
from casys.core.schemes import OverdueLimit, available_schemes
from casys.core.surveillance import Overdue, strictest

#: The daily rule's name, logged with each change it makes.
RULE = "surveillance-overdue"


def limit_for(schemes: list[str]) -> OverdueLimit | None:
    """The overdue limit that acts first among the schemes of an application (None: none sets one)."""
    return strictest(scheme(s).surveillance_overdue for s in schemes)


def surveillance_phases() -> set[str]:
    """The ids of the surveillance phases of the shipped schemes (to narrow the daily query)."""
    return {p.id for sid in available_schemes() for p in scheme(sid).phases_of_kind("surveillance")}


def is_surveillance(audit: Audit) -> bool:
    """Whether the audit is of a surveillance phase of one of its application's schemes."""
    for sid in audit.application.schemes:
        try:
            if scheme(sid).phase(audit.phase).kind == "surveillance":
                return True
        except KeyError:
            continue
    return False


def _why(found: Overdue, rule: str) -> str:
    return (
        f"surveillance due by {found.due.isoformat()} not carried out: {found.days_late} days overdue "
        f"(ISO/IEC 17021-1:2015 9.6.5.1; limit: {found.source}; rule {rule})"
    )


def propose(
    audit: Audit, cert: Certificate, found: Overdue, today: date, *, rule: str = RULE
) -> SuspensionProposal | None:
    """The proposal for ``cert`` on the overdue ``audit`` (applied at once where the scheme says
    so); None when the audit already has one for this certificate (a second run changes nothing)."""
    try:
        with transaction.atomic():
            proposal = SuspensionProposal.all_objects.create(
                body_id=cert.body_id,
                certificate=cert,
                audit=audit,
                rule=rule,
                due=found.due,
                proposed_on=today,
                days_late=found.days_late,
                limit_source=found.source[:300],
                state=ProposalState.APPLIED if found.action == "suspend" else ProposalState.PROPOSED,
            )
            data = {
                "number": cert.number,
                "audit": audit.pk,
                "due": found.due,
                "days_late": found.days_late,
                "rule": rule,
            }
            if proposal.state == ProposalState.APPLIED:
                add_event(cert, "suspended", at=today, user=None, why=_why(found, rule), actor=SYSTEM)
                proposal.decided_on = today
                proposal.reason = _why(found, rule)
                proposal.save(update_fields=["decided_on", "reason"])
                log(
                    "certification.suspension.applied",
                    actor=SYSTEM,
                    body=cert.body_id,
                    obj=proposal,
                    data=data,
                )
            else:
                log(
                    "certification.suspension.proposed",
                    actor=SYSTEM,
                    body=cert.body_id,
                    obj=proposal,
                    data=data,
                )
                transaction.on_commit(
                    lambda: suspension_proposed.send(sender=SuspensionProposal, proposal=proposal)
                )
    except IntegrityError:
        return None
    return proposal


def _open(proposal: SuspensionProposal) -> Certificate:
    if not proposal.open:
        raise CertificationError(f"state: this proposal is already {proposal.get_state_display()}")
    cert = Certificate.all_objects.select_for_update().get(pk=proposal.certificate_id)
    return cert


@transaction.atomic
def accept(
    proposal: SuspensionProposal,
    *,
    user,
    on: date,
    reason: str = "",
    actor: Actor = SYSTEM,  # type: ignore[no-untyped-def]
) -> SuspensionProposal:
    """The decision maker suspends the certificate (ISO/IEC 17021-1:2015 9.6.5.1)."""
    cert = _open(proposal)
    if cert.status != "issued":
        raise CertificationError(
            f"state: the certificate {cert.number} is {cert.get_status_display()}; "
            "only an active one is suspended"
        )
    reason = checked("reason", reason, 2000, multiline=True) or (
        f"surveillance due by {proposal.due.isoformat()} not carried out "
        f"(ISO/IEC 17021-1:2015 9.6.5.1; proposed by rule {proposal.rule})"
    )
    add_event(cert, "suspended", at=on, user=user, why=reason, actor=actor)
    proposal.state, proposal.decided_by, proposal.decided_on, proposal.reason = (
        ProposalState.ACCEPTED,
        user,
        on,
        reason,
    )
    proposal.save(update_fields=["state", "decided_by", "decided_on", "reason"])
    log(
        "certification.suspension.accepted",
        actor=actor,
        body=proposal.body_id,
        obj=proposal,
        data={"number": cert.number, "why": reason, "rule": proposal.rule},
    )
    return proposal


@transaction.atomic
def reject(
    proposal: SuspensionProposal,
    *,
    user,
    on: date,
    reason: str,
    actor: Actor = SYSTEM,  # type: ignore[no-untyped-def]
) -> SuspensionProposal:
    """The decision maker keeps the certificate active, saying why (e.g. the audit took place)."""
    cert = _open(proposal)
    reason = checked("reason", reason, 2000, multiline=True)
    if not reason:
        raise CertificationError("reason: say why the certificate stays active")
    proposal.state, proposal.decided_by, proposal.decided_on, proposal.reason = (
        ProposalState.REJECTED,
        user,
        on,
        reason,
    )
    proposal.save(update_fields=["state", "decided_by", "decided_on", "reason"])
    log(
        "certification.suspension.rejected",
        actor=actor,
        body=proposal.body_id,
        obj=proposal,
        data={"number": cert.number, "why": reason, "rule": proposal.rule},
    )
    return proposal
