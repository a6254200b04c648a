"""Audit log action codes of the verification app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("verification.engagement.created", _("opened a validation/verification engagement"))
register("verification.team.assigned", _("assigned the team of a verification engagement"))
register(
    "verification.reviewer.assigned", _("assigned the independent reviewer of a verification engagement")
)
register("verification.statement.imported", _("imported the GHG statement of a verification engagement"))
register("verification.misstatement.recorded", _("recorded a misstatement"))
register("verification.nonconformity.recorded", _("recorded a non-conformity"))
register("verification.review.completed", _("completed the independent review of a verification"))
register("verification.opinion.decided", _("decided the opinion of a verification"))
register("verification.statement.issued", _("issued a validation/verification statement"))
register("verification.consultancy.declared", _("declared a consultancy for a client (impartiality)"))
register("verification.client.created", _("added a client of a validation/verification body"))
register("verification.correction.opened", _("opened the correction of an issued verification statement"))
