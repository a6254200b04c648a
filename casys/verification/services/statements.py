"""The validation/verification statement: issued through the attestations layer, as a PDF in EN/FR/RU.

ISO/IEC 17029: a statement speaks for its point in time (no surveillance); a
correction is a new statement that supersedes the old one (a ``supersede``
status event on the old credential).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import translation

from casys.attestations.identity import base_url, did_for, verification_path
from casys.attestations.models import Kind
from casys.attestations.services.issue import Entry, issue_one, record_status
from casys.auditlog.services import Actor, log
from casys.core.credentials import Party
from casys.core.ghg.statement_credential import ISO_14064_3, StatementFacts, statement_credential
from casys.documents.pdf import qr_svg, render_pdf
from casys.documents.services import issuer
from casys.verification.models import Engagement, EngagementStatus, Misstatement, NonConformity, StatementLine
from casys.verification.services import VerificationInputError
from casys.verification.services.claims import claim_table
from casys.verification.services.engagements import summary
from casys.verification.services.planning import base_year_recalculation

LANGUAGES = ("en", "fr", "ru")


def _next_number(engagement: Engagement, on: date) -> str:
    prefix = f"{engagement.body.slug.upper()}-VS-{on.year}-"
    taken = Engagement.all_objects.filter(body=engagement.body, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _snapshot(engagement: Engagement, number: str, on: date) -> dict[str, Any]:
    figures = summary(engagement)
    level = figures["materiality"]
    agg = figures["aggregate"]
    return {
        "number": number,
        "issued_on": on.isoformat(),
        "body": engagement.body.name,
        "client": engagement.client_name,
        "title": engagement.title,
        "engagement_type": engagement.engagement_type,
        "assurance": engagement.assurance,
        "programme": engagement.programme,
        "period_start": engagement.period_start.isoformat(),
        "period_end": engagement.period_end.isoformat(),
        "gwp": engagement.gwp,
        "total_tco2e": round(figures["total_tco2e"], 6),
        "by_category": {k: round(v, 6) for k, v in figures["by_category"].items()},
        "materiality": [[level.base, round(level.level, 6), level.unit, level.rule]],
        "aggregate": {"net": agg.net, "gross": agg.gross, "decides": agg.decides},
        "opinion": engagement.opinion,
        "reasons": [r["message"] for r in engagement.opinion_reasons],
        "reviewer": engagement.reviewer.full_name if engagement.reviewer else "",
        "supersedes": engagement.supersedes.number if engagement.supersedes else None,
        **_removals_base_year_claim(engagement),
    }


def statement_url(engagement: Engagement) -> str:
    """The statement's public page in the registry (the credential's id, the QR code's target)."""
    return base_url() + verification_path(engagement.body.slug, engagement.number)


def _removals_base_year_claim(engagement: Engagement) -> dict[str, Any]:
    """Removals apart from emissions, the base year (recalculated or not) and a project claim's figures."""
    removals: dict[str, float] = {}
    for r in engagement.removals.all():
        removals[r.category] = round(removals.get(r.category, 0.0) + r.tco2e, 6)
    out: dict[str, Any] = {"removals": dict(sorted(removals.items())) or None, "base_year": None}
    recalc = base_year_recalculation(engagement)
    if recalc is not None:
        by = engagement.base_year
        out["base_year"] = {
            "year": by.year, "tco2e": recalc.base_tco2e, "threshold_percent": by.threshold_percent,
            "threshold_source": by.threshold_source, "recalculated": recalc.recalculate,
            "recalculated_tco2e": recalc.recalculated, "change_percent": round(recalc.percent, 6),
        }  # fmt: skip
    claim = claim_table(engagement)
    out["claim"] = (
        {"type": claim["id"], "name": claim["name"], "unit": claim["unit"], "result": claim["result_label"],
         "terms": [t[1] for t in claim["terms"]], "periods": claim["periods"], "total": claim["total"]}
        if claim else None
    )  # fmt: skip
    return out


def statement_facts(engagement: Engagement) -> StatementFacts:
    snap = engagement.snapshot
    url = statement_url(engagement)
    return StatementFacts(
        id=url,
        number=snap["number"],
        body=Party(did_for(engagement.body.slug), engagement.body.name),
        client=Party(f"{url}#client", snap["client"]),
        issue_date=date.fromisoformat(snap["issued_on"]),
        engagement_type=snap["engagement_type"],
        assurance=snap["assurance"],
        period_start=snap["period_start"],
        period_end=snap["period_end"],
        gwp=snap["gwp"],
        total_tco2e=snap["total_tco2e"],
        by_category=snap["by_category"],
        materiality=tuple((b, lv, u, r) for b, lv, u, r in snap["materiality"]),
        opinion=snap["opinion"],
        reasons=tuple(snap["reasons"]),
        programme=snap["programme"],
        supersedes=snap["supersedes"],
        removals=snap.get("removals"),
        base_year=snap.get("base_year"),
        claim=snap.get("claim"),
    )


def sign_statement(engagement: Engagement, *, actor: Actor) -> str:
    """Issue the statement's credential through the attestations layer (kind verification-statement)."""
    facts = statement_facts(engagement)

    def build(status: tuple[Mapping[str, str], ...]) -> dict[str, Any]:
        return statement_credential(replace(facts, status=status))

    row = issue_one(
        engagement.body,
        Entry(
            kind=Kind.VERIFICATION_STATEMENT,
            number=engagement.number,
            status="active",
            holder_name=engagement.client_name,
            holder_name_en=engagement.client_name,
            country="",
            standards=(ISO_14064_3,),
            scope=engagement.title,
            original_issue_date=facts.issue_date,
            issue_date=facts.issue_date,
            expiry_date=None,
            public=True,
            build=build,
        ),
        actor=actor,
    )
    return str(row.credential)


@transaction.atomic
def issue_statement(engagement: Engagement, *, actor: Actor, on: date) -> Engagement:
    """Issue the statement of a decided engagement: numbered, frozen, signed; supersedes its predecessor."""
    engagement = Engagement.all_objects.select_for_update().get(pk=engagement.pk)
    if engagement.status == EngagementStatus.ISSUED:
        raise VerificationInputError("status", f"statement {engagement.number} is issued already")
    if engagement.status != EngagementStatus.DECIDED:
        raise VerificationInputError("status", "decide the opinion after the independent review first")
    engagement.number = _next_number(engagement, on)
    engagement.issued_on = on
    engagement.snapshot = _snapshot(engagement, engagement.number, on)
    engagement.credential = sign_statement(engagement, actor=actor)
    engagement.status = EngagementStatus.ISSUED
    engagement.save()
    old = engagement.supersedes
    if old is not None and old.number:
        record_status(
            engagement.body,
            Kind.VERIFICATION_STATEMENT,
            old.number,
            "supersede",
            on=on,
            reason=f"superseded by {engagement.number}",
            actor=actor,
        )
    log(
        "verification.statement.issued",
        actor=actor,
        body=engagement.body,
        obj=engagement,
        data={
            "number": engagement.number,
            "opinion": engagement.opinion,
            "supersedes": engagement.snapshot["supersedes"],
        },
    )
    return engagement


def statement_pdf(engagement: Engagement, language: str) -> bytes:
    """The issued statement as a PDF in ``language`` (en, fr or ru)."""
    if language not in LANGUAGES:
        raise VerificationInputError("language", f"choose one of {', '.join(LANGUAGES)}")
    if engagement.status != EngagementStatus.ISSUED:
        raise VerificationInputError("status", "only an issued statement has a PDF")
    url = statement_url(engagement)
    with translation.override(language):
        return render_pdf(
            "verification/statement_pdf.html",
            {
                "s": engagement.snapshot,
                "language": language,
                "url": url,
                "qr": qr_svg(url),
                "issuer": issuer(engagement.body),
                "doc_id": engagement.number,
            },  # fmt: skip
        )


@transaction.atomic
def open_correction(engagement: Engagement, *, actor: Actor, reason: str) -> Engagement:
    """A correction of an issued statement: a new engagement with the same claim, team, reviewer and
    records, which is reviewed and decided again; its statement supersedes this one when issued
    (ISO/IEC 17029: the issued statement is never edited)."""
    old = Engagement.all_objects.select_for_update().get(pk=engagement.pk)
    if old.status != EngagementStatus.ISSUED:
        raise VerificationInputError("status", "only an issued statement is corrected")
    if not reason.strip():
        raise VerificationInputError("reason", "say why the statement is corrected")
    taken = Engagement.all_objects.filter(supersedes=old).first()
    if taken is not None:
        raise VerificationInputError("status", f"a correction of {old.number} is open already")
    new = Engagement.all_objects.create(
        body=old.body, client=old.client, client_name=old.client_name, title=old.title,
        engagement_type=old.engagement_type, programme=old.programme, assurance=old.assurance,
        period_start=old.period_start, period_end=old.period_end, gwp=old.gwp,
        previous_average_tco2e=old.previous_average_tco2e, reported_total_tco2e=old.reported_total_tco2e,
        cooling_off_years=old.cooling_off_years, reviewer=old.reviewer,
        insufficient_evidence=old.insufficient_evidence, pervasive=old.pervasive,
        status=EngagementStatus.EXECUTION, supersedes=old,
    )  # fmt: skip
    new.team.set(old.team.all())
    for rows in (
        StatementLine.all_objects.filter(engagement=old),
        Misstatement.all_objects.filter(engagement=old),
        NonConformity.all_objects.filter(engagement=old),
    ):
        for row in rows:
            row.pk = None
            row.engagement = new
            row.save()
    log(
        "verification.correction.opened",
        actor=actor,
        body=old.body,
        obj=new,
        data={"corrects": old.number, "reason": reason.strip()},
    )
    return new


def successor_of(engagement: Engagement) -> Engagement | None:
    """The engagement that corrects this one (open or issued), if any."""
    return Engagement.all_objects.filter(supersedes=engagement).first()
