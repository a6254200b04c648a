"""CLI: bodies — the first body and its administrator on an empty install."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

from casys.commands.django_setup import setup

KINDS = "accreditation_body, certification_body, inspection_body, laboratory, pt_provider, vv_body, client"


def _password(stdin: bool, prompt: bool) -> str | None:
    if stdin and prompt:
        raise typer.BadParameter("give --password-stdin or --prompt-password, not both")
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if prompt:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    return None


def register(app: typer.Typer, bench: typer.Typer) -> None:
    body = typer.Typer(help="Bodies: create the first body and its administrator.", no_args_is_help=True)
    app.add_typer(body, name="body")

    @body.command("create")
    def create(
        kind: str = typer.Option(..., help=f"Kind of body: {KINDS}."),
        name: str = typer.Option(..., help="The body's name."),
        slug: str = typer.Option(..., help="Short name used in addresses (letters, digits, hyphens)."),
        country: str = typer.Option(..., help="ISO 3166-1 alpha-2 country code, e.g. FR."),
        city: str = typer.Option("", help="City."),
        address: str = typer.Option("", help="Postal address."),
        admin_email: str = typer.Option(..., help="E-mail address of the first administrator."),
        admin_name: str = typer.Option("", help="Full name of the first administrator."),
        password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Read the administrator's password from the first line of stdin."
        ),
        prompt_password: bool = typer.Option(
            False, "--prompt-password", help="Ask for the administrator's password on the terminal."
        ),
        superuser: bool = typer.Option(
            False, "--superuser", help="Also make the administrator a platform superuser (may create bodies)."
        ),
        base_url: str = typer.Option(
            "", help="Address of the site for the link (default https://$CASYS_PUBLIC_HOST)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    ) -> None:
        """Create a body and its first administrator.

        Without a password option the administrator gets a one-time link, valid
        CASYS_INVITATION_DAYS days, on which they choose their password (the
        preferred way in production: no password passes through the shell).
        """
        password = _password(password_stdin, prompt_password)
        setup()
        from django.db import transaction
        from django.urls import reverse

        from casys.accounts.scoping import unscoped
        from casys.accounts.services.members import MemberError
        from casys.accounts.services.onboarding import bootstrap
        from casys.attestations.identity import base_url as public_base_url

        try:
            with unscoped(), transaction.atomic():
                made = bootstrap(
                    kind=kind,
                    name=name,
                    slug=slug,
                    country=country,
                    city=city,
                    address=address,
                    admin_email=admin_email,
                    admin_name=admin_name,
                    password=password,
                    superuser=superuser,
                )
        except MemberError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        link = None
        if made.token is not None:
            link = (base_url or public_base_url()).rstrip("/") + reverse("invitation", args=[made.token])
        admin = made.admin
        result = {
            "body": {"slug": made.body.slug, "name": made.body.name, "kind": made.body.kind},
            "admin": {
                "email": admin.email if admin else admin_email,
                "superuser": bool(admin and admin.is_superuser),
            },
            "set_password_link": link,
            "link_expires_at": made.invitation.expires_at.isoformat() if made.invitation else None,
        }
        if as_json:
            typer.echo(json.dumps(result))
            return
        console = Console()
        kind_label = made.body.get_kind_display()
        console.print(f"created {kind_label} [bold]{made.body.name}[/bold] ({made.body.slug})", markup=True)
        console.print(
            f"administrator: {result['admin']['email']}" + (" (platform superuser)" if superuser else "")
        )
        if link:
            console.print("one-time link for the administrator to choose a password (shown once):")
            typer.echo(link)
        else:
            console.print("the administrator can sign in with the password given")
