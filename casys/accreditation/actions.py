"""Audit-log sentences of the accreditation app."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("accreditation.accreditation.granted", _("granted an accreditation"))
register("accreditation.accreditation.suspended", _("suspended an accreditation"))
register("accreditation.accreditation.restored", _("restored an accreditation"))
register("accreditation.accreditation.withdrawn", _("withdrew an accreditation"))
register("accreditation.accreditation.scope_reduced", _("reduced the scope of an accreditation"))
register("accreditation.accreditation.scope_extended", _("extended the scope of an accreditation"))
register("accreditation.recognition.imported", _("imported signatory statuses"))
register("accreditation.cab.registered", _("registered a conformity assessment body"))
register("accreditation.assessment.recorded", _("recorded an assessment"))
register("accreditation.finding.recorded", _("recorded an assessment finding"))
register("accreditation.finding.closed", _("closed an assessment finding"))
register("accreditation.decision.taken", _("took an accreditation decision"))
