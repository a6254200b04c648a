"""NISO STS / ISO STS XML: the clause tree of a standard imported as a catalogue (ids and titles,
text only when asked for an openly licensed document), a body's licensed text loaded from its STS
copy, and bad input named by element path with nothing saved.

``data/example-sts.xml`` is a SYNTHETIC file written for these tests (no public STS sample of a
standard was at hand): its structure follows the NISO STS Tag Library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.cli import app
from casys.requirements.models import Kind, LicensedText, NormativeDocument, Requirement
from casys.requirements.services import sts

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent / "data" / "example-sts.xml"
runner = CliRunner()


def _sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _import(text: str, **kwargs: Any) -> NormativeDocument:
    with unscoped():
        return sts.import_standard(text.encode("utf-8"), source_name="example-sts.xml", **kwargs)


def test_it_imports_the_clause_tree_with_ids_titles_and_nesting() -> None:
    document = _import(_sample())
    assert document.key == "iso99999:2026"
    assert document.title.startswith("ISO 99999:2026 Example services")
    rows = list(Requirement.objects.filter(document=document).order_by("position"))
    assert [r.uid for r in rows] == [
        "iso99999:2026/1",
        "iso99999:2026/4",
        "iso99999:2026/4.1",
        "iso99999:2026/4.2",
        "iso99999:2026/4.2.1",
        "iso99999:2026/A",
    ]
    by_number = {r.number: r for r in rows}
    assert by_number["4.2.1"].parent == by_number["4.2"]
    assert by_number["4.2"].parent == by_number["4"]
    assert by_number["4.1"].title == "Calibration intervals"
    assert by_number["1"].kind == Kind.INFORMATIVE  # sec-type="scope"
    assert by_number["A"].kind == Kind.INFORMATIVE  # an informative annex
    assert by_number["4.1"].kind == Kind.REQUIREMENT
    # a copyrighted standard: clause numbers and titles only, unless the text is asked for
    assert not any(r.text for r in rows) and not document.full_text


def test_the_text_is_kept_only_when_asked_for_an_openly_licensed_document() -> None:
    document = _import(_sample(), with_text=True)
    assert document.full_text
    assert Requirement.objects.get(uid="iso99999:2026/4.2.1").text == (
        "Each record shall state the widget's serial number and the measured deviation."
    )


def test_the_import_is_audit_logged() -> None:
    _import(_sample())
    entry = AuditEntry.all_objects.get(action="requirements.catalogue.imported")
    assert entry.data["key"] == "iso99999:2026" and entry.data["requirements"] == 6


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("standard", "article"), "/article: not an STS document"),
        (("<label>4.2.1</label>", ""), "/standard/body/sec[2]/sec[2]/sec[1]: a clause without a <label>"),
        (
            ("<label>4.2.1</label>", "<label>4.1</label>"),
            "/standard/body/sec[2]/sec[2]/sec[1]/label: clause 4.1 appears twice "
            "(also at /standard/body/sec[2]/sec[1])",
        ),
        (("<title>Records</title>", ""), "/standard/body/sec[2]/sec[2]/title: clause 4.2 has no <title>"),
        (("std-meta>", "other-meta>"), "/standard/front: no <std-meta>"),
        (("<doc-number>99999</doc-number>", ""), "/standard/front/std-meta/std-ident/doc-number"),
        (("</standard>", ""), "not well-formed XML"),
    ],
)
def test_bad_input_is_named_by_element_path_and_nothing_is_saved(
    change: tuple[str, str], message: str
) -> None:
    text = (
        _sample().replace(*change)
        if change[0] in ("standard", "std-meta>")
        else _sample().replace(*change, 1)
    )
    if "doc-number" in change[0]:
        text = text.replace('<std-ref type="dated">ISO 99999:2026</std-ref>', "")
    with pytest.raises(sts.StsError) as caught:
        _import(text)
    assert message in str(caught.value)
    assert not NormativeDocument.objects.exists() and not Requirement.objects.exists()


def test_an_entity_declaration_is_refused_not_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE standard [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<standard><front><std-meta/></front><body><sec><label>1</label><title>&b;</title></sec></body></standard>"
    )
    with pytest.raises(sts.StsError, match="file: refused"):
        _import(bomb)


def test_an_external_entity_is_refused() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE standard [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<standard><body><sec><label>1</label><title>&x;</title></sec></body></standard>"
    )
    with pytest.raises(sts.StsError, match="file: refused"):
        _import(xxe)


def test_the_cli_imports_an_sts_file_as_json() -> None:
    result = runner.invoke(app, ["requirements", "import", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "model": "sts",
        "key": "iso99999:2026",
        "requirements": 6,
        "text": False,
    }


def test_the_cli_refuses_a_bad_sts_file_naming_the_element_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(_sample().replace("<label>4.1</label>", ""), encoding="utf-8")
    result = runner.invoke(app, ["requirements", "import", str(bad)])
    assert result.exit_code == 2
    assert "/standard/body/sec[2]/sec[1]: a clause without a <label>" in result.stderr
    assert not NormativeDocument.objects.exists()


def test_the_owner_loads_its_licensed_text_from_its_sts_copy(owner_client: Client, body_a: Any) -> None:
    _import(_sample())
    upload = SimpleUploadedFile("iso99999.xml", _sample().encode(), content_type="application/xml")
    response = owner_client.post("/requirements/alpha-cert/licensed/iso99999:2026/", {"file": upload})
    assert response.status_code == 302
    with unscoped():
        texts = dict(LicensedText.all_objects.filter(body=body_a).values_list("requirement__number", "text"))
    assert set(texts) == {"1", "4.1", "4.2", "4.2.1"}  # the clauses that carry text
    assert texts["4.1"].startswith("The provider shall calibrate")
    # the shared catalogue still has no text
    assert not Requirement.objects.filter(document__key="iso99999:2026").exclude(text="").exists()


def test_an_sts_copy_of_another_document_is_refused_on_the_page(owner_client: Client, body_a: Any) -> None:
    _import(_sample())
    other = _sample().replace("ISO 99999:2026", "ISO 99999:2030")
    upload = SimpleUploadedFile("other.xml", other.encode(), content_type="application/xml")
    response = owner_client.post("/requirements/alpha-cert/licensed/iso99999:2026/", {"file": upload})
    assert response.status_code == 400
    assert "the file is iso99999:2030, not iso99999:2026" in response.content.decode()
    with unscoped():
        assert not LicensedText.all_objects.exists()
