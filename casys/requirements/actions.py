"""Audit-log action codes of the requirements app, with their sentences."""

from django.utils.translation import gettext_lazy as _

from casys.auditlog.actions import register

register("requirements.catalogue.imported", _("imported a catalogue of requirements"))
register("requirements.profile.imported", _("imported a profile of requirements"))
register("requirements.licensed_text.loaded", _("loaded the licensed text of a catalogue"))
register("requirements.licensed_text.removed", _("removed the licensed text of a catalogue"))
register("requirements.mapping.linked", _("linked a new edition of a catalogue to its previous edition"))
