"""Audit-log action codes of the notifications app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("notifications.preferences.updated", _("changed notification preferences"))
register("notifications.calendar.rotated", _("gave the calendar feed a new address"))
register("notifications.webhook.created", _("added a webhook endpoint"))
register("notifications.webhook.deleted", _("removed a webhook endpoint"))
register("notifications.notice.created", _("created a notice"))
