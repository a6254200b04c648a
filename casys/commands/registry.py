"""CLI commands of the registry area: offline verification of attestations, and issuer keys.

- ``casys verify FILE --keys FILE [--keys FILE ...] [--status-list FILE ...] [--chain FILE ...] [--at DATE]
  [--json]`` — exit 0: no check failed; 1: a check failed (named in the output); 2: bad input (no
  ``--keys`` is bad input: a verification without the issuer's keys can only fail).
  With ``--inclusion FILE`` (the registry's ``/api/v1/registry/log/<issuer>/inclusion`` answer) and
  ``--tree-head FILE`` (the issuer's signed tree head; default the one in the inclusion answer) it
  also checks that the credential is in the issuer's transparency log: ``tree-head``, ``log-leaf``,
  ``inclusion`` are named in the output like the other checks.
- ``casys registry monitor ISSUER [--url URL] [--state FILE] [--json]`` — fetch the issuer's latest
  signed tree head, check its signature and its consistency with the last head seen (kept in the
  state file); exit 1 naming the failing check.
- ``casys keys generate --issuer ID --out DIR [--pkcs11] [--json]`` — a new active key in a key
  directory (with ``--pkcs11``: generated on the PKCS#11 token the settings name).
- ``casys keys jwks DIR`` / ``casys keys did DIR`` — the public key set / ``did:web`` document.

A key directory (:class:`FileKeyStore`) holds ``<kid>.pem`` (private, mode 0600) or names the
PKCS#11 token that holds the private key, ``<kid>.jwk.json`` (public) and ``keyring.json`` (issuer,
active kid, every kid, where each private key lives).
"""

from __future__ import annotations

import base64
import json
import secrets
import urllib.error
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from casys.attestations.keystore import BadInput, FileKeyStore
from casys.attestations.pkcs11 import Pkcs11Token, TokenError
from casys.core import credentials, recognition, signing, transparency

__all__ = ["FileKeyStore", "register"]


# --- reading inputs ------------------------------------------------------------------------------


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{what} {path}: unreadable ({exc})") from exc


def _json(path: Path, what: str) -> Any:
    try:
        return json.loads(_read(path, what))
    except json.JSONDecodeError as exc:
        raise BadInput(f"{what} {path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


def _token(path: Path, what: str) -> str:
    """A compact JWS from a file holding it, or from a JSON file holding an enveloped credential."""
    text = _read(path, what).strip()
    if text[:1] in ("{", '"'):
        try:
            return credentials.unenvelope(json.loads(text))
        except json.JSONDecodeError as exc:
            raise BadInput(f"{what} {path}: not JSON (line {exc.lineno}: {exc.msg})") from exc
        except credentials.CredentialError as exc:
            raise BadInput(f"{what} {path}: {exc}") from exc
    return text


def _keyring(path: Path) -> signing.Keyring:
    doc = _json(path, "--keys")
    try:
        if isinstance(doc, dict) and "verificationMethod" in doc:
            return signing.keyring_from_did_document(doc)
        if isinstance(doc, dict) and "keys" in doc:
            if not isinstance(doc.get("issuer"), str):
                raise BadInput(f"--keys {path}: a JWKS needs an 'issuer' member naming whose keys they are")
            return signing.keyring_from_jwks(doc, doc["issuer"])
    except signing.KeyError_ as exc:
        raise BadInput(f"--keys {path}: {exc}") from exc
    raise BadInput(f"--keys {path}: neither a JWKS nor a DID document")


def _at(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        if "T" in value:
            when = datetime.fromisoformat(value)
            return when if when.tzinfo else when.replace(tzinfo=UTC)
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
    except ValueError as exc:
        raise BadInput(f"--at: {value!r} is not an ISO 8601 date or date-time") from exc


def _chain_inputs(paths: list[Path]) -> tuple[list[str], recognition.RecognitionData | None]:
    tokens, accs, statuses, seen_data = [], [], [], False
    for path in paths:
        text = _read(path, "--chain").strip()
        if text.startswith("{"):
            doc = _json(path, "--chain")
            if isinstance(doc, dict) and ("signatoryStatuses" in doc or "accreditations" in doc):
                try:
                    data = recognition.recognition_from_json(doc)
                except recognition.RecognitionError as exc:
                    raise BadInput(f"--chain {path}: {exc}") from exc
                accs += data.accreditations
                statuses += data.statuses
                seen_data = True
                continue
        tokens.append(_token(path, "--chain"))
    data = recognition.RecognitionData(tuple(accs), tuple(statuses)) if seen_data else None
    return tokens, data


# --- output ----------------------------------------------------------------------------------------

#: Exit codes of ``casys verify``: valid, invalid, bad input, incomplete.
EXIT = {"valid": 0, "invalid": 1, "incomplete": 3}


def verdict(result: credentials.Verification) -> str:
    """``invalid`` when a check failed; ``incomplete`` when the credential has a ``credentialStatus``
    but no usable status list was given (it could be suspended or withdrawn: nobody can tell);
    otherwise ``valid``. A missing chain is not incompleteness: the chain is a further question."""
    if not result.ok:
        return "invalid"
    has_status = bool((result.credential or {}).get("credentialStatus"))
    if has_status and result.check("status").state != "pass":
        return "incomplete"
    return "valid"


def attestation_status(result: credentials.Verification) -> str:
    """What the status lists say of the attestation: ``withdrawn`` (its revocation bit is set: withdrawn
    or superseded), ``suspended``, ``active`` (both bits read and clear), or ``unknown``."""
    purposes = {f.purpose for f in result.flagged}
    if "revocation" in purposes:
        return "withdrawn"
    if "suspension" in purposes:
        return "suspended"
    return "active" if result.check("status").state == "pass" else "unknown"


def _report(result: credentials.Verification) -> dict[str, Any]:
    cred = result.credential or {}
    chain = None
    if result.chain is not None:
        chain = {
            "recognized": result.chain.recognized,
            "on": result.chain.on.isoformat(),
            "links": [
                {
                    "n": lk.n,
                    "link": lk.name,
                    "state": lk.state,
                    "reason": lk.reason,
                    "dates": dict(lk.dates),
                    "ref": lk.ref,
                }
                for lk in result.chain.links
            ],
        }
    issuer = cred.get("issuer")
    return {
        "verdict": verdict(result),
        "status": attestation_status(result),
        "complete": result.complete,
        "failed": list(result.failed),
        "checks": [{"check": c.name, "state": c.state, "reason": c.reason} for c in result.checks],
        "credential": {
            "id": cred.get("id"),
            "type": cred.get("type"),
            "issuer": issuer.get("id") if isinstance(issuer, dict) else issuer,
            "kid": (result.header or {}).get("kid"),
            # every standard the attestation states (a multi-standard certificate lists them all)
            "standards": list(credentials.standards_of(cred)),
        },
        "chain": chain,
    }


_STYLE = {"pass": "green", "fail": "bold red", "not-checked": "yellow", "not-evaluated": "yellow"}


def _print_table(report: dict[str, Any]) -> None:
    console = Console()
    table = Table(title=f"Verification: {report['verdict']} · status: {report['status']}")
    for col in ("check", "state", "reason"):
        table.add_column(col)
    for c in report["checks"]:
        table.add_row(c["check"], f"[{_STYLE[c['state']]}]{c['state']}[/]", c["reason"])
    console.print(table)
    if report["credential"]["standards"]:
        console.print("Standards: " + ", ".join(report["credential"]["standards"]))
    if report["chain"]:
        links = Table(title=f"Chain on {report['chain']['on']}")
        for col in ("link", "state", "reason"):
            links.add_column(col)
        for lk in report["chain"]["links"]:
            links.add_row(f"{lk['n']} {lk['link']}", f"[{_STYLE[lk['state']]}]{lk['state']}[/]", lk["reason"])
        console.print(links)


def _bad(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


# --- commands ----------------------------------------------------------------------------------------


def verify(
    file: Path = typer.Argument(
        ..., help="A compact JWS file, or a JSON file holding an enveloped credential."
    ),
    status_list: list[Path] = typer.Option([], "--status-list", help="A signed status-list credential."),
    keys: list[Path] = typer.Option(
        [], "--keys", help="An issuer's JWKS (with 'issuer') or DID document (required, repeatable)."
    ),
    chain: list[Path] = typer.Option([], "--chain", help="An accreditation credential or recognition data."),
    at: str | None = typer.Option(None, "--at", help="Date (or date-time) asked; default now, UTC."),
    inclusion: Path | None = typer.Option(
        None, "--inclusion", help="The inclusion proof of the credential in its issuer's transparency log."
    ),
    tree_head: Path | None = typer.Option(
        None, "--tree-head", help="The issuer's signed tree head (default: the one in --inclusion)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Verify a signed attestation offline: signature, key, validity, status and chain; with
    --inclusion, also its place in the issuer's transparency log.

    Exit 0 valid, 1 invalid, 2 bad input, 3 incomplete (the credential has a status entry but no
    status list valid at the moment asked was given: fetch the issuer's current lists)."""
    try:
        token = _token(file, "FILE")
        rings = [_keyring(p) for p in keys]
        lists = [_token(p, "--status-list") for p in status_list]
        acc_tokens, data = _chain_inputs(chain)
        when = _at(at)
        if not rings:
            raise BadInput(
                "--keys: give the issuer's public keys (its JWKS, served at "
                "/registry/keys/<issuer>/jwks.json, or its DID document at "
                "/registry/did/<issuer>/did.json); without them no signature can be checked"
            )
        log_input = _log_input(inclusion, tree_head)
    except BadInput as exc:
        raise _bad(str(exc)) from exc
    result = credentials.verify(token, rings, when, lists, acc_tokens, data)
    report = _report(result)
    if log_input is not None:
        _add_log_checks(report, token, result, log_input, rings)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_table(report)
    raise typer.Exit(EXIT[report["verdict"]])


keys_app = typer.Typer(
    help="Issuer signing keys: generate, publish as JWKS or did:web.", no_args_is_help=True
)


@keys_app.command("generate")
def keys_generate(
    issuer: str = typer.Option(..., "--issuer", help="Issuer id, e.g. did:web:cb.example."),
    out: Path = typer.Option(..., "--out", help="Key directory (created if missing)."),
    on_token: bool = typer.Option(
        False,
        "--pkcs11",
        help="Generate the key on the PKCS#11 token named by CASYS_PKCS11_TOKEN (module "
        "CASYS_PKCS11_MODULE, PIN from CASYS_PKCS11_PIN); the private key never leaves it.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Generate a new Ed25519 key, make it the active key; earlier keys stay for verification."""
    store = FileKeyStore(out)
    try:
        if on_token:
            key = store.create_on_token(issuer, Pkcs11Token.from_env())
        else:
            key = signing.private_key_from_seed(secrets.token_bytes(32), issuer)
            store.save(key)
    except (BadInput, signing.KeyError_, TokenError) as exc:
        raise _bad(str(exc)) from exc
    except OSError as exc:
        raise _bad(f"--out {out}: {exc}") from exc
    home = store.home(key.kid)
    doc = {"kid": key.kid, "issuer": issuer, "jwk": dict(key.public.jwk)}
    if home.kind == "pkcs11":
        doc["token"] = home.token
    else:
        doc["key_file"] = str(out / f"{key.kid}.pem")
    if as_json:
        typer.echo(json.dumps(doc, indent=2))
    else:
        where = f"on {home.words}" if home.kind == "pkcs11" else f"in {doc['key_file']} (mode 0600)"
        typer.echo(f"kid {key.kid} (active) for {issuer}; private key {where}")
        typer.echo(json.dumps(doc["jwk"], indent=2))


def _moment(value: str, option: str) -> datetime:
    try:
        return _at(value)
    except BadInput as exc:
        raise BadInput(str(exc).replace("--at", option)) from exc


@keys_app.command("retire")
def keys_retire(
    directory: Path = typer.Argument(..., help="Key directory."),
    kid: str = typer.Option(..., "--kid", help="The key to retire (not the active one: rotate first)."),
    not_after: str = typer.Option(..., "--not-after", help="Date or date-time (UTC); later signatures fail."),
    compromised: bool = typer.Option(
        False, "--compromised", help="The key leaked: revoke it (keyCompromise) from --not-after on."
    ),
) -> None:
    """Retire a key (or revoke a compromised one): credentials it signed after --not-after fail to
    verify, earlier ones still verify. Publish the new JWKS/DID document afterwards."""
    try:
        ring = FileKeyStore(directory).retire(
            kid, _moment(not_after, "--not-after"), "keyCompromise" if compromised else "superseded"
        )
    except (BadInput, signing.KeyError_) as exc:
        raise _bad(str(exc)) from exc
    key = ring.get(kid)
    assert key is not None and key.retired is not None
    typer.echo(f"kid {kid} {key.retired.words}")


@keys_app.command("jwks")
def keys_jwks(directory: Path = typer.Argument(..., help="Key directory.")) -> None:
    """Print the JWKS (every public key, old ones included) with an 'issuer' member."""
    try:
        ring = FileKeyStore(directory).keyring()
    except BadInput as exc:
        raise _bad(str(exc)) from exc
    typer.echo(json.dumps({"issuer": ring.issuer, **signing.jwks(ring)}, indent=2))


@keys_app.command("did")
def keys_did(directory: Path = typer.Argument(..., help="Key directory of a did:web issuer.")) -> None:
    """Print the did:web DID document to serve at the issuer's /.well-known/did.json."""
    try:
        doc = signing.did_document(FileKeyStore(directory).keyring())
    except (BadInput, signing.KeyError_) as exc:
        raise _bad(str(exc)) from exc
    typer.echo(json.dumps(doc, indent=2))


# --- registry import / export ----------------------------------------------------------------------


def _log_input(inclusion: Path | None, tree_head: Path | None) -> tuple[dict[str, Any], str] | None:
    if inclusion is None:
        if tree_head is not None:
            raise BadInput("--tree-head: give the inclusion proof too (--inclusion)")
        return None
    doc = _json(inclusion, "--inclusion")
    if not isinstance(doc, dict):
        raise BadInput(f"--inclusion {inclusion}: not a JSON object")
    head = _read(tree_head, "--tree-head").strip() if tree_head is not None else doc.get("tree_head")
    if not isinstance(head, str) or not head:
        raise BadInput("--tree-head: no signed tree head given, and none in the inclusion proof")
    if head.startswith("{"):  # the API's tree-head answer, saved as it came
        try:
            head = str(json.loads(head).get("tree_head", ""))
        except (json.JSONDecodeError, AttributeError) as exc:
            raise BadInput(f"--tree-head {tree_head}: neither a JWS nor the API's tree-head answer") from exc
    return doc, head


def _add_log_checks(
    report: dict[str, Any],
    token: str,
    result: credentials.Verification,
    log_input: tuple[dict[str, Any], str],
    rings: list[signing.Keyring],
) -> None:
    """The transparency-log checks joined to the report; a failing one makes the verdict invalid."""
    issuer = report["credential"]["issuer"] or ""
    checks = transparency.check_inclusion(token, issuer, log_input[0], log_input[1], rings)
    report["checks"] += [{"check": c.name, "state": c.state, "reason": c.reason} for c in checks]
    failed = [c.name for c in checks if c.state == "fail"]
    report["failed"] += failed
    if failed:
        report["verdict"] = "invalid"
    report["complete"] = report["complete"] and all(c.state != "not-checked" for c in checks)


registry_app = typer.Typer(help="The public registry: bulk import and export.", no_args_is_help=True)


def _issuer(slug: str) -> Any:
    from casys.accounts.models import Body

    body = Body.all_objects.filter(slug=slug).first()
    if body is None:
        raise _bad(f"--issuer: no body {slug!r}")
    return body


def _import_sources(files: list[str], issuer: str | None) -> list[tuple[str, Path]]:
    """Each FILE argument as (issuer slug, path): ``SLUG=PATH``, or a path of ``--issuer``."""
    out = []
    for arg in files:
        slug, eq, rest = arg.partition("=")
        if eq and slug and "/" not in slug and not Path(arg).exists():
            out.append((slug, Path(rest)))
        elif issuer:
            out.append((issuer, Path(arg)))
        else:
            raise _bad(f"FILE {arg}: give --issuer, or name the issuer as ISSUER=FILE")
    return out


@registry_app.command("import")
def registry_import(
    files: list[str] = typer.Argument(
        ...,
        help="CSV or XLSX files in the registry template; ISSUER=FILE for a file of another issuer"
        " than --issuer. Several files are one batch: all or nothing.",
    ),
    issuer: str | None = typer.Option(None, "--issuer", help="Slug of the issuing body."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and count, write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Import certificates (all or nothing; every bad row listed; re-import changes nothing).

    Several files are imported as one batch, in one transaction: a large first load (one that at
    least doubles the registry) builds the indexes once, at the end."""
    from casys.commands.django_setup import setup

    setup()
    from rich.progress import Progress

    from casys.accounts.scoping import unscoped
    from casys.registry.services import importer

    sources = _import_sources(files, issuer)
    for _slug, path in sources:
        if not path.is_file():
            raise _bad(f"FILE {path}: no such file")
    results: list[dict[str, Any]] = []
    with unscoped():
        bodies = {slug: _issuer(slug) for slug in dict.fromkeys(s for s, _p in sources)}
        try:
            if dry_run:
                for slug, path in sources:
                    header, rows = importer.read_rows(_file_bytes(path), path.name)
                    entries = importer.validate(header, rows)
                    plan = importer.plan(bodies[slug], entries).as_dict()
                    results.append(
                        {"file": path.name, "issuer": slug, "rows": len(entries), "dry_run": True, **plan}
                    )
            else:  # the importer's own path: streamed on PostgreSQL for a CSV file
                with Progress(disable=as_json, transient=True) as progress:
                    task = progress.add_task(f"importing {len(sources)} file(s)", total=None)
                    results = importer.import_batch(
                        ((bodies[slug], path.name, _file_bytes(path)) for slug, path in sources),
                        rows=sum(_rows_hint(path) for _slug, path in sources),
                        progress=lambda n: progress.update(task, completed=n),
                    )
        except importer.ImportFileError as exc:
            named = exc.failures if isinstance(exc, importer.BatchError) else [("", exc)]
            if as_json:
                errs = [
                    {**({"file": name} if len(sources) > 1 else {}), "row": e.row, "column": e.column,
                     "message": e.message}
                    for name, failed in named
                    for e in failed.errors
                ]  # fmt: skip
                typer.echo(json.dumps({"imported": False, "errors": errs}, ensure_ascii=False, indent=2))
            for name, failed in named:
                for e in failed.errors:
                    typer.echo(f"error: {name + ': ' if len(sources) > 1 else ''}{e}", err=True)
            raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    else:
        title = f"{'Dry run' if dry_run else 'Import'} of {len(sources)} file(s)"
        table = Table(title=title)
        for key in ("file", "issuer", "rows", "created", "updated", "unchanged"):
            table.add_column(key)
        for r in results:
            table.add_row(*(str(r[k]) for k in ("file", "issuer", "rows", "created", "updated", "unchanged")))
        Console().print(table)


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _bad(f"FILE {path}: {exc}") from exc


def _rows_hint(path: Path) -> int:
    """An upper bound of a file's data rows, for the batch's index-deferral rule: a CSV file's
    lines (read in blocks), an XLSX sheet's dimension (0 when it has none or is unreadable: the
    import itself words that file's errors)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        from casys.registry.services.importer import XLSX_ERRORS

        try:
            return int(load_workbook(path, read_only=True).worksheets[0].max_row or 0)
        except XLSX_ERRORS:  # the importer words this file's error
            return 0
    n = 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            n += block.count(b"\n")
    return n


@registry_app.command("verify-record")
def registry_verify_record(
    record: Path = typer.Argument(
        ..., help="The certificate's row of the registry's JSON export (a JSON object)."
    ),
    inclusion: Path = typer.Option(
        ..., "--inclusion", help="The registry's /api/v1/registry/log/<issuer>/inclusion answer."
    ),
    keys: list[Path] = typer.Option([], "--keys", help="The issuer's JWKS (with 'issuer') or DID document."),
    tree_head: Path | None = typer.Option(
        None, "--tree-head", help="The issuer's signed tree head (default: the one in --inclusion)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Check offline that a certificate imported in bulk is in its issuer's transparency log, before
    its credential is signed: the tree head's signature, the leaf's facts against the record, the
    inclusion proof. Exit 0 when every check passes, 1 when one fails, 2 bad input."""
    try:
        doc = _json(record, "RECORD")
        if not isinstance(doc, dict):
            raise BadInput(f"RECORD {record}: not a JSON object")
        rings = [_keyring(p) for p in keys]
        if not rings:
            raise BadInput("--keys: give the issuer's public keys (its JWKS or DID document)")
        log_input = _log_input(inclusion, tree_head)
        if log_input is None:
            raise BadInput("--inclusion: required")
    except BadInput as exc:
        raise _bad(str(exc)) from exc
    issuer = rings[0].issuer
    checks = transparency.check_record(doc, issuer, log_input[0], log_input[1], rings)
    failed = [c.name for c in checks if c.state == "fail"]
    report = {
        "record": doc.get("certificate_number", ""),
        "issuer": issuer,
        "checks": [{"check": c.name, "state": c.state, "reason": c.reason} for c in checks],
        "failed": failed,
        "verdict": "invalid" if failed else "valid",
    }
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for c in checks:
            typer.echo(f"{c.name}: {c.state} {c.reason}")
        typer.echo(report["verdict"])
    raise typer.Exit(1 if failed else 0)


@registry_app.command("sign-pending")
def registry_sign_pending(
    issuer: str | None = typer.Option(None, "--issuer", help="Only this issuing body (default: every one)."),
    limit: int | None = typer.Option(None, "--limit", help="Sign at most this many per issuer."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Sign ahead of time the credentials of certificates imported in bulk (otherwise each is signed
    when first asked for)."""
    from casys.commands.django_setup import setup

    setup()
    from casys.accounts.models import Body
    from casys.accounts.scoping import unscoped
    from casys.attestations.models import Attestation
    from casys.attestations.services import deferred

    with unscoped():
        if issuer is not None:
            bodies = [_issuer(issuer)]
        else:
            ids = Attestation.all_objects.filter(credential="").values_list("issuer_id", flat=True).distinct()
            bodies = list(Body.all_objects.filter(pk__in=ids).order_by("slug"))
        signed = {b.slug: deferred.sign_pending(b, limit=limit) for b in bodies}
    if as_json:
        typer.echo(json.dumps({"signed": signed}, indent=2))
    else:
        for slug, n in signed.items():
            typer.echo(f"{slug}: {n} credential(s) signed")


@registry_app.command("export")
def registry_export(
    out: Path = typer.Argument(..., help="Output file: .csv, .json or .xlsx (the import template)."),
    issuer: str | None = typer.Option(None, "--issuer", help="Only this issuing body."),
    status: str | None = typer.Option(None, "--status", help="Only this status."),
    include_confidential: bool = typer.Option(
        False, "--include-confidential", help="With --issuer: also non-public certificates."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Export certificates in the import template (CSV, JSON or XLSX), e.g. to feed IAF CertSearch;
    a progress bar shows the rows written (the work of the export job, in the foreground)."""
    from casys.commands.django_setup import setup

    setup()
    from rich.progress import Progress

    from casys.accounts.scoping import unscoped
    from casys.attestations.models import Attestation
    from casys.registry.services import export, importer

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".json", ".xlsx"):
        raise _bad(f"OUT {out}: expected a .csv, .json or .xlsx file name")
    if include_confidential and not issuer:
        raise _bad("--include-confidential: needs --issuer")
    with unscoped():
        qs = Attestation.registry.order_by("issuer_slug", "number")
        if issuer:
            qs = qs.filter(issuer_slug=issuer)
        if status:
            qs = qs.filter(status=status)
        if not include_confidential:
            qs = qs.filter(public=True)
        if suffix == ".xlsx":
            n = importer.write_xlsx(qs.iterator(chunk_size=2000), out)
        else:
            partial = out.with_name(out.name + ".partial")
            with Progress(disable=as_json, transient=True) as bar, partial.open("wb") as fh:
                task = bar.add_task(f"exporting to {out.name}", total=None)
                n = export.write(
                    qs, suffix[1:], fh, progress=lambda d, t: bar.update(task, completed=d, total=t)
                )
            partial.replace(out)
    result = {"file": str(out), "rows": n}
    typer.echo(json.dumps(result, indent=2) if as_json else f"{n} certificates written to {out}")


@registry_app.command("retire-key")
def registry_retire_key(
    issuer: str = typer.Option(..., "--issuer", help="Slug of the issuing body."),
    kid: str = typer.Option(..., "--kid", help="The key to retire (not the active one: rotate first)."),
    not_after: str = typer.Option(..., "--not-after", help="Date or date-time (UTC); later signatures fail."),
    compromised: bool = typer.Option(False, "--compromised", help="The key leaked: revoke it."),
) -> None:
    """Retire or revoke one of an issuing body's keys and republish its JWKS and DID document."""
    from casys.commands.django_setup import setup

    setup()
    from casys.accounts.models import Body
    from casys.accounts.scoping import unscoped
    from casys.attestations.services import keys as files
    from casys.attestations.services import status

    try:
        ring = files.retire_key(
            issuer, kid, _moment(not_after, "--not-after"), "keyCompromise" if compromised else "superseded"
        )
    except (BadInput, signing.KeyError_, ValueError) as exc:
        raise _bad(str(exc)) from exc
    with unscoped():
        # lists the key signed after the moment no longer verify: re-sign them with the active key
        status.publish_all(Body.all_objects.filter(slug=issuer))
    key = ring.get(kid)
    assert key is not None and key.retired is not None
    typer.echo(f"{issuer}: kid {kid} {key.retired.words}; JWKS and DID document republished")


@registry_app.command("publish-status")
def registry_publish_status(
    issuer: str | None = typer.Option(None, "--issuer", help="One issuing body's slug; default: all."),
) -> None:
    """Re-sign the status lists (each is valid CASYS_STATUS_LIST_HOURS, default 24 h): run it from a
    daily timer so offline verifiers always find a current list; the latest tree heads are rewritten
    beside them."""
    from casys.commands.django_setup import setup

    setup()
    from casys.accounts.models import Body
    from casys.accounts.scoping import unscoped
    from casys.attestations.models import StatusList
    from casys.attestations.services import log as tlog
    from casys.attestations.services import status

    with unscoped():
        issuers = Body.all_objects.filter(id__in=StatusList.all_objects.values("issuer_id"))
        if issuer:
            issuers = issuers.filter(slug=issuer)
            if not issuers.exists():
                raise _bad(f"--issuer {issuer}: no such issuer with status lists")
        n = status.publish_all(issuers)
        for body in issuers:
            tlog.publish_head(body)  # the latest signed tree head beside the lists, rewritten
    typer.echo(f"{n} status lists signed, valid {status.validity()} from now")


# --- monitor ----------------------------------------------------------------------------------------


def fetch(url: str) -> bytes:
    """GET ``url`` (a test replaces this to reach the test server)."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the operator's own URL
        return bytes(response.read())


def _fetch_json(url: str) -> Any:
    try:
        return json.loads(fetch(url))
    except urllib.error.HTTPError as exc:
        raise BadInput(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise BadInput(f"{url}: unreachable ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise BadInput(f"{url}: not JSON ({exc.msg})") from exc


def _head_doc(head: transparency.TreeHead, token: str) -> dict[str, Any]:
    return {**head.as_dict(), "tree_head": token}


def monitor_once(issuer: str, url: str, state: Path) -> dict[str, Any]:
    """One round of the monitor: the issuer's keys and latest head from ``url``, checked against
    the last head in ``state`` (updated only when every check passes)."""
    base = url.rstrip("/")
    jwks = _fetch_json(f"{base}/registry/keys/{issuer}/jwks.json")
    try:
        rings = [signing.keyring_from_jwks(jwks, str(jwks.get("issuer")))]
    except (signing.KeyError_, AttributeError) as exc:
        raise BadInput(f"{base}/registry/keys/{issuer}/jwks.json: {exc}") from exc
    answer = _fetch_json(f"{base}/api/v1/registry/log/{issuer}/tree-head")
    previous = _json(state, "--state") if state.exists() else None
    checks: list[transparency.LogCheck] = []
    report: dict[str, Any] = {"issuer": issuer, "url": base, "previous": previous, "current": None}
    try:
        head, kid = transparency.verify_tree_head(str(answer.get("tree_head", "")), rings)
        checks.append(transparency.LogCheck("tree-head", "pass", f"signed by {kid}: {head.size} leaves"))
        report["current"] = _head_doc(head, answer["tree_head"])
    except transparency.LogError as exc:
        checks.append(transparency.LogCheck("tree-head", "fail", str(exc).removeprefix("tree-head: ")))
        head = None
    if head is not None and previous is not None:
        checks.append(_consistent(base, issuer, previous, head, rings))
    report["checks"] = [{"check": c.name, "state": c.state, "reason": c.reason} for c in checks]
    report["failed"] = [c.name for c in checks if c.state == "fail"]
    report["ok"] = not report["failed"]
    if report["ok"] and head is not None:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(report["current"], indent=2), encoding="utf-8")
    return report


def _consistent(
    base: str,
    issuer: str,
    previous: dict[str, Any],
    head: transparency.TreeHead,
    rings: list[signing.Keyring],
) -> transparency.LogCheck:
    try:
        earlier, _kid = transparency.verify_tree_head(str(previous.get("tree_head", "")), rings)
    except transparency.LogError as exc:
        raise BadInput(f"--state: the head kept there does not verify ({exc})") from exc
    proof: list[bytes] = []
    if 0 < earlier.size < head.size:
        try:
            doc = _fetch_json(
                f"{base}/api/v1/registry/log/{issuer}/consistency?first={earlier.size}&second={head.size}"
            )
        except BadInput as exc:
            return transparency.LogCheck("consistency", "fail", f"no consistency proof: {exc}")
        if (doc.get("first"), doc.get("second")) != (earlier.size, head.size):
            return transparency.LogCheck("consistency", "fail", "the registry answered for other tree sizes")
        try:
            proof = [base64.b64decode(p, validate=True) for p in doc.get("proof") or []]
        except (ValueError, TypeError) as exc:
            return transparency.LogCheck("consistency", "fail", f"the proof is not base64 ({exc})")
    return transparency.check_consistency(earlier, head, proof)


@registry_app.command("monitor")
def registry_monitor(
    issuer: str = typer.Argument(..., help="Slug of the issuing body whose log to watch."),
    url: str | None = typer.Option(None, "--url", help="The registry's base URL; default CASYS_BASE_URL."),
    state: Path | None = typer.Option(
        None, "--state", help="Where the last head seen is kept (default ./casys-monitor-ISSUER.json)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Check an issuer's signed tree head and its consistency with the last one seen (run it from a
    timer). Exit 0 consistent, 1 a check failed (named), 2 bad input or the registry unreachable."""
    if url is None:
        from casys.commands.django_setup import setup

        setup()
        from casys.attestations.identity import base_url

        url = base_url()
    try:
        report = monitor_once(issuer, url, state or Path(f"casys-monitor-{issuer}.json"))
    except BadInput as exc:
        raise _bad(str(exc)) from exc
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for c in report["checks"]:
            typer.echo(f"{c['check']}: {c['state']} {c['reason']}")
    raise typer.Exit(0 if report["ok"] else 1)


def bench_transparency_log(
    rows: int = typer.Option(100_000, "--rows", help="Certificates per issuer (with and without the log)."),
    database: str = typer.Option("sqlite", "--database", help="sqlite or postgresql (throwaway cluster)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the synthetic data."),
) -> None:
    """What the transparency log costs at ingest, per proof and per offline check (one JSON document)."""
    from casys.bench import transparency as bench_module

    if database not in ("sqlite", "postgresql"):
        raise _bad(f"--database: sqlite or postgresql, got {database!r}")
    typer.echo(json.dumps(bench_module.run(rows, seed, database), ensure_ascii=False, indent=2))


def register(app: typer.Typer, bench: typer.Typer) -> None:
    """Add this area's commands to the umbrella app and its benchmarks to ``casys bench``."""
    from casys.bench.registry import bench_registry

    app.command("verify")(verify)
    app.add_typer(keys_app, name="keys")
    app.add_typer(registry_app, name="registry")
    bench.command("registry")(bench_registry)
    bench.command("transparency-log")(bench_transparency_log)
