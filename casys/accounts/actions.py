"""Sentences of the accounts app's audit-log actions on members and invitations."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("accounts.invitation.created", _("invited a person to join the body"))
register("accounts.invitation.renewed", _("gave an invitation a new link"))
register("accounts.invitation.revoked", _("revoked an invitation"))
register("accounts.invitation.accepted", _("accepted an invitation and joined the body"))
register("accounts.membership.role_changed", _("changed a member's roles"))
register("accounts.membership.deactivated", _("deactivated a member"))
register("accounts.membership.reactivated", _("reactivated a member"))
register("accounts.user.created", _("created a user account"))
