"""Registry search keys: accent-insensitive, across scripts, prefixes."""

import pytest

from casys.core.search_keys import name_key, prefixes, tokens


@pytest.mark.parametrize(
    "spelling", ["Gazprom", "ГАЗПРОМ", "Газпром", "gazprom", "ПАО «Газпром»", "PAO Gazprom"]
)
def test_latin_and_cyrillic_spellings_of_gazprom_share_a_key(spelling):
    assert name_key(spelling) == "gazprom"


@pytest.mark.parametrize(
    "spelling", ["Société Générale", "societe generale", "SOCIÉTÉ GÉNÉRALE S.A.", "Societe-Generale SA"]
)
def test_accented_and_plain_spellings_share_a_key(spelling):
    assert name_key(spelling) == "societe generale"


def test_a_name_made_only_of_a_legal_form_keeps_it():
    assert tokens("ООО") == ("ooo",)


def test_different_names_get_different_keys():
    assert name_key("Газпром нефть") != name_key("Газпром")
    assert name_key("Lukoil") != name_key("Gazprom")


def test_apostrophes_are_dropped_and_dotted_forms_joined():
    assert name_key("L'Oréal S.p.A.") == "loreal"


def test_prefixes_of_a_cyrillic_name_find_the_latin_query():
    assert "gazp" in prefixes("Газпром")
    assert prefixes("ab", minimum=3) == ("ab",)
    with pytest.raises(ValueError, match="minimum"):
        prefixes("x", minimum=0)
