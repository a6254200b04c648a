"""Invitations: an administrator invites an e-mail address to a body with a role.

The link carries a random token; only its SHA-256 is stored, so the link is
shown once to the inviting administrator (and e-mailed when an e-mail backend is
configured). A lost link is replaced by a new one, which ends the old. A link is
valid for ``CASYS_INVITATION_DAYS`` days and for one acceptance; it is bound to
its invitation row, so it can only add the membership it was made for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from casys.accounts.models import Body, Invitation, Membership, Role, User
from casys.accounts.models.token import hash_token
from casys.accounts.services.bodies import add_member
from casys.accounts.services.members import MemberError, check_roles
from casys.auditlog.services import SYSTEM, Actor, log
from casys.core import untrusted_text

PENDING, ACCEPTED, REVOKED, EXPIRED = "pending", "accepted", "revoked", "expired"
NO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class InvitationError(MemberError):
    """A refused invitation operation; the message starts with the field it is about."""


def state(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return ACCEPTED
    if invitation.revoked_at is not None:
        return REVOKED
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    return PENDING


def normal_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(f"email: {email!r} is not an e-mail address") from None
    return email


def _expiry() -> Any:
    return timezone.now() + timedelta(days=settings.CASYS_INVITATION_DAYS)


def pending_for(body: Body) -> list[Invitation]:
    now = timezone.now()
    return list(
        Invitation.objects.filter(
            body=body, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


@transaction.atomic
def invite(
    body: Body, email: str, role: str, *, invited_by: Any = None, language: str = "", actor: Actor = SYSTEM
) -> tuple[Invitation, str]:
    """A new invitation and its link token (the only time the token exists outside the link)."""
    email = normal_email(email)
    (role,) = check_roles(body, [role])
    if not body.is_active:
        raise InvitationError("body: this body is not active")
    if Membership.all_objects.filter(body=body, user__email__iexact=email, is_active=True).exists():
        raise InvitationError(f"email: {email} is already an active member of this body")
    pending = Invitation.all_objects.filter(
        body=body,
        email=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise InvitationError(f"email: an invitation to {email} is pending; give it a new link or revoke it")
    raw, digest = Invitation.new_token()
    invitation = Invitation.all_objects.create(
        body=body,
        email=email,
        role=role,
        token_hash=digest,
        invited_by=invited_by if getattr(invited_by, "pk", None) else None,
        language=language[:8],
        expires_at=_expiry(),
    )
    log(
        "accounts.invitation.created",
        actor=actor,
        body=body,
        obj=invitation,
        data={"email": email, "role": role, "expires_at": invitation.expires_at.isoformat()},
    )
    return invitation, raw


@transaction.atomic
def renew(invitation: Invitation, *, actor: Actor = SYSTEM) -> str:
    """A new link for a pending or expired invitation; the old link stops working."""
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationError("invitation: it was already accepted or revoked")
    raw, digest = Invitation.new_token()
    invitation.token_hash, invitation.expires_at = digest, _expiry()
    invitation.save(update_fields=["token_hash", "expires_at"])
    log(
        "accounts.invitation.renewed",
        actor=actor,
        body=invitation.body_id,
        obj=invitation,
        data={"email": invitation.email, "expires_at": invitation.expires_at.isoformat()},
    )
    return raw


@transaction.atomic
def revoke(invitation: Invitation, *, actor: Actor = SYSTEM) -> None:
    if invitation.accepted_at is not None:
        raise InvitationError("invitation: it was already accepted")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log(
            "accounts.invitation.revoked",
            actor=actor,
            body=invitation.body_id,
            obj=invitation,
            data={"email": invitation.email, "role": invitation.role},
        )


def find(raw: str) -> Invitation | None:
    """The invitation a link token belongs to (any state), or None for an unknown token.

    Reached without a scope on purpose: the token itself is the credential.
    """
    if not raw or len(raw) > 100:
        return None
    return (
        Invitation.all_objects.select_related("body", "invited_by").filter(token_hash=hash_token(raw)).first()
    )


def invitee(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def needs_password(user: User | None) -> bool:
    """Whether accepting also sets the password: a new person, or an account made without one."""
    return user is None or not user.has_usable_password()


@transaction.atomic
def accept(invitation: Invitation, user: Any, *, actor: Actor | None = None) -> Membership:
    """Add the membership the invitation was made for; single use, refused when not pending."""
    if user.email.lower() != invitation.email.lower():
        raise InvitationError("email: this invitation was made for another e-mail address")
    now = timezone.now()
    taken = Invitation.all_objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if taken != 1:  # accepted, revoked or expired meanwhile (or a second tab): nothing is written
        invitation.refresh_from_db()
        raise InvitationError(f"invitation: it is {state(invitation)}")
    body = Body.all_objects.get(pk=invitation.body_id)
    if not body.is_active:
        raise InvitationError("body: this body is not active")
    actor = actor or Actor(user=user, label=str(user))
    membership = add_member(body, user, invitation.role, actor=actor)
    log(
        "accounts.invitation.accepted",
        actor=actor,
        body=body,
        obj=invitation,
        data={"email": invitation.email, "role": invitation.role},
    )
    return membership


@transaction.atomic
def accept_with_password(
    invitation: Invitation, *, full_name: str, password: str, language: str = ""
) -> tuple[User, Membership]:
    """Accept for a person who has no password yet: the account is created (or completed) first."""
    full_name = full_name.strip()
    if not full_name:
        raise InvitationError("full_name: your name is required")
    wrong = untrusted_text.problem(full_name, max_length=200)
    if wrong is not None:  # a direction control would make the name read otherwise (issue 12, 10)
        raise InvitationError(f"full_name: {wrong}")
    user = invitee(invitation)
    if not needs_password(user):
        raise InvitationError("email: this person already has an account; sign in to accept")
    if user is None:
        user = User(email=invitation.email.lower(), full_name=full_name[:200], language=language[:8])
    else:
        user.full_name = full_name[:200]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvitationError("password: " + " ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    return user, accept(invitation, user)


def email_configured() -> bool:
    return settings.EMAIL_BACKEND != NO_EMAIL_BACKEND


@dataclass(frozen=True)
class Sent:
    sent: bool
    language: str


def send(invitation: Invitation, link: str) -> Sent:
    """E-mail the link (when a backend is configured) in the invitee's language, else the inviter's."""
    user = invitee(invitation)
    language = (user.language if user is not None else "") or invitation.language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if not email_configured():
        return Sent(False, language)
    context = {
        "invitation": invitation,
        "body": invitation.body,
        "role": Role(invitation.role).label,
        "link": link,
        "inviter": invitation.invited_by,
        "days": settings.CASYS_INVITATION_DAYS,
    }
    with translation.override(language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        text = render_to_string("accounts/email/invitation.txt", context)
    mail.send_mail(" ".join(subject.split()), text, None, [invitation.email])
    return Sent(True, language)
