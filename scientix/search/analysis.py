"""Turning text into index terms, one language at a time.

Both engines index the terms this module produces (space-separated), so
SQLite and PostgreSQL see exactly the same tokens and answer alike.

A word is stemmed with its language's Snowball stemmer and then case- and
accent-folded. Typing without accents must still match, and a few stemmers
cut differently when the accents are missing (Portuguese "educação" → "educ"
but "educacao" → "educaca"), so where stemming the folded word gives another
term, that term is indexed too, after the running text (it takes no part in
phrases).
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Snowball has 18 of the 24 EU languages. The other six take the stemmer of
# the closest language Snowball has (same family, same kind of endings);
# Maltese (Semitic roots, no Snowball stemmer near it) is folded only.
SNOWBALL = {
    "cs": "czech", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "et": "estonian", "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "it": "italian",
    "lt": "lithuanian", "nl": "dutch", "pl": "polish", "pt": "portuguese", "ro": "romanian", "sv": "swedish",
}
NEAREST = {"bg": "russian", "hr": "serbian", "sl": "serbian", "sk": "czech", "lv": "lithuanian", "mt": None}

WORD = re.compile(r"[^\W_]+")
MAX_WORD = 60  # longer "words" are noise (hashes, base64); cut so they cannot bloat the index


@lru_cache(maxsize=None)
def _stemmer(language: str):
    algorithm = SNOWBALL.get(language, NEAREST.get(language))
    return Stemmer.Stemmer(algorithm) if algorithm else None


# Letters with a stroke or ligatures do not decompose into letter + accent.
UNDECOMPOSABLE = str.maketrans({"ħ": "h", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "ŧ": "t"})


def fold(word: str) -> str:
    """Lower case without accents: "Énergie" → "energie", "Straße" → "strasse", "Ħal" → "hal"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(UNDECOMPOSABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return [word[:MAX_WORD] for word in WORD.findall(text or "")]


def term_forms(word: str, language: str) -> tuple[str, str]:
    """The indexed term of ``word`` and the term of its accent-less spelling (often the same)."""
    stemmer = _stemmer(language)
    # lower(), not casefold(): casefold spells some letters out ("ΐ" becomes three
    # characters), which the stemmers do not expect; fold() casefolds afterwards.
    lowered = word.lower()
    if stemmer is None:
        folded = fold(lowered)
        return folded, folded
    return fold(stemmer.stemWord(lowered)), stemmer.stemWord(fold(lowered))


def analyse(text: str, language: str) -> str:
    """Index terms of ``text``: the running terms, then the accent-less alternatives."""
    main, alternatives = [], []
    seen_alternatives = set()
    for word in words(text):
        term, unaccented = term_forms(word, language)
        main.append(term)
        if unaccented != term and unaccented not in seen_alternatives:
            seen_alternatives.add(unaccented)
            alternatives.append(unaccented)
    return " ".join(main + alternatives)


def query_terms(word: str, language: str) -> list[str]:
    """What a typed word may match: its term, and its term as if typed without accents."""
    term, unaccented = term_forms(word, language)
    return [term] if term == unaccented else [term, unaccented]
