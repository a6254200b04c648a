"""Audit log action codes of the certification of persons, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("persons.candidate.registered", _("registered a candidate for certification"))
register("persons.application.submitted", _("submitted an application for certification"))
register("persons.evidence.uploaded", _("uploaded evidence of a prerequisite"))
register("persons.application.checked", _("checked the eligibility of an application"))
register("persons.relation.declared", _("declared a relation with a candidate"))
register("persons.item.created", _("wrote an item for the item bank"))
register("persons.item.revised", _("revised an item of the item bank"))
register("persons.item.reviewed", _("reviewed an item of the item bank"))
register("persons.form.assembled", _("assembled an examination form"))
register("persons.session.created", _("planned an examination session"))
register("persons.sitting.added", _("added a candidate to an examination session"))
register("persons.sitting.identity", _("recorded a candidate's identity check"))
register("persons.responses.imported", _("imported the responses of an examination session"))
register("persons.response.marked", _("marked a response on its rubric"))
register("persons.decision.taken", _("took a certification decision on a candidate"))
register("persons.certificate.status", _("changed the status of a person certificate"))
register("persons.candidate.consent", _("changed a candidate's consent to publication"))
register("persons.cpd.logged", _("logged continuing professional development"))
register("persons.appeal.recorded", _("recorded an appeal or a complaint"))
register("persons.appeal.closed", _("closed an appeal or a complaint"))
register("persons.items.flagged", _("sent the flagged items of a psychometric report to the review queue"))
register("persons.angoff.recorded", _("recorded the ratings of an Angoff panel"))
register("persons.booking.made", _("booked a seat in an examination session"))
register("persons.booking.cancelled", _("cancelled a booking in an examination session"))
