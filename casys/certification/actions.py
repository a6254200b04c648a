"""Audit-log action codes of the certification app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("certification.client.created", _("registered a certification client"))
register("certification.client.consent", _("recorded the client's consent to publication"))
register("certification.auditor.created", _("added an auditor"))
register("certification.auditor.qualified", _("recorded an auditor qualification"))
register("certification.auditor.conflict", _("recorded a declared conflict of interest"))
register("certification.application.created", _("received an application for certification"))
register("certification.application.site_added", _("added a site to an application"))
register("certification.application.reviewed", _("reviewed an application and quoted the audit time"))
register("certification.audit.planned", _("planned an audit and assigned its team"))
register("certification.audit.recorded", _("recorded an audit"))
register("certification.finding.raised", _("raised a finding"))
register("certification.finding.answered", _("answered a finding"))
register("certification.finding.verified", _("verified and closed a finding"))
register("certification.finding.sent_back", _("sent a finding's answer back to the client"))
register("certification.finding.attached", _("attached an evidence file to a finding"))
register("certification.decision.taken", _("took a certification decision"))
register("certification.certificate.issued", _("issued a certificate"))
register("certification.certificate.suspended", _("suspended a certificate"))
register("certification.certificate.restored", _("restored a certificate"))
register("certification.certificate.withdrawn", _("withdrew a certificate"))
register("certification.certificate.expired", _("recorded the expiry of a certificate"))
register("certification.certificate.scope_reduced", _("reduced the scope of a certificate"))
register("certification.certificate.scope_extended", _("extended the scope of a certificate"))
register("certification.certificate.reissued", _("reissued a certificate"))
register("certification.certificate.transferred", _("transferred a certificate"))
register("certification.audit_table.loaded", _("loaded a version of an audit-time table"))
register("certification.activity.recorded", _("recorded a product-certification activity"))
register("certification.licence.granted", _("granted a licence to use the certification mark"))
