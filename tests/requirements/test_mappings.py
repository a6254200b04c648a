"""Edition mappings (ISO/IEC 27001:2013 Annex A → 2022 Annex A, after ISO/IEC 27002:2022 Annex B):
the shipped table checked against the catalogues and the totals the standard states, the links it
writes, ``casys requirements map OLD NEW --json``, and bad mapping files named by row."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from casys.accounts.scoping import unscoped
from casys.cli import app
from casys.core import edition_map
from casys.requirements.models import LinkRelation, NormativeDocument, RequirementLink
from casys.requirements.services import catalogues, mappings

pytestmark = pytest.mark.django_db
runner = CliRunner()
NEW_2022 = ["5.7", "5.23", "5.30", "7.4", "8.9", "8.10", "8.11", "8.12", "8.16", "8.23", "8.28"]


def test_the_27001_annex_a_mapping_has_the_totals_of_27002_annex_b(shipped: catalogues.Loaded) -> None:
    with unscoped():
        t = mappings.transition("iso27001:2013", "iso27001:2022")
    c = t.comparison
    annex = [n for n in (*c.new, *(n for n, _ in c.changed), *(n for n, _ in c.unchanged))]
    assert len(annex) == 93  # the 93 controls of 2022
    assert list(c.new) == [f"A.{n}" for n in NEW_2022]  # the 11 new controls
    olds = {o for _, os in (*c.changed, *c.unchanged) for o in os}
    assert len(olds) == 114 and c.removed == ()  # every 2013 control maps somewhere
    assert dict(c.changed)["A.5.1"] == ("A.5.1.1", "A.5.1.2")  # merged
    assert dict(c.unchanged)["A.5.2"] == ("A.6.1.1",)  # renumbered
    assert "A.8.8" in dict(c.changed) and "A.5.36" in dict(c.changed)  # A.18.2.3 split over both
    # clauses 4–10 are outside the Annex A mapping: a transition audit covers them again
    assert "4.1" in c.unmapped and "10.2" in c.unmapped and not any(n.startswith("A") for n in c.unmapped)


def test_loading_records_the_previous_edition_and_links(shipped: catalogues.Loaded) -> None:
    with unscoped():
        new = NormativeDocument.objects.get(key="iso27001:2022")
        assert new.previous.key == "iso27001:2013"
        link = RequirementLink.objects.get(
            source__uid="iso27001:2022/A.5.2", relation=LinkRelation.PREVIOUS_EDITION
        )
        assert link.target.uid == "iso27001:2013/A.6.1.1" and link.note == "unchanged"
        assert not RequirementLink.objects.filter(source__uid="iso27001:2022/A.5.7").exists()


def test_map_prints_new_changed_unchanged_and_removed_as_json(shipped: catalogues.Loaded) -> None:
    result = runner.invoke(app, ["requirements", "map", "iso27001:2013", "iso27001:2022", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["from"] == "iso27001:2013" and out["to"] == "iso27001:2022"
    assert "27002:2022 Annex B" in out["source"]
    assert out["new"][0] == "iso27001:2022/A.5.7" and len(out["new"]) == 11
    assert {"id": "iso27001:2022/A.5.2", "from": ["iso27001:2013/A.6.1.1"]} in out["unchanged"]
    assert {"id": "iso27001:2022/A.5.1", "from": ["iso27001:2013/A.5.1.1", "iso27001:2013/A.5.1.2"]} in out[
        "changed"
    ]
    assert out["removed"] == []
    assert len(out["changed"]) + len(out["unchanged"]) == 82


def test_map_refuses_editions_without_a_mapping_and_exits_2(shipped: catalogues.Loaded) -> None:
    result = runner.invoke(app, ["requirements", "map", "iso9001:2008", "iso9001:2015", "--json"])
    assert result.exit_code == 2
    assert "iso9001:2008 → iso9001:2015: no edition mapping is shipped" in result.stderr


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["A.5.1", ["A.5.1.1"]], ["A.5.1", []]], "rows[1]: A.5.1 is mapped twice"),
        ([["A.5.1", ["A.5.1.1"], "renamed"]], "rows[0]: status 'renamed'"),
        ([["A.5.1", "A.5.1.1"]], "rows[0]: the old clauses are a list"),
    ],
)
def test_a_bad_mapping_file_is_named_by_row(rows: list[Any], message: str) -> None:
    with pytest.raises(edition_map.MappingError, match=message.replace("[", r"\[").replace("]", r"\]")):
        edition_map.parse({"old": "a:1", "new": "a:2", "source": "s", "rows": rows}, "m.toml")


def test_a_mapping_row_naming_a_clause_not_in_the_catalogue_is_refused() -> None:
    m = edition_map.parse({"old": "a:1", "new": "a:2", "source": "s", "rows": [["9.9", ["1"]]]}, "m.toml")
    with pytest.raises(edition_map.MappingError, match=r"rows\[0\]: 9.9 is not a clause of a:2"):
        edition_map.compare(m, ["1"], ["1"])
