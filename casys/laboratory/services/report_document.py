"""What the printed test report adds to the report's content: the laboratory's template, the person
who authorised it and the accreditation symbol (ISO/IEC 17025:2017 7.8.2.1; ILAC P8)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from casys.accounts.models import Body
from casys.accreditation.models import Accreditation
from casys.documents.services import data_uri, issuer, place, template_of
from casys.laboratory.models import TestReport


def _symbol(lab: Body, number: str) -> str:
    # the accreditation body's symbol, as its own template holds it (system read)
    acc = Accreditation.all_objects.filter(cab_id=lab.pk, number=number).select_related("body").first()
    if acc is None:
        return ""
    t = template_of(acc.body)
    return data_uri(t.mark, t.mark_type)


def report_document(lab: Body, report: TestReport, c: dict[str, Any]) -> dict[str, Any]:
    """Template context for the PDF, in the active language (the caller sets the report's)."""
    language = get_language() or "en"
    body = issuer(lab)
    lab_data, customer = c["laboratory"], c["customer"]
    authoriser = c.get("issued_by") or ""
    same_person = bool(authoriser) and authoriser == body.signatory_name
    accreditation = c.get("accreditation")
    accredited_methods = set(accreditation["methods"]) if accreditation else set()
    return {
        "issuer": body,
        "issuer_country": place("", "", lab_data.get("country", ""), language),
        "doc_id": report.number or f"DRAFT-{report.pk}",
        "lab_place": place(
            lab_data.get("address", ""), lab_data.get("city", ""), lab_data.get("country", ""), language
        ),
        "customer_place": place(
            customer.get("address", ""), customer.get("city", ""), customer.get("country", ""), language
        ),
        "signatory": {
            "name": authoriser,
            "function": body.signatory_function(language) if same_person else "",
            "signature": body.signature if same_person and report.issued else "",
        },
        "accreditation": {**accreditation, "symbol": _symbol(lab, accreditation["number"])}
        if accreditation
        else None,
        "not_accredited": [
            r["method"]["code"] for r in c["results"] if r["method"]["code"] not in accredited_methods
        ]
        if accreditation
        else [],
        "as_received": all(not r.get("sampled_on") for r in c["results"]),
    }
