"""IAF sector titles (IAF ID 1) as translatable strings: a bilingual certificate names its sectors in
both languages. The English titles are those of :data:`casys.core.competence.IAF_CODES`."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

IAF_TITLES: dict[int, Promise] = {
    1: _("Agriculture, forestry and fishing"),
    2: _("Mining and quarrying"),
    3: _("Food products, beverages and tobacco"),
    4: _("Textiles and textile products"),
    5: _("Leather and leather products"),
    6: _("Wood and wood products"),
    7: _("Pulp, paper and paper products"),
    8: _("Publishing companies"),
    9: _("Printing companies"),
    10: _("Manufacture of coke and refined petroleum products"),
    11: _("Nuclear fuel"),
    12: _("Chemicals, chemical products and fibres"),
    13: _("Pharmaceuticals"),
    14: _("Rubber and plastic products"),
    15: _("Non-metallic mineral products"),
    16: _("Concrete, cement, lime, plaster etc."),
    17: _("Basic metals and fabricated metal products"),
    18: _("Machinery and equipment"),
    19: _("Electrical and optical equipment"),
    20: _("Shipbuilding"),
    21: _("Aerospace"),
    22: _("Other transport equipment"),
    23: _("Manufacturing not elsewhere classified"),
    24: _("Recycling"),
    25: _("Electricity supply"),
    26: _("Gas supply"),
    27: _("Water supply"),
    28: _("Construction"),
    29: _(
        "Wholesale and retail trade; repair of motor vehicles, motorcycles and personal and household goods"
    ),
    30: _("Hotels and restaurants"),
    31: _("Transport, storage and communication"),
    32: _("Financial intermediation; real estate; renting"),
    33: _("Information technology"),
    34: _("Engineering services"),
    35: _("Other services"),
    36: _("Public administration"),
    37: _("Education"),
    38: _("Health and social work"),
    39: _("Other social services"),
}


def iaf_title(code: int) -> str:
    """The title of an IAF code in the active language."""
    return str(IAF_TITLES[int(code)])
