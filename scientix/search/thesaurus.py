"""Subject names in the 24 languages, for cross-lingual search.

"Physik", "fyzika" or "physique" typed in any language also finds what is
classified under Physics, whatever language the material is written in.
A name is recognised as typed (folded) or by its terms in the query's
language or in the name's own language.
"""

from functools import lru_cache

from scientix.search import analysis


@lru_cache(maxsize=1)
def _names() -> dict[tuple[str, ...], frozenset[str]]:
    from scientix.vocabularies.models import Term

    names: dict[tuple[str, ...], set[str]] = {}
    for code, labels in Term.objects.filter(vocabulary="subject").values_list("code", "labels"):
        for language, label in (labels or {}).items():
            label_words = analysis.words(label)
            if not label_words:
                continue
            names.setdefault(tuple(analysis.fold(word) for word in label_words), set()).add(code)
            names.setdefault(tuple(analysis.term_forms(word, language)[0] for word in label_words), set()).add(code)
    return {key: frozenset(codes) for key, codes in names.items()}


def subjects_named(query_words: list[str], *, language: str) -> list[str]:
    names = _names()
    found = names.get(tuple(analysis.fold(word) for word in query_words))
    found = found or names.get(tuple(analysis.term_forms(word, language)[0] for word in query_words))
    return sorted(found or ())


def forget() -> None:
    """Called when subject terms change."""
    _names.cache_clear()
