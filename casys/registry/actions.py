"""Audit-log sentences of the registry app."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("registry.attestation.published", _("published a certificate in the registry"))
register("registry.import.completed", _("imported certificates into the registry"))
register("registry.key.rotated", _("rotated the signing key"))
