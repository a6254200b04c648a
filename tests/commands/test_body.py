"""`casys body create`, run exactly as docs/operations.md prints it, on an empty SQLite database."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long and unusual passphrase 42"


def documented_block() -> str:
    """The first shell block under "From an empty install" in docs/operations.md."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## From an empty install", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def install(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An empty install: `.venv/bin/casys` runs this checkout's CLI; data in a fresh directory."""
    bin_dir = tmp_path / "site" / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    casys = bin_dir / "casys"
    casys.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m casys.cli "$@"\n')
    casys.chmod(casys.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "data").mkdir()  # CASYS_DATA_DIR exists, as in the production set-up
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CASYS_", "DJANGO_", "DATABASE_URL"))},
        "PYTHONPATH": str(ROOT),
        "CASYS_SECRET_KEY": "k" * 60,
        "CASYS_DATA_DIR": str(tmp_path / "data"),
        "CASYS_PUBLIC_HOST": "casys.example.org",
        "CASYS_ALLOWED_HOSTS": "testserver",
    }
    return tmp_path / "site", env


def _run(script: str, cwd: Path, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _db(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["CASYS_DATA_DIR"]) / "casys.sqlite3")


def test_the_documented_commands_create_the_first_body_and_a_one_time_link(install) -> None:
    cwd, env = install
    result = _run(documented_block(), cwd, env)
    assert result.returncode == 0, result.stderr
    links = re.findall(r"https://casys\.example\.org/invitations/([A-Za-z0-9_-]{40,})/", result.stdout)
    assert len(links) == 1, result.stdout
    db = _db(env)
    assert db.execute("SELECT slug, kind, name, country, city FROM accounts_body").fetchall() == [
        ("alpine-cert", "certification_body", "Alpine Certification SAS", "FR", "Lyon")
    ]
    assert db.execute("SELECT email, full_name, is_superuser, password FROM accounts_user").fetchall()[0][
        :3
    ] == (
        "anne.martin@alpine-cert.example",
        "Anne Martin",
        1,
    )
    (stored,) = db.execute("SELECT token_hash FROM accounts_invitation").fetchone()
    assert stored == hashlib.sha256(links[0].encode()).hexdigest()  # the hash only, never the token
    assert links[0] not in (Path(env["CASYS_DATA_DIR"]) / "casys.sqlite3").read_bytes().decode("latin-1")

    # The administrator opens the link, sets a password and is signed in on the body.
    accept = f"""
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "casys.project.settings"
django.setup()
from django.test import Client, override_settings
# no collectstatic in this throwaway install: plain static storage instead of the manifest
override_settings(STORAGES={{"default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}).enable()
c = Client()
r = c.post("/invitations/{links[0]}/", {{"full_name": "Anne Martin", "password1": sys.argv[1],
           "password2": sys.argv[1]}}, secure=True)
print(r.status_code, r["Location"], c.get("/bodies/alpine-cert/members/", secure=True).status_code)
"""
    done = subprocess.run(
        [sys.executable, "-c", accept, PASSWORD], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split() == ["302", "/bodies/alpine-cert/", "200"], done.stderr
    assert db.execute("SELECT role, is_active FROM accounts_membership").fetchall() == [("admin", 1)]
    again = _run(documented_block().split("\n", 1)[1], cwd, env)  # the same body twice is refused
    assert again.returncode == 2 and "slug: a body named 'alpine-cert' already exists" in again.stderr


def test_a_password_from_stdin_lets_the_administrator_sign_in_at_once(install) -> None:
    cwd, env = install
    script = (
        ".venv/bin/casys manage migrate -v 0\n"
        ".venv/bin/casys body create --kind laboratory --name 'Labo Nord' --slug labo-nord --country fr "
        "--admin-email lab@nord.example --password-stdin --json\n"
    )
    result = _run(script, cwd, env, stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "body": {"slug": "labo-nord", "name": "Labo Nord", "kind": "laboratory"},
        "admin": {"email": "lab@nord.example", "superuser": False},
        "set_password_link": None,
        "link_expires_at": None,
    }
    db = _db(env)
    assert db.execute("SELECT role FROM accounts_membership").fetchall() == [("admin",)]
    assert db.execute("SELECT count(*) FROM accounts_invitation").fetchone() == (0,)


def test_a_weak_password_or_a_bad_country_is_refused_and_nothing_is_written(install) -> None:
    cwd, env = install
    base = ".venv/bin/casys body create --kind laboratory --name L --slug l --admin-email a@b.example"
    result = _run(
        f".venv/bin/casys manage migrate -v 0\n{base} --country FR --password-stdin", cwd, env, "12345\n"
    )
    assert result.returncode == 2 and result.stderr.startswith("error: password: ")
    result = _run(f"{base} --country France", cwd, env)
    assert result.returncode == 2 and "country: give the ISO 3166-1 alpha-2 code" in result.stderr
    db = _db(env)
    assert db.execute("SELECT count(*) FROM accounts_body").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM accounts_user").fetchone() == (0,)
