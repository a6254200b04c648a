"""Search keys for the public registry: accent-insensitive, across scripts, prefix-searchable.

A holder name is reduced to a *key* so that spellings of the same name meet
(issue 6, "The public registry"):

1. transliterate every character to ASCII with ``anyascii`` (Cyrillic,
   Greek, Arabic, CJK... and accented Latin): ``Газпром`` → ``Gazprom``,
   ``Société`` → ``Societe``;
2. lowercase;
3. every run of characters other than ``a-z`` and ``0-9`` becomes one space
   (punctuation, quotes such as « », dashes, ampersands), and apostrophes
   are dropped (``L'Oréal`` → ``loreal``);
4. legal-form words (:data:`LEGAL_FORMS`: ``llc``, ``gmbh``, ``pao``,
   ``ooo``...) are removed when they stand as a separate word and something
   else remains, so ``ПАО «Газпром»`` and ``Gazprom`` share a key.

The rules are kept simple on purpose: a transliteration is one fixed
romanisation (``anyascii``'s), so a name romanised another way by its owner
(``Shch`` vs ``Sch``) gives another key; the registry stores both the
official and the English name of a holder (as IAF CertSearch does) and
indexes both.

>>> name_key("Gazprom") == name_key("ГАЗПРОМ") == name_key("Газпром") == name_key("ПАО «Газпром»")
True
>>> name_key("Société Générale S.A."), name_key("societe generale")
('societe generale', 'societe generale')
>>> prefixes("Газпром нефть", minimum=3)
('gaz', 'gazp', 'gazpr', 'gazpro', 'gazprom', 'nef', 'neft')
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata

from anyascii import anyascii

__all__ = ["LEGAL_FORMS", "name_key", "prefixes", "tokens"]

#: Legal-form words removed from names (as written after transliteration and lowercasing).
#: Not exhaustive, and not normative: common forms of the countries casys is used in first.
LEGAL_FORMS: frozenset[str] = frozenset(
    {
        # English-speaking
        "inc",
        "incorporated",
        "llc",
        "llp",
        "ltd",
        "limited",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        # German, Dutch, Nordic
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "bv",
        "nv",
        "ab",
        "as",
        "asa",
        "oy",
        "oyj",
        "aps",
        # French, Spanish, Italian, Portuguese
        "sa",
        "sas",
        "sarl",
        "sasu",
        "eurl",
        "sl",
        "srl",
        "spa",
        "sapa",
        "ltda",
        "sca",
        # Russian and CIS (after transliteration: ООО, ОАО, ЗАО, ПАО, АО, ИП)
        "ooo",
        "oao",
        "zao",
        "pao",
        "ao",
        "ip",
        "tov",
        "pat",
        # Polish, Czech, Turkish, Japanese, Chinese
        "sp",
        "zoo",
        "sro",
        "kk",
    }
)

_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
_WORD = re.compile(r"[a-z0-9]+")
_DOTTED = re.compile(r"\b([a-z])\.(?=[a-z]\b\.?)")


@functools.lru_cache(maxsize=1 << 17)
def _word_tokens(word: str) -> tuple[str, ...]:
    """The runs of ``a-z0-9`` of one word (split at the ASCII space), transliterated (NFKC, then
    anyascii), lowercased, apostrophes dropped and dotted single letters joined. Word by word,
    because names share their words (legal forms, "Group", towns...) and a word seen before is not
    worked again. Every step is local to a word: anyascii maps each character alone, NFKC composes
    nothing with a space, a space ends a run and is a word boundary of :data:`_DOTTED`, so the words'
    runs one after the other are the runs of the whole name."""
    text = (word if word.isascii() else anyascii(unicodedata.normalize("NFKC", word))).lower()
    if "'" in text or "`" in text:  # the other apostrophes are ASCII's after anyascii
        text = _APOSTROPHES.sub("", text)
    if "." in text:
        # "S.A." and "S.p.A." are legal forms written with dots: join single letters split by dots
        text = _DOTTED.sub(r"\1", text)
    return tuple(_WORD.findall(text))


def tokens(text: str) -> tuple[str, ...]:
    """The words of a name after transliteration, lowercasing and punctuation removal, legal forms dropped.

    >>> tokens("L'Oréal S.A."), tokens("ООО")
    (('loreal',), ('ooo',))
    """
    words = tuple(itertools.chain.from_iterable(map(_word_tokens, text.split(" "))))
    kept = tuple(itertools.filterfalse(LEGAL_FORMS.__contains__, words))
    return kept if kept else words


@functools.lru_cache(maxsize=1 << 17)
def _word_keys(word: str) -> tuple[str, str]:
    """A word's tokens joined by spaces: all of them, and those that are not a legal form."""
    words = _word_tokens(word)
    return " ".join(words), " ".join(itertools.filterfalse(LEGAL_FORMS.__contains__, words))


_ALL, _KEPT = operator.itemgetter(0), operator.itemgetter(1)


def name_key(text: str) -> str:
    """The search key of a name: its :func:`tokens` joined by single spaces.

    Word by word from :func:`_word_keys` (a registry import keys every row: this is 2x quicker than
    joining :func:`tokens`). A word without tokens gives "" and is left out, so the kept tokens
    joined are empty exactly when :func:`tokens` keeps none and falls back to all of them.

    >>> name_key("  Siemens   AG "), name_key("Ελληνικά Πετρέλαια"), name_key("ООО")
    ('siemens', 'ellinika petrelaia', 'ooo')
    """
    keys = list(map(_word_keys, text.split(" ")))
    return " ".join(filter(None, map(_KEPT, keys))) or " ".join(filter(None, map(_ALL, keys)))


def prefixes(text: str, minimum: int = 2) -> tuple[str, ...]:
    """Every prefix of at least ``minimum`` characters of every token, for prefix search (as-you-type).

    A token shorter than ``minimum`` gives itself.
    """
    if minimum < 1:
        raise ValueError(f"minimum: {minimum} must be at least 1")
    out: list[str] = []
    for word in tokens(text):
        if len(word) < minimum:
            out.append(word)
            continue
        out.extend(word[:n] for n in range(minimum, len(word) + 1))
    return tuple(dict.fromkeys(out))
