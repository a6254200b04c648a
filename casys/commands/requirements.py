"""CLI: requirements as data — load the shipped catalogues, OSCAL import/export, the ISO/IEC 17007 lint.

Exit codes: 0 done; 1 the lint found problems; 2 the input was refused (the message names the
JSON path, field or row; nothing was saved).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from casys.commands.django_setup import setup
from casys.core import requirements_lint


def _refuse(command: str, message: str) -> typer.Exit:
    typer.echo(f"casys requirements {command}: {message}", err=True)
    return typer.Exit(2)


def _read(command: str, path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _refuse(command, f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise _refuse(command, f"{path}: is not UTF-8 text") from exc


def lint_file(path: Path, text: str) -> requirements_lint.LintReport:
    """Lint an OSCAL catalog (.json), a Markdown draft (.md) or plain text (one statement a line)."""
    if path.suffix.lower() == ".json":
        document = json.loads(text)
        if not isinstance(document, dict) or not isinstance(document.get("catalog", document), dict):
            raise ValueError('an OSCAL catalog is a JSON object with a "catalog" object')
        return requirements_lint.lint(requirements_lint.statements_from_oscal(document))
    if path.suffix.lower() in (".md", ".markdown"):
        return requirements_lint.lint(requirements_lint.statements_from_markdown(text))
    return requirements_lint.lint_text(text)


def _print(as_json: bool, payload: dict[str, Any], line: str) -> None:
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False))
    else:
        Console().print(line)


def lint(
    file: Path = typer.Argument(..., help="An OSCAL catalog (.json), Markdown (.md) or plain text."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Check statements against ISO/IEC 17007's principles for documents fit for conformity
    assessment: one requirement per statement, correct verbal forms, no undefined terms, an
    assessable criterion, no conformity assessment activity inside a requirement (exit 1 on problems)."""
    text = _read("lint", file)
    try:
        report = lint_file(file, text)
    except json.JSONDecodeError as exc:
        raise _refuse("lint", f"{file}: line {exc.lineno} column {exc.colno}: not JSON ({exc.msg})") from exc
    except ValueError as exc:
        raise _refuse("lint", f"{file}: {exc}") from exc
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        console = Console()
        for p in report.problems:
            console.print(f"[yellow]{p.id}[/yellow] {p.principle}: {p.text}", highlight=False)
        console.print(f"{report.statements} statements, {len(report.problems)} problems")
    if report.problems:
        raise typer.Exit(1)


def load(as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")) -> None:
    """Load (or refresh) the catalogues and profiles casys ships (ISO clause titles, NIST SP 800-53)."""
    setup()
    from casys.accounts.scoping import unscoped
    from casys.requirements.services import catalogues

    with unscoped():
        loaded = catalogues.load_shipped()
        payload = {
            "catalogues": [{"key": d.key, "requirements": d.requirements.count()} for d in loaded.catalogues],
            "profiles": [
                {"key": p.key, "scheme": p.scheme, "requirements": p.entries.count()} for p in loaded.profiles
            ],
        }
    _print(
        as_json,
        payload,
        f"loaded {len(loaded.catalogues)} catalogues and {len(loaded.profiles)} profiles",
    )


def _import_sts(file: Path, key: str, with_text: bool, as_json: bool) -> None:
    from casys.accounts.scoping import unscoped
    from casys.requirements.services import sts

    try:
        content = file.read_bytes()
    except OSError as exc:
        raise _refuse("import", f"{file}: cannot be read ({exc.strerror})") from exc
    with unscoped():
        try:
            saved = sts.import_standard(content, key=key or None, with_text=with_text, source_name=file.name)
        except sts.StsError as exc:
            raise _refuse("import", f"{file}: {exc}") from exc
        payload = {
            "model": "sts",
            "key": saved.key,
            "requirements": saved.requirements.count(),
            "text": saved.full_text,
        }
    _print(as_json, payload, f"imported STS {saved.key}: {payload['requirements']} clauses")


def import_(
    file: Path = typer.Argument(
        ..., help="An OSCAL catalog or profile (JSON), or a standard in NISO STS / ISO STS XML (.xml)."
    ),
    key: str = typer.Option(
        "", help="Catalogue key (document:edition) or profile key, unless the file says it."
    ),
    scheme: str = typer.Option(
        "", help="For a profile: the scheme id it is the selection of (e.g. iso9001)."
    ),
    catalogue: str = typer.Option(
        "", help="For a profile: the catalogue it selects from, if its hrefs do not say."
    ),
    with_text: bool = typer.Option(
        False,
        "--text",
        help="STS only: keep the clauses' text in the shared catalogue (openly licensed documents only).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Import an OSCAL catalog or profile, checked against the OSCAL JSON schema, or the clause
    tree of a standard in NISO STS XML (ids and titles); all or nothing."""
    setup()
    if file.suffix.lower() == ".xml":
        _import_sts(file, key, with_text, as_json)
        return
    from casys.accounts.scoping import unscoped
    from casys.requirements.services import oscal

    text = _read("import", file)
    with unscoped():
        try:
            document = oscal.parse(text)
            model = oscal.validate(document)
            if model == "catalog":
                saved: Any = oscal.import_catalog(document, key=key or None, source_name=file.name)
                payload = {"model": model, "key": saved.key, "requirements": saved.requirements.count()}
            else:
                saved = oscal.import_profile(
                    document, key=key or None, scheme=scheme or None, catalogue=catalogue or None
                )
                payload = {
                    "model": model,
                    "key": saved.key,
                    "scheme": saved.scheme,
                    "requirements": saved.entries.count(),
                }
        except oscal.OscalError as exc:
            raise _refuse("import", f"{file}: {exc}") from exc
    _print(as_json, payload, f"imported {model} {payload['key']}: {payload['requirements']} requirements")


def export(
    scheme: str = typer.Argument(..., help="A scheme id (its profile), a profile key, or a catalogue key."),
    format_: str = typer.Option("oscal", "--format", help="Output format: oscal (JSON)."),
    out: Path = typer.Option(None, "--out", help="Write to this file instead of stdout."),
) -> None:
    """Export a scheme's profile (or a catalogue, given its key) as OSCAL JSON, valid against the schema."""
    if format_ != "oscal":
        raise _refuse("export", f"--format: {format_!r} is not a known format (oscal)")
    setup()
    from casys.accounts.scoping import unscoped
    from casys.requirements.models import NormativeDocument
    from casys.requirements.services import catalogues, oscal

    with unscoped():
        document = NormativeDocument.objects.filter(key=scheme).first()
        try:
            exported = (
                oscal.export_catalog(document)
                if document is not None
                else oscal.export_profile(catalogues.profile_for(scheme))
            )
        except catalogues.UnknownProfile as exc:
            raise _refuse("export", str(exc)) from exc
    oscal.validate(exported)
    text = json.dumps(exported, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


def map_(
    old: str = typer.Argument(..., help="The old edition's catalogue key, e.g. iso27001:2013."),
    new: str = typer.Argument(..., help="The new edition's catalogue key, e.g. iso27001:2022."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Print the edition mapping OLD → NEW: the new edition's requirements that are new, changed
    (audited in a transition audit) or unchanged (coverage carries over), and the old ones removed."""
    setup()
    from casys.accounts.scoping import unscoped
    from casys.requirements.services import mappings

    with unscoped():
        try:
            payload = mappings.transition(old, new).as_dict()
        except mappings.MappingError as exc:
            raise _refuse("map", str(exc)) from exc
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    console = Console()
    console.print(f"{old} → {new} ({payload['source']})", highlight=False)
    for name in ("new", "changed", "unchanged", "removed", "unmapped"):
        rows = payload[name]
        assert isinstance(rows, list)  # noqa: S101 - as_dict gives lists
        shown = [r["id"] + " ← " + ", ".join(r["from"]) if isinstance(r, dict) else r for r in rows]
        console.print(f"[bold]{name}[/bold] ({len(rows)}): {'; '.join(shown)}", highlight=False)


def register(app: typer.Typer, bench: typer.Typer) -> None:
    group = typer.Typer(
        help="Requirements as data: catalogues of normative documents, profiles, OSCAL, the 17007 lint.",
        no_args_is_help=True,
    )
    app.add_typer(group, name="requirements")
    group.command("lint")(lint)
    group.command("load")(load)
    group.command("import")(import_)
    group.command("export")(export)
    group.command("map")(map_)
