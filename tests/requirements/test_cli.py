"""CLI: casys requirements lint, load, import and export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.cli import app
from casys.requirements.models import NormativeDocument, Profile
from casys.requirements.services import catalogues, oscal

runner = CliRunner()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_prints_statements_and_problems_as_json_and_exits_1(tmp_path: Path) -> None:
    draft = _write(
        tmp_path,
        "draft.txt",
        "The operator shall record the temperature every 4 h.\n\n"
        "The supplier must take appropriate measures.\n",
    )
    result = runner.invoke(app, ["requirements", "lint", str(draft), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["statements"] == 2
    assert [(p["id"], p["principle"]) for p in report["problems"]] == [
        ("3", "verbal-form"),
        ("3", "undefined-term"),
    ]
    assert set(report["problems"][0]) == {"id", "principle", "text"}


def test_lint_of_a_clean_markdown_draft_exits_0(tmp_path: Path) -> None:
    draft = _write(tmp_path, "scheme.md", "# 5 Records\n\n- Records shall be kept for 3 years.\n")
    result = runner.invoke(app, ["requirements", "lint", str(draft), "--json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == {"statements": 1, "problems": []}


def test_lint_reads_an_oscal_catalog_statement_by_statement() -> None:
    result = runner.invoke(app, ["requirements", "lint", str(catalogues.NIST_CATALOG), "--json"])
    report = json.loads(result.stdout)
    assert report["statements"] == 538
    ids = {p["id"] for p in report["problems"]}
    assert "ac-2_smt.a" in ids  # NIST writes imperatives ("Define and document …"): no verbal form


def test_lint_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["requirements", "lint", str(_write(tmp_path, "x.json", "{oops"))])
    assert result.exit_code == 2
    assert "x.json: line 1 column 2: not JSON" in result.stderr


@pytest.mark.django_db
def test_load_import_and_export_round_trip(tmp_path: Path) -> None:
    loaded = runner.invoke(app, ["requirements", "load", "--json"])
    assert loaded.exit_code == 0, loaded.stderr
    assert {"key": "iso9001", "scheme": "iso9001", "requirements": 68} in json.loads(loaded.stdout)[
        "profiles"
    ]
    out = tmp_path / "iso9001-profile.json"
    exported = runner.invoke(
        app, ["requirements", "export", "iso9001", "--format", "oscal", "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.stderr
    profile = json.loads(out.read_text(encoding="utf-8"))
    assert oscal.validate(profile) == "profile"
    catalog = runner.invoke(app, ["requirements", "export", "iso9001:2015", "--format", "oscal"])
    catalog_file = _write(tmp_path, "iso9001-2015.json", catalog.stdout)
    imported = runner.invoke(app, ["requirements", "import", str(catalog_file), "--json"])
    assert json.loads(imported.stdout) == {"model": "catalog", "key": "iso9001:2015", "requirements": 78}
    again = runner.invoke(app, ["requirements", "import", str(out), "--json"])
    assert json.loads(again.stdout) == {
        "model": "profile",
        "key": "iso9001",
        "scheme": "iso9001",
        "requirements": 68,
    }
    with unscoped():
        assert oscal.normalised(oscal.export_profile(Profile.objects.get(key="iso9001"))) == oscal.normalised(
            profile
        )


@pytest.mark.django_db
def test_import_refuses_a_file_failing_the_schema_naming_the_path_and_saves_nothing(tmp_path: Path) -> None:
    document: Any = json.loads(catalogues.NIST_CATALOG.read_text(encoding="utf-8"))
    document["catalog"]["metadata"]["last-modified"] = "yesterday"
    bad = _write(tmp_path, "bad.json", json.dumps(document))
    result = runner.invoke(app, ["requirements", "import", str(bad), "--key", "sp800-53:rev5"])
    assert result.exit_code == 2
    assert "bad.json: $.catalog.metadata['last-modified']: 'yesterday' does not match" in result.stderr
    with unscoped():
        assert not NormativeDocument.objects.exists()


@pytest.mark.django_db
def test_export_names_a_scheme_without_a_profile() -> None:
    result = runner.invoke(app, ["requirements", "export", "iso50001", "--format", "oscal"])
    assert result.exit_code == 2
    assert "iso50001: no profile of requirements is loaded for this scheme" in result.stderr


def test_export_refuses_an_unknown_format() -> None:
    result = runner.invoke(app, ["requirements", "export", "iso9001", "--format", "xml"])
    assert result.exit_code == 2
    assert "--format: 'xml' is not a known format" in result.stderr
