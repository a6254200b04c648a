"""A normative document as a versioned catalogue of requirements (ISO/IEC 17007; NIST OSCAL catalog).

Catalogues are reference data shared by every body (not body-owned): the clause numbers and
titles casys ships where they are public, and the full text of openly licensed documents. The
text of a copyrighted standard is loaded by a body that licensed it (:class:`LicensedText`) and
seen only by its members.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Namespace of the OSCAL properties casys adds (stable requirement id, kind of provision).
CASYS_NS = "urn:casys:requirements"

#: A catalogue key: "<document>:<edition>", e.g. iso9001:2015, sp800-53:rev5.
KEY = RegexValidator(
    r"^[a-z0-9][a-z0-9.-]*:[A-Za-z0-9][A-Za-z0-9.+-]*$",
    _("a key as document:edition in lower case, e.g. iso9001:2015"),
)


class Kind(models.TextChoices):
    """The kind of provision, from its verbal form (ISO/IEC Directives Part 2, clause 7)."""

    REQUIREMENT = "requirement", _("Requirement (shall)")
    RECOMMENDATION = "recommendation", _("Recommendation (should)")
    PERMISSION = "permission", _("Permission (may)")
    INFORMATIVE = "informative", _("Informative")


class Element(models.TextChoices):
    """The OSCAL element a node is exported as: a group of clauses or a control (a requirement)."""

    GROUP = "group", _("Group")
    CONTROL = "control", _("Control")


class NormativeDocument(models.Model):
    """One edition of a normative document: ISO 9001:2015, NIST SP 800-53 rev5 …"""

    key = models.CharField(_("key"), max_length=80, unique=True, validators=[KEY])
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the shipped data comes from."))
    full_text = models.BooleanField(
        _("full text shipped"), default=False, help_text=_("Off when only clause numbers and titles are.")
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_editions",
    )
    source_name = models.CharField(max_length=300, blank=True)  # the file it was imported from
    oscal_uuid = models.UUIDField()
    metadata = models.JSONField(default=dict, blank=True)  # OSCAL metadata, kept as imported
    extra = models.JSONField(
        default=dict, blank=True
    )  # the catalog's other OSCAL fields (params, back-matter)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("normative document")
        verbose_name_plural = _("normative documents")

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def edition(self) -> str:
        return self.key.split(":", 1)[1]


class Requirement(models.Model):
    """A clause or requirement statement of a catalogue, a node of its tree.

    ``uid`` is the stable id a finding points at: ``<catalogue key>/<number>``, e.g.
    ``iso9001:2015/8.5.1`` or ``sp800-53:rev5/ac-2.1``.
    """

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="requirements")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    uid = models.CharField(_("id"), max_length=200, unique=True)
    number = models.CharField(_("clause"), max_length=100)
    oscal_id = models.CharField(max_length=100)
    label = models.CharField(_("label"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REQUIREMENT)
    element = models.CharField(max_length=10, choices=Element.choices, default=Element.CONTROL)
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(default=0)  # order in the whole catalogue (depth first)
    depth = models.PositiveSmallIntegerField(default=0)
    extra = models.JSONField(
        default=dict, blank=True
    )  # the node's other OSCAL fields (class, params, props, parts…)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="requirement_unique_number"),
            models.UniqueConstraint(fields=["document", "oscal_id"], name="requirement_unique_oscal_id"),
        ]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return f"{self.uid} {self.title}"


class LinkRelation(models.TextChoices):
    PREVIOUS_EDITION = "previous-edition", _("Same requirement in the previous edition")
    RELATED = "related", _("Related requirement")
    REFERENCES = "references", _("Refers to another document of the scheme")


class RequirementLink(models.Model):
    """A link from a requirement to another requirement (e.g. its clause in the previous edition,
    for transition audits) or to another document of the scheme."""

    source = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="links")
    relation = models.CharField(_("relation"), max_length=20, choices=LinkRelation.choices)
    target = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.CASCADE, related_name="linked_from"
    )
    target_document = models.ForeignKey(
        NormativeDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="linked_from"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__isnull=False) | models.Q(target_document__isnull=False),
                name="requirement_link_has_target",
            )
        ]
        verbose_name = _("requirement link")
        verbose_name_plural = _("requirement links")

    def __str__(self) -> str:
        return f"{self.source_id} {self.relation} {self.target_id or self.target_document_id}"
