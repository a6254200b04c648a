"""Audit-log action codes of the proficiency app, with the sentences that describe them."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("proficiency.scheme.created", _("created a PT scheme"))
register("proficiency.round.created", _("created a PT round"))
register("proficiency.round.opened", _("opened a PT round for results"))
register("proficiency.round.closed", _("closed a PT round"))
register("proficiency.round.published", _("published the reports of a PT round"))
register("proficiency.measurand.added", _("added a measurand to a PT round"))
register("proficiency.item.added", _("added a PT item to a round"))
register("proficiency.homogeneity.checked", _("checked the homogeneity of a PT item"))
register("proficiency.participation.invited", _("invited a laboratory to a PT round"))
register("proficiency.participation.language_set", _("chose the language of a participant's report"))
register("proficiency.results.submitted", _("submitted PT results"))
register("proficiency.results.uploaded", _("uploaded PT results from a CSV file"))
register("proficiency.evaluation.recorded", _("evaluated a PT round"))
register("proficiency.evaluation.assigned_value_chosen", _("chose how the assigned value is obtained"))
register(
    "proficiency.evaluation.sigma_pt_chosen", _("chose the standard deviation for proficiency assessment")
)
register("proficiency.evaluation.result_excluded", _("excluded a result from the statistics"))
