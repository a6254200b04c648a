"""Audit log action codes of the laboratory app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("laboratory.method.created", _("defined a test method"))
register("laboratory.agreement.recorded", _("recorded a decision rule agreed with a customer"))
register("laboratory.result.recorded", _("recorded a test result"))
register("laboratory.report.drafted", _("drafted a test report"))
register("laboratory.report.issued", _("issued a test report"))
register("laboratory.report.amended", _("started an amendment of a test report"))
register("laboratory.sampling_scheme.create", _("defined a lot-by-lot acceptance sampling scheme"))
register("laboratory.lot.record", _("recorded the inspection of a lot"))
register("laboratory.lot_sampling.resume", _("resumed discontinued lot acceptance sampling"))
# The codes written before issue 15 renamed lot acceptance sampling (the audit log is append-only
# and hash-chained, so the entries keep their codes): they still read as sentences.
register("laboratory.inspection_scheme.create", _("defined a lot-by-lot acceptance inspection scheme"))
register("laboratory.inspection.resume", _("resumed a discontinued acceptance inspection"))
register("laboratory.customer.updated", _("changed a customer record (report language, contact)"))
