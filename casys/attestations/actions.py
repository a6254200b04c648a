"""Audit-log sentences of the attestations layer.

The ``registry.*`` names were the registry's before the layer existed: kept so that audit-log
entries written then (and the certificates published since) read the same.
"""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("registry.attestation.published", _("published a certificate in the registry"))
register("registry.import.completed", _("imported certificates into the registry"))
register("registry.key.rotated", _("rotated the signing key"))
register("attestations.attestation.issued", _("issued an attestation"))
register("attestations.attestation.status_changed", _("changed the status of an attestation"))
register("attestations.key.created", _("created a signing key"))
register("attestations.key.retired", _("retired a signing key"))
