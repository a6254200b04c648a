"""Fixtures for the document tests: a body's template with drawn images, an accreditation body."""

from __future__ import annotations

from typing import Any

import pytest

from casys.accounts.models import Body, BodyKind
from casys.accounts.scoping import unscoped
from casys.demo.documents import logo_png, mark_png, signature_png
from casys.documents.models import DocumentTemplate
from casys.documents.services import save_template
from tests.conftest import make_body

SIGNATORY = {
    "signatory_name": "Olga Owner",
    "signatory_function": "Head of certification",
    "signatory_function_fr": "Directrice de la certification",
    "signatory_function_ru": "Руководитель органа по сертификации",
}


def give_template(body: Body, **texts: str) -> DocumentTemplate:
    with unscoped():
        return save_template(
            body,
            texts={**SIGNATORY, **texts},
            colours={"primary_colour": "#14213d", "accent_colour": "#1f5fa8"},
            images={
                "logo": logo_png("AC", body.name, "#14213d"),
                "mark": mark_png("Certified", "Management", "#1f5fa8"),
                "signature": signature_png(3),
            },
        )


@pytest.fixture
def nas(db: Any) -> Body:
    ab = make_body(
        "nas-test", kind=BodyKind.ACCREDITATION_BODY, name="Nordic Accreditation Service", country="SE"
    )
    with unscoped():
        save_template(ab, texts={}, colours={}, images={"mark": mark_png("NAS", "Accredited", "#0b6e4f")})
    return ab
