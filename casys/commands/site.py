"""CLI: demo, serve, manage — running the web application."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import typer
from rich.console import Console
from rich.table import Table

from casys.commands.django_setup import setup
from casys.project import serving
from casys.project.config import data_dir, demo_secret_key, env_bool

console = Console(width=max(Console().width, 120))


def _prepare() -> None:
    from django.conf import settings
    from django.core.management import call_command

    from casys.accounts.management.commands.compile_translations import compile_all

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    compile_all()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the shared rate-limit cache (idempotent)


def _demo_environment() -> None:
    """The demo runs like production — DEBUG off, so a missing page is the styled 404 page, never
    Django's debug page — but on plain HTTP on 127.0.0.1, with a secret key kept in the data
    directory. ``CASYS_DEBUG=1 casys demo`` still gives the development setup."""
    os.environ.setdefault("CASYS_SECURE", "0")
    os.environ.setdefault("CASYS_ALLOWED_HOSTS", "127.0.0.1,localhost")
    # notices and invitations are written as files under <data dir>/mail, never sent
    os.environ.setdefault("CASYS_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    if not env_bool("CASYS_DEBUG", False) and not os.environ.get("CASYS_SECRET_KEY"):
        os.environ["CASYS_SECRET_KEY"] = demo_secret_key(data_dir())


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @app.command()
    def demo(
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Start the server after loading."),
        port: int = typer.Option(8000, help="Port on 127.0.0.1."),
    ) -> None:
        """Set up the SQLite demo database with realistic data and start the app on 127.0.0.1."""
        _demo_environment()
        setup()
        from django.core.management import call_command

        from casys.demo import DEMO_PASSWORD, load

        _prepare()
        logins = load()
        table = Table(title="casys demo logins (password for all: " + DEMO_PASSWORD + ")")
        table.add_column("email", no_wrap=True)  # never cut: it is what people copy
        table.add_column("role")
        table.add_column("body")
        for email, role, body in logins:
            table.add_row(email, role, body)
        console.print(table)
        console.print(f"casys demo: http://127.0.0.1:{port}/  (sign in with any login above)")
        if serve:
            from django.conf import settings

            if not settings.DEBUG:  # whitenoise serves the collected files, as in production
                call_command("collectstatic", interactive=False, verbosity=0)
            # the background worker runs beside the server, started and stopped with it
            worker = subprocess.Popen([sys.executable, "-m", "casys.cli", "worker"], env=os.environ.copy())
            console.print(f"casys demo: background worker running (process {worker.pid})")
            # SIGTERM ends the demo like Ctrl+C does: through the finally below, which stops the worker
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
            try:
                call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(timeout=30)

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to bind."),
        port: int = typer.Option(8000, help="Port."),
        workers: int = typer.Option(serving.WORKERS, help="uvicorn worker processes."),
        timeout: int = typer.Option(
            60, help="Seconds a stopping worker lets running requests (a web import) finish."
        ),
        dev: bool = typer.Option(False, "--dev", help="Django's development server instead of uvicorn."),
    ) -> None:
        """Serve the web application (uvicorn on the ASGI app; --dev for the development server).

        On PostgreSQL the connection pool is on unless ``CASYS_DB_POOL=0``: without it every
        request opens a new connection, which costs more than a verification by number itself.
        Verify by number is answered by the ASGI hot path (casys.registry.hotpath), the rest by Django.
        """
        os.environ.setdefault("CASYS_DB_POOL", "1")
        setup()
        from django.core.management import call_command

        _prepare()
        if dev:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        command = serving.command(host, port, workers, timeout)
        # uvicorn takes this process's place: a SIGTERM to `casys serve` (systemd, a test) stops it
        os.execve(command[0], command, os.environ.copy())

    @app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def manage(ctx: typer.Context) -> None:
        """Run a Django management command (casys manage migrate, createsuperuser, ...)."""
        setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["casys manage", *ctx.args])
