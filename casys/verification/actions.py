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
register("verification.competence.recorded", _("recorded a verifier's competence"))
register("verification.plan.recorded", _("recorded the verification plan (sector and time)"))
register("verification.risk.assessed", _("assessed the risks of an emission source"))
register("verification.sampling.planned", _("planned a monetary-unit sample"))
register("verification.sampling.evaluated", _("evaluated a monetary-unit sample"))
register("verification.control.planned", _("planned a control test"))
register("verification.control.tested", _("recorded the result of a control test"))
register("verification.base_year.set", _("recorded the base year"))
register("verification.structural_change.recorded", _("recorded a structural change since the base year"))
register("verification.removal.recorded", _("recorded GHG removals"))
register("verification.claim.recorded", _("recorded the figures of a claim period"))
register("verification.checklist.answered", _("answered a requirement of the verification checklist"))
