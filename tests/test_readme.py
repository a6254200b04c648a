"""README's commands run as printed: every command of its ``sh`` code blocks is run here.

- The first block (``make demo``, ``make test``) is not run from inside the suite: ``make test``
  *is* the suite, and ``make demo`` builds a venv and serves forever. The test checks that both
  targets exist; what ``make demo`` does (``casys demo`` with ``CASYS_DEBUG=1``) is run below.
- "Using it": after a demo install in a temporary ``CASYS_DATA_DIR`` (as ``make demo`` makes it),
  every command of the block runs in a temporary directory holding the files it names — the model
  of docs/uncertainty-model-file.md, a PT results file, and a certificate of the demo with its
  issuer's JWKS and status lists as the registry serves them — without ``CASYS_SECRET_KEY``.
- "Running in production": every command of the block runs in order against a temporary SQLite
  ``DATABASE_URL`` and a temporary ``CASYS_DATA_DIR``; ``casys serve`` is started, seen to bind
  its port, and stopped. The install line (a new venv, ``pip install`` from PyPI: network and
  minutes) runs only with ``CASYS_README_INSTALL=1``; otherwise the suite's own interpreter
  stands for ``.venv/bin/casys``. Any command added to a block is run too.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CASYS = f"{sys.executable} -m casys.cli"
TIMEOUT = 600


def sh_blocks() -> dict[str, list[str]]:
    """The README's ``sh`` code blocks by the title of the section they are in."""
    out: dict[str, list[str]] = {}
    section, lines, inside = "", [], False
    for line in README.read_text(encoding="utf-8").splitlines():
        if not inside and line.startswith("#"):
            section = line.lstrip("#").strip()
        elif line.strip() == "```sh":
            inside, lines = True, []
        elif inside and line.strip() == "```":
            inside = False
            out.setdefault(section, []).extend(commands(lines))  # a section may hold several blocks
        elif inside:
            lines.append(line)
    return out


def _strip_comment(line: str) -> str:
    """The line without a trailing shell comment (a ``#`` after a blank, outside quotes)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def commands(lines: list[str]) -> list[str]:
    out, current = [], ""
    for raw in lines:
        line = _strip_comment(raw)
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            out.append(current.strip())
        current = ""
    return out


def _env(**extra: str) -> dict[str, str]:
    """A shell's environment: none of the suite's CASYS_ or Django settings, casys from this tree."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CASYS_", "DJANGO_")) and k not in ("DATABASE_URL",)
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def _casys(command: str) -> str:
    return re.sub(r"(^|&&\s*|;\s*)(\.venv/bin/)?casys(?=\s)", lambda m: m.group(1) + CASYS, command)


def test_the_readme_has_the_blocks_this_test_runs() -> None:
    blocks = sh_blocks()
    assert blocks["casys"] == ["make demo", "make test"]
    assert any(c.startswith("casys verify") for c in blocks["Using it"])
    assert any(c.startswith(".venv/bin/casys serve") for c in blocks["Running in production"])


def test_make_demo_and_make_test_are_targets_of_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in sh_blocks()["casys"]:
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, re.M), command


def test_the_production_block_sets_the_public_host_before_the_first_command() -> None:
    block = sh_blocks()["Running in production"]
    first_casys = next(i for i, c in enumerate(block) if ".venv/bin/casys" in c)
    assert any("CASYS_PUBLIC_HOST=" in c for c in block[:first_casys])


# --- Using it, on a demo install -------------------------------------------------------------------

RESULTS = "participant,result,u\nA,10.0,0.1\nB,10.2,0.1\nC,9.8,0.1\nD,10.1,0.2\nE,9.9,0.1\nF,15.0,0.3\n"


def _model_from_docs() -> str:
    doc = (ROOT / "docs" / "uncertainty-model-file.md").read_text(encoding="utf-8")
    return doc.split("```toml\n", 1)[1].split("```", 1)[0]


def _demo_certificate(data: Path, into: Path) -> None:
    """A public, active demo certificate on status list 1, its issuer's JWKS and status lists."""
    with sqlite3.connect(data / "casys.sqlite3") as db:
        slug, token = db.execute(
            "SELECT issuer_slug, credential FROM registry_attestation "
            "WHERE public AND status = 'active' AND status_list = 1 ORDER BY id LIMIT 1"
        ).fetchone()
    static = data / "registry-static"
    (into / "certificate.jwt").write_text(token, encoding="ascii")
    shutil.copy(static / "keys" / slug / "jwks.json", into / "jwks.json")
    for purpose in ("suspension", "revocation"):
        shutil.copy(static / "status" / slug / f"1-{purpose}.jwt", into / f"1-{purpose}.jwt")


def test_the_cli_examples_run_as_printed_on_the_demo_install(tmp_path: Path) -> None:
    data, work = tmp_path / "var", tmp_path / "work"
    work.mkdir()
    demo = _run(f"{CASYS} demo --no-serve", ROOT, _env(CASYS_DATA_DIR=str(data), CASYS_DEBUG="1"))
    assert demo.returncode == 0, demo.stderr[-3000:]
    (work / "model.toml").write_text(_model_from_docs(), encoding="utf-8")
    (work / "results.csv").write_text(RESULTS, encoding="utf-8")
    _demo_certificate(data, work)
    env = _env(CASYS_DATA_DIR=str(data))  # no CASYS_SECRET_KEY, no CASYS_DEBUG: a later shell
    for command in sh_blocks()["Using it"]:
        result = _run(_casys(command), work, env)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        if command.startswith("casys verify"):
            assert '"verdict": "valid"' in result.stdout, result.stdout
        if command.startswith("casys audit verify"):
            assert "audit log intact" in result.stdout and "Traceback" not in result.stderr


# --- Running in production -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(command: str, cwd: Path, env: dict[str, str]) -> None:
    """Start ``casys serve`` on a free port, wait until it accepts a connection, stop it."""
    port = _free_port()
    command = re.sub(r"--port\s+\d+", f"--port {port}", _casys(command))
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {command}"],
        cwd=cwd,
        env=env,
        start_new_session=True,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"{command} exited: {proc.stdout.read() if proc.stdout else ''}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"{command}: nothing listens on port {port} after 180 s")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=60)


def _exported(command: str, cwd: Path, env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        ["bash", "-c", f"{command}\nenv -0"], cwd=cwd, env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    pairs = (item.split(b"=", 1) for item in result.stdout.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode() for k, v in pairs}


def test_the_production_block_runs_as_printed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    overrides = {"DATABASE_URL": f"sqlite:///{tmp_path / 'casys.sqlite3'}", "CASYS_DATA_DIR": str(data)}
    env = _env()
    ran = []
    for command in sh_blocks()["Running in production"]:
        if command.startswith("python3 -m venv") and os.environ.get("CASYS_README_INSTALL") != "1":
            assert (ROOT / "requirements.lock").is_file() and (ROOT / "pyproject.toml").is_file()
            continue
        if command.startswith("export "):
            env = {**_exported(command, tmp_path, env), **overrides}
        elif " serve" in command:
            _serve(command, tmp_path, env)
        else:
            result = _run(_casys(command), tmp_path, env)
            assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
            if "check --deploy" in command:
                assert "no issues" in result.stdout
        ran.append(command)
    assert any("migrate" in c for c in ran) and any("serve" in c for c in ran)
    assert env["CASYS_PUBLIC_HOST"] not in ("", "localhost:8000")
