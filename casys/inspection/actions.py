"""Audit log action codes of the inspection app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("inspection.profile.updated", _("changed the organisation the inspection body is part of"))
register("inspection.scope.declared", _("declared an inspection scheme and its type of independence"))
register("inspection.competence.granted", _("authorised an inspector for an inspection field"))
register("inspection.involvement.declared", _("recorded an inspector's declared involvement in an item"))
register("inspection.client.created", _("added a client of the inspection body"))
register("inspection.item.created", _("registered an item for inspection"))
register("inspection.item.out_of_service", _("took an item out of service after a dangerous defect"))
register("inspection.item.returned", _("returned an item to service after a new inspection"))
register("inspection.instrument.created", _("registered a measuring instrument"))
register("inspection.inspection.planned", _("planned an inspection"))
register("inspection.inspection.assigned", _("assigned an inspector to an inspection"))
register("inspection.inspection.started", _("started an inspection"))
register("inspection.inspection.submitted", _("submitted an inspection for review"))
register("inspection.inspection.reviewed", _("reviewed an inspection (second person)"))
register("inspection.inspection.returned", _("returned an inspection to its inspector"))
register("inspection.inspection.cancelled", _("cancelled an inspection"))
register("inspection.check.recorded", _("recorded a check of an inspection"))
register("inspection.defect.recorded", _("recorded a defect with its consequence"))
register("inspection.photo.added", _("attached a photo to an inspection"))
register("inspection.report.issued", _("issued an inspection report"))
register("inspection.report.corrected", _("issued a corrected inspection report superseding an earlier one"))
