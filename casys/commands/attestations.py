"""Commands of the attestations layer (every command takes ``--json``).

- ``casys keys create ISSUER`` — the issuing body's first signing key (a body gets one when it is
  created; this is for a body created before keys were made that way, or after moving its keys).
- ``casys keys rotate ISSUER`` — a new active key; earlier keys stay published for verification.
- ``casys keys revoke ISSUER --kid KID --not-after WHEN`` — a compromised key: what it signed after
  WHEN fails verification, what it signed before still verifies.
- ``casys attestations status ISSUER KIND NUMBER EVENT --on DATE [--reason TEXT]`` — record a status
  event (suspend, restore, withdraw, expire, supersede); the status lists are re-signed.
- ``casys attestations resign ISSUER`` — sign every status list of the issuer again with its active
  key, with a progress bar (the work of the ``attestations.resign`` job, in the foreground).
- ``casys attestations backfill`` — issue, through the layer, what a database made before the layer
  holds outside it (accreditations, test reports, PT performance reports), and put every attestation
  made before the transparency log existed into its issuer's log, once.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from casys.commands.registry import _bad, _moment, keys_app

attestations_app = typer.Typer(help="Issued attestations: status events, backfill.", no_args_is_help=True)


def _out(doc: dict[str, Any], text: str, as_json: bool) -> None:
    typer.echo(json.dumps(doc, indent=2) if as_json else text)


def _issuer(slug: str) -> Any:
    from casys.accounts.models import Body, BodyKind

    body = Body.all_objects.filter(slug=slug).exclude(kind=BodyKind.CLIENT).first()
    if body is None:
        raise _bad(f"ISSUER: no issuing body {slug!r}")
    return body


HSM_OPTION = typer.Option(
    None,
    "--hsm/--file",
    help="Make it on the PKCS#11 token (CASYS_PKCS11_*) or as a key file; default: CASYS_KEY_STORE.",
)


def _new_key(issuer: str, hsm: bool | None, *, first: bool, as_json: bool) -> None:
    """Make the body's first key (``first``) or its next one, log it, print where it lives."""
    from casys.commands.django_setup import setup

    setup()
    from django.db import transaction

    from casys.accounts.scoping import unscoped
    from casys.attestations.pkcs11 import TokenError
    from casys.attestations.services import keys
    from casys.auditlog.services import SYSTEM, log

    with unscoped(), transaction.atomic():
        body = _issuer(issuer)
        if first and keys.has_key(body.slug):
            raise _bad(
                f"ISSUER: {issuer} has a signing key already; `casys keys rotate {issuer}` makes a new one"
            )
        if not first and not keys.has_key(body.slug):
            raise _bad(f"ISSUER: {issuer} has no signing key; `casys keys create {issuer}` makes its first")
        try:
            key = keys.create_key(body.slug, hsm=hsm)
        except TokenError as exc:
            raise _bad(str(exc)) from exc
        action = "attestations.key.created" if first else "registry.key.rotated"
        log(action, actor=SYSTEM, body=body, data={"kid": key.kid})
    home = keys.key_store(body.slug).home(key.kid)
    doc = {"issuer": key.issuer, "kid": key.kid, "jwk": dict(key.public.jwk), "store": home.kind}
    where = f"on {home.words}" if home.kind == "pkcs11" else "in a key file"
    _out(
        doc, f"{issuer}: kid {key.kid} is the active key ({where}); JWKS and DID document published", as_json
    )


@keys_app.command("create")
def keys_create(
    issuer: str = typer.Argument(..., help="Slug of the issuing body."),
    hsm: bool | None = HSM_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Create the issuing body's first signing key and publish its JWKS and DID document."""
    _new_key(issuer, hsm, first=True, as_json=as_json)


@keys_app.command("rotate")
def keys_rotate(
    issuer: str = typer.Argument(..., help="Slug of the issuing body."),
    hsm: bool | None = HSM_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """A new active key for the issuing body; earlier keys stay published, so what they signed verifies."""
    _new_key(issuer, hsm, first=False, as_json=as_json)


@keys_app.command("revoke")
def keys_revoke(
    issuer: str = typer.Argument(..., help="Slug of the issuing body."),
    kid: str = typer.Option(..., "--kid", help="The compromised key (not the active one: rotate first)."),
    not_after: str = typer.Option(
        ..., "--not-after", help="Date or date-time (UTC) from which it is revoked."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Revoke a compromised key: what it signed after --not-after fails to verify, earlier still verifies."""
    from casys.commands.django_setup import setup

    setup()
    from django.db import transaction

    from casys.accounts.scoping import unscoped
    from casys.attestations.keystore import BadInput
    from casys.attestations.services import keys, status
    from casys.auditlog.services import SYSTEM, log
    from casys.core import signing

    with unscoped(), transaction.atomic():
        body = _issuer(issuer)
        try:
            ring = keys.retire_key(body.slug, kid, _moment(not_after, "--not-after"), "keyCompromise")
        except (BadInput, signing.KeyError_, ValueError) as exc:
            raise _bad(str(exc)) from exc
        key = ring.get(kid)
        assert key is not None and key.retired is not None
        # the lists the revoked key signed since then no longer verify: re-sign them with the active key
        status.publish_all([body])
        log(
            "attestations.key.retired",
            actor=SYSTEM,
            body=body,
            data={"kid": kid, "not_after": key.retired.not_after.isoformat(), "reason": key.retired.reason},
        )
    doc = {"issuer": ring.issuer, "kid": kid, "revoked_after": key.retired.not_after.isoformat()}
    _out(doc, f"{issuer}: kid {kid} {key.retired.words}; JWKS and DID document republished", as_json)


@attestations_app.command("status")
def attestations_status(
    issuer: str = typer.Argument(..., help="Slug of the issuing body."),
    kind: str = typer.Argument(..., help="certificate, accreditation, test-report, pt-performance ..."),
    number: str = typer.Argument(..., help="The attestation's number."),
    event: str = typer.Argument(..., help="suspend, restore, withdraw, expire or supersede."),
    on: str = typer.Option(..., "--on", help="Date of the event (YYYY-MM-DD)."),
    reason: str = typer.Option("", "--reason", help="Why (required to suspend or withdraw)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Record a status event of an issued attestation; the issuer's status lists are re-signed."""
    from casys.commands.django_setup import setup

    setup()
    from casys.accounts.scoping import unscoped
    from casys.attestations.services.issue import AttestationError, record_status

    try:
        day = date.fromisoformat(on)
    except ValueError as exc:
        raise _bad(f"--on: {on!r} is not a date (YYYY-MM-DD)") from exc
    with unscoped():
        body = _issuer(issuer)
        try:
            row = record_status(body, kind, number, event, on=day, reason=reason)
        except AttestationError as exc:
            raise _bad(str(exc)) from exc
    doc = {"issuer": issuer, "kind": kind, "number": number, "status": row.status, "on": day.isoformat()}
    _out(doc, f"{issuer}: {kind} {number} is {row.status} from {day}", as_json)


@attestations_app.command("resign")
def attestations_resign(
    issuer: str = typer.Argument(..., help="Slug of the issuing body."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Re-sign every status list of the issuer with its active key (after a key rotation), with a
    progress bar per list."""
    from casys.commands.django_setup import setup

    setup()
    from rich.progress import Progress

    from casys.accounts.scoping import unscoped
    from casys.attestations.services import status
    from casys.registry import jobs

    with unscoped():
        body = _issuer(issuer)
        with Progress(disable=as_json, transient=True) as bar:
            task = bar.add_task(f"re-signing the status lists of {issuer}", total=None)
            count = jobs.resign(body, lambda d, t: bar.update(task, completed=d, total=t))
    doc = {"issuer": issuer, "lists": count, "files": 2 * count, "valid_for": str(status.validity())}
    _out(doc, f"{issuer}: {count} status list(s) re-signed ({2 * count} files)", as_json)


@attestations_app.command("backfill")
def attestations_backfill(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Issue through the layer what a database made before it holds outside it, and re-sign certificates
    signed in an earlier UNTP shape (idempotent)."""
    from casys.commands.django_setup import setup

    setup()
    from casys.accounts.scoping import unscoped

    with unscoped():
        counts = _backfill()
    _out(counts, ", ".join(f"{k}: {v}" for k, v in counts.items()), as_json)


def _backfill() -> dict[str, int]:
    """Accreditations, issued test reports and published PT rounds without an attestation row get one;
    certificates signed in an earlier UNTP shape are re-signed in the current one."""
    from django.db import transaction

    from casys.accounts.models import Body
    from casys.accreditation.models import Accreditation
    from casys.accreditation.services import attestation
    from casys.attestations.models import Attestation, Kind
    from casys.attestations.services import log as tlog
    from casys.attestations.services.issue import reissue_outdated_certificates
    from casys.auditlog.services import SYSTEM
    from casys.laboratory.models import ReportStatus, TestReport
    from casys.laboratory.services.reports import sign_report
    from casys.proficiency.models import Participation, Round
    from casys.proficiency.services.reports import sign_performance

    def issued(kind: str) -> set[tuple[int, str]]:
        return set(Attestation.all_objects.filter(kind=kind).values_list("issuer_id", "number"))

    counts = {
        "accreditation": 0,
        "test-report": 0,
        "pt-performance": 0,
        "certificate-resigned": 0,
        "log-leaves": 0,
    }
    with transaction.atomic():
        have = issued(Kind.ACCREDITATION)
        for acc in Accreditation.all_objects.select_related("body", "cab").order_by("pk"):
            if (acc.body_id, acc.number) not in have:
                attestation.publish(acc)
                counts["accreditation"] += 1
        have = issued(Kind.TEST_REPORT)
        for report in (
            TestReport.all_objects.filter(status=ReportStatus.ISSUED).exclude(credential="").order_by("pk")
        ):
            if (report.body_id, report.number) not in have:
                report.credential = sign_report(report, actor=SYSTEM)
                report.save(update_fields=["credential"])
                counts["test-report"] += 1
        have = issued(Kind.PT_PERFORMANCE)
        rounds = Round.all_objects.filter(
            pk__in=Participation.all_objects.exclude(credential="").values("round_id")
        ).select_related("scheme__provider")
        for pt_round in rounds.order_by("pk"):
            numbers = {
                (pt_round.scheme.provider_id, f"{pt_round.code}/{p.code}")
                for p in Participation.all_objects.filter(round=pt_round).exclude(credential="")
            }
            if not numbers <= have:
                counts["pt-performance"] += len(sign_performance(pt_round))
        # last: a re-signed certificate names the accreditation its issuer holds (issued just above)
        issuers = Body.all_objects.filter(
            pk__in=Attestation.all_objects.filter(kind=Kind.CERTIFICATE).values("issuer_id")
        )
        for issuer in issuers.order_by("pk"):
            counts["certificate-resigned"] += reissue_outdated_certificates(issuer)
        # attestations signed before the transparency log existed: one "issue" leaf each, once
        issuers = Body.all_objects.filter(pk__in=Attestation.all_objects.values("issuer_id"))
        for issuer in issuers.order_by("pk"):
            counts["log-leaves"] += tlog.backfill(issuer)
    return counts


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app (the key commands join ``casys keys``)."""
    app.add_typer(attestations_app, name="attestations")
