"""Audit-log action codes of the documents app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("documents.template.updated", _("changed the document template"))
