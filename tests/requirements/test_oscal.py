"""OSCAL catalog and profile: the shipped data, the round trip import → export (equal once
normalised, valid against the published OSCAL JSON schema), and files that are refused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from casys.accounts.scoping import unscoped
from casys.auditlog.models import AuditEntry
from casys.requirements.models import (
    Kind,
    LinkRelation,
    NormativeDocument,
    Profile,
    Requirement,
    RequirementLink,
)
from casys.requirements.services import catalogues, oscal

pytestmark = pytest.mark.django_db


def _nist() -> Any:
    return json.loads(catalogues.NIST_CATALOG.read_text(encoding="utf-8"))


def test_the_shipped_catalogues_and_profiles_load(shipped: catalogues.Loaded) -> None:
    keys = [d.key for d in shipped.catalogues]
    assert keys == [
        "iso9001:2015",
        "iso27001:2013",
        "iso27001:2022",
        "loler:1998",
        "type5-electrical-fi:example",
        "iso14064-3:2019",
        "sp800-53:rev5",
    ]
    with unscoped():
        clause = Requirement.objects.get(uid="iso9001:2015/8.5.1")
        assert clause.title == "Control of production and service provision"
        assert clause.parent.uid == "iso9001:2015/8.5"
        assert clause.parent.parent.uid == "iso9001:2015/8"
        assert clause.kind == Kind.REQUIREMENT and clause.text == ""
        assert Requirement.objects.get(uid="iso9001:2015/1").kind == Kind.INFORMATIVE
        assert Requirement.objects.get(uid="iso27001:2022/10.1").title == "Continual improvement"
        ac2 = Requirement.objects.get(uid="sp800-53:rev5/ac-2")
        assert ac2.label == "AC-2" and ac2.title == "Account Management"
        assert "Define and document the types of accounts" in ac2.text


def test_the_nist_low_baseline_selects_its_149_controls(shipped: catalogues.Loaded) -> None:
    # schemes.md 5.1: LOW profile 149 ids (131 controls + 18 enhancements) [REF-DATA].
    with unscoped():
        low = Profile.objects.get(key="sp800-53-rev5-low")
        assert low.entries.count() == 149
        nist = NormativeDocument.objects.get(key="sp800-53:rev5")
        assert Requirement.objects.filter(document=nist, element="control").count() == 149
        assert Requirement.objects.filter(document=nist, element="group").count() == 18


def test_a_scheme_profile_selects_every_clause_but_the_top_headings(shipped: catalogues.Loaded) -> None:
    with unscoped():
        profile = catalogues.profile_for("iso9001")
        assert profile.key == "iso9001"
        uids = set(profile.entries.values_list("requirement__uid", flat=True))
    assert "iso9001:2015/8.5.1" in uids and "iso9001:2015/10.3" in uids
    assert "iso9001:2015/8" not in uids  # a top-level clause is a group heading


def test_the_nist_catalog_round_trips_equal_and_valid(shipped: catalogues.Loaded) -> None:
    with unscoped():
        exported = oscal.export_catalog(NormativeDocument.objects.get(key="sp800-53:rev5"))
    assert oscal.validate(exported) == "catalog"
    assert oscal.normalised(exported) == oscal.normalised(_nist())


def test_the_nist_low_profile_round_trips_equal_and_valid(shipped: catalogues.Loaded) -> None:
    with unscoped():
        exported = oscal.export_profile(Profile.objects.get(key="sp800-53-rev5-low"))
    original = json.loads(catalogues.NIST_PROFILE.read_text(encoding="utf-8"))
    assert oscal.validate(exported) == "profile"
    assert oscal.normalised(exported) == oscal.normalised(original)


def test_an_iso_catalogue_exported_and_imported_again_keeps_its_ids(shipped: catalogues.Loaded) -> None:
    with unscoped():
        document = NormativeDocument.objects.get(key="iso9001:2015")
        first = oscal.export_catalog(document)
        oscal.validate(first)
        profile = oscal.export_profile(Profile.objects.get(key="iso9001"))
        oscal.validate(profile)
        # imported again (no key given: the catalogue's key travels in its metadata)
        oscal.import_catalog(copy.deepcopy(first))
        oscal.import_profile(copy.deepcopy(profile))
        again = oscal.export_catalog(NormativeDocument.objects.get(key="iso9001:2015"))
        assert Requirement.objects.filter(uid="iso9001:2015/7.1.5.2").count() == 1
        assert (
            catalogues.profile_for("iso9001").entries.count() == 68
        )  # 78 clauses less the 10 top-level headings
    assert oscal.normalised(again) == oscal.normalised(first)


def test_a_catalog_that_fails_the_schema_is_refused_naming_the_path_and_nothing_is_saved(db: Any) -> None:
    broken = _nist()
    del broken["catalog"]["groups"][2]["controls"][1]["title"]
    with unscoped(), pytest.raises(oscal.OscalError) as refused:
        oscal.import_catalog(broken, key="sp800-53:rev5")
    assert refused.value.path == "$.catalog.groups[2].controls[1]"
    assert "'title' is a required property" in str(refused.value)
    with unscoped():
        assert not NormativeDocument.objects.exists() and not Requirement.objects.exists()
        assert not AuditEntry.all_objects.filter(action="requirements.catalogue.imported").exists()


def test_a_bad_token_in_an_id_is_refused_by_its_pattern(db: Any) -> None:
    broken = _nist()
    broken["catalog"]["groups"][0]["controls"][0]["id"] = "1 bad id"
    with unscoped(), pytest.raises(oscal.OscalError) as refused:
        oscal.import_catalog(broken, key="sp800-53:rev5")
    assert refused.value.path == "$.catalog.groups[0].controls[0].id"


def test_a_catalog_without_a_key_is_refused_naming_the_key(db: Any) -> None:
    with unscoped(), pytest.raises(oscal.OscalError) as refused:
        oscal.import_catalog(_nist())
    assert refused.value.path == "key"


def test_a_document_that_is_neither_catalog_nor_profile_is_refused(db: Any) -> None:
    with pytest.raises(oscal.OscalError) as refused:
        oscal.validate({"component-definition": {}})
    assert refused.value.path == "$"


def test_a_profile_selecting_an_unknown_id_is_refused_and_nothing_is_saved(
    shipped: catalogues.Loaded,
) -> None:
    profile = json.loads(catalogues.NIST_PROFILE.read_text(encoding="utf-8"))
    profile["profile"]["imports"][0]["include-controls"][0]["with-ids"][3] = "zz-99"
    with unscoped():
        before = Profile.objects.get(key="sp800-53-rev5-low").entries.count()
        with pytest.raises(oscal.OscalError) as refused:
            oscal.import_profile(profile, key="sp800-53-rev5-low", catalogue="sp800-53:rev5")
        assert Profile.objects.get(key="sp800-53-rev5-low").entries.count() == before
    assert refused.value.path == "$.profile.imports[0]['include-controls'][0]['with-ids'][3]"
    assert "'zz-99' is not a requirement of catalogue sp800-53:rev5" in str(refused.value)


def test_a_profile_whose_catalogue_is_not_loaded_is_refused(db: Any) -> None:
    profile = json.loads(catalogues.NIST_PROFILE.read_text(encoding="utf-8"))
    with unscoped(), pytest.raises(oscal.OscalError) as refused:
        oscal.import_profile(profile, key="low")
    assert refused.value.path == "$.profile.imports[0].href"


def test_resolve_gives_the_requirements_of_a_profile(shipped: catalogues.Loaded) -> None:
    with unscoped():
        profile = catalogues.profile_for("iso9001")
        found = catalogues.resolve(profile, ["iso9001:2015/8.5.1", "9.2"])
    assert [r.uid for r in found] == ["iso9001:2015/8.5.1", "iso9001:2015/9.2"]


def test_resolve_names_an_id_that_is_not_in_the_profile(shipped: catalogues.Loaded) -> None:
    with unscoped():
        profile = catalogues.profile_for("iso9001")
        with pytest.raises(catalogues.UnknownRequirement) as unknown:
            catalogues.resolve(profile, ["iso9001:2015/8.5.1", "iso9001:2015/8.9"])
        assert str(unknown.value) == "iso9001:2015/8.9: not a requirement of profile iso9001"
        with pytest.raises(catalogues.UnknownRequirement) as unselected:
            catalogues.resolve(profile, ["iso9001:2015/8"])
        assert "in the catalogue but not selected by the profile" in str(unselected.value)
        with pytest.raises(catalogues.UnknownRequirement):
            catalogues.resolve(profile, ["iso27001:2022/8.2"])


def test_a_scheme_without_a_profile_is_named(db: Any) -> None:
    with unscoped(), pytest.raises(catalogues.UnknownProfile, match="iso50001: no profile"):
        catalogues.profile_for("iso50001")


def test_every_import_is_logged(shipped: catalogues.Loaded) -> None:
    with unscoped():
        actions = list(
            AuditEntry.all_objects.filter(action__startswith="requirements.").values_list("action", flat=True)
        )
    assert actions.count("requirements.catalogue.imported") == 7
    assert actions.count("requirements.profile.imported") == 7
    assert actions.count("requirements.mapping.linked") == 1


def test_a_clause_links_to_its_previous_edition_for_transition_audits(iso9001: Any) -> None:
    with unscoped():
        older = NormativeDocument.objects.create(
            key="iso9001:2008", title="ISO 9001:2008", oscal_uuid="00000000-0000-4000-8000-000000000001"
        )
        old_clause = Requirement.objects.create(
            document=older,
            uid="iso9001:2008/7.5.1",
            number="7.5.1",
            oscal_id="clause-7.5.1",
            title="Control of production and service provision",
        )
        iso9001.previous = older
        iso9001.save()
        clause = Requirement.objects.get(uid="iso9001:2015/8.5.1")
        RequirementLink.objects.create(
            source=clause, relation=LinkRelation.PREVIOUS_EDITION, target=old_clause
        )
        assert [link.target.uid for link in clause.links.all()] == ["iso9001:2008/7.5.1"]
        assert list(older.next_editions.all()) == [iso9001]
        with pytest.raises(IntegrityError), transaction.atomic():
            RequirementLink.objects.create(source=clause, relation=LinkRelation.RELATED)
