"""Audit-log action codes of the jobs app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("jobs.job.queued", _("queued a background job"))
register("jobs.job.finished", _("finished a background job"))
register("jobs.job.failed", _("recorded a failed background job"))
register("jobs.job.retried", _("queued again a job whose worker stopped"))
register("jobs.daily.rule", _("applied a daily rule"))
register("jobs.job.output_expired", _("deleted the output file of a finished job (retention)"))
