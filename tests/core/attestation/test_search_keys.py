"""Registry search keys: accent-insensitive, across scripts, prefixes."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casys.core import search_keys
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


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _whole_string_tokens(text: str) -> tuple[str, ...]:
    """The key as it was computed before words were transliterated one by one: the whole name at once."""
    import unicodedata

    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFKC", text))
    ascii_text = search_keys._APOSTROPHES.sub("", ascii_text.lower())
    ascii_text = re.sub(r"\b([a-z])\.(?=[a-z]\b\.?)", r"\1", ascii_text)
    words = tuple(w for w in _NON_ALNUM.sub(" ", ascii_text).split() if w)
    kept = tuple(w for w in words if w not in search_keys.LEGAL_FORMS)
    return kept if kept else words


#: characters where word-by-word could differ from the whole string: spaces of every kind,
#: compatibility characters that NFKC expands (with a space: U+00B4, U+00A8), combining marks,
#: apostrophes, dots of legal forms, and letters of several scripts
_ODD_CHARS = (
    " \t\n\u00a0\u2028\u3000\u200b\u00b4\u00a8\u0301\u0308'\u2019.-ﬀ①㈱Ωσς"
    "ЁёГазпромΕλληνικάÅöłž株式会社テストعربي"
)


@given(st.text(alphabet=st.sampled_from(_ODD_CHARS + "abcSAGmbhoo"), max_size=24))
@settings(max_examples=3000, deadline=None)
def test_a_key_made_word_by_word_is_the_key_of_the_whole_name(text: str) -> None:
    assert search_keys.tokens(text) == _whole_string_tokens(text)


@given(st.text(max_size=30))
@settings(max_examples=3000, deadline=None)
def test_a_key_made_word_by_word_is_the_key_of_the_whole_name_for_any_text(text: str) -> None:
    assert search_keys.tokens(text) == _whole_string_tokens(text)


_LEGAL_WORDS = st.sampled_from(
    ["SA", "S.A.", "AG", "GmbH", "OOO", "ООО", "Ltd", "sp.", "z", "o.o.", "Acme", "Ωmega", "", "Co"]
)


@given(
    st.lists(_LEGAL_WORDS, max_size=6).map(" ".join)
    | st.text(alphabet=st.sampled_from(_ODD_CHARS + "abcSAGmbhoo"), max_size=24)
)
@settings(max_examples=3000, deadline=None)
def test_the_name_key_made_from_each_word_s_keys_is_the_tokens_joined(text: str) -> None:
    # name_key joins per-word keys (legal forms left out unless the name has nothing else); the
    # reference is the whole name at once, tokens then join
    assert search_keys.name_key(text) == " ".join(_whole_string_tokens(text))


@given(st.text(max_size=30))
@settings(max_examples=3000, deadline=None)
def test_the_name_key_made_from_each_word_s_keys_is_the_tokens_joined_for_any_text(text: str) -> None:
    assert search_keys.name_key(text) == " ".join(_whole_string_tokens(text))
