"""Demo requirements (ORDER 3, before the areas plan audits): the catalogues and profiles casys
ships — ISO 9001:2015 and ISO/IEC 27001:2022 clause titles, NIST SP 800-53 rev5 LOW with its text."""

from __future__ import annotations

from casys.requirements.models import NormativeDocument
from casys.requirements.services import catalogues

ORDER = 3


def load_demo() -> None:
    if NormativeDocument.objects.exists():  # loading twice changes nothing
        return
    catalogues.load_shipped()
