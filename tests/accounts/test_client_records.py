"""One path for the client records every kind of body keeps (certification, inspection, verification)."""

from __future__ import annotations

import pytest

from casys.accounts.models import Body, BodyKind
from casys.accounts.scoping import unscoped
from casys.accounts.services.bodies import ClientRecordError, create_client_record
from casys.inspection.services import InspectionError
from casys.inspection.services.setup import add_client as add_inspection_client
from casys.verification.services import VerificationInputError
from casys.verification.services.clients import add_client as add_verification_client
from tests.conftest import make_body

pytestmark = pytest.mark.django_db


def test_a_client_record_is_a_client_body_kept_by_the_body_and_a_taken_slug_is_numbered():
    cb = make_body("alpha-cert")
    with unscoped():
        first = create_client_record(cb, name=" Acme SIA ", country="lv", city="Rīga")
        second = create_client_record(cb, name="Acme SIA", country="LV")
    assert (first.slug, second.slug) == ("acme-sia", "acme-sia-2")
    assert (first.kind, first.managed_by_id) == (BodyKind.CLIENT, cb.pk)
    assert (first.country, first.name, first.city) == ("LV", "Acme SIA", "Rīga")


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": " ", "country": "LV"}, "name"), ({"name": "Acme", "country": "L1"}, "country")],
)
def test_a_bad_client_record_is_refused_naming_the_field_and_nothing_is_written(fields, field):
    cb = make_body("alpha-cert")
    before = Body.all_objects.count()
    with unscoped(), pytest.raises(ClientRecordError) as refused:
        create_client_record(cb, **fields)
    assert refused.value.field == field and Body.all_objects.count() == before


def test_inspection_and_verification_raise_their_own_error_for_the_same_refusal():
    ib = make_body("lift-inspect", kind=BodyKind.INSPECTION_BODY)
    vb = make_body("klima-verif", kind=BodyKind.VALIDATION_VERIFICATION_BODY)
    with unscoped():
        with pytest.raises(InspectionError, match="^country: give the ISO 3166-1 alpha-2 code"):
            add_inspection_client(ib, name="Acme", country="Latvia", actor=None)  # type: ignore[arg-type]
        with pytest.raises(VerificationInputError, match="^name: the client needs a name"):
            add_verification_client(vb, name="", country="DE", actor=None)  # type: ignore[arg-type]
