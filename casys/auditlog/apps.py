from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    name = "casys.auditlog"
    label = "auditlog"
    verbose_name = _("Audit log")
