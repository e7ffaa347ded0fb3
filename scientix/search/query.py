"""From what someone typed to an engine query.

A query becomes a small tree (``All``/``Any`` of terms, phrases and facet
tokens) that each engine renders in its own syntax: FTS5's MATCH language or
PostgreSQL's tsquery. Every token is quoted by the renderer and comes out of
the analyser as letters and digits only, so no input can reach the engines'
query syntax: operators, brackets and quotes typed by people are just text.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from scientix.search import analysis, thesaurus

MAX_QUERY = 1000  # characters looked at
MAX_GROUPS = 32  # words or phrases
MAX_PHRASE = 8
MAX_LABEL_WORDS = 4  # longest subject label looked for in a query


@dataclass(frozen=True)
class Term:
    forms: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]


@dataclass(frozen=True)
class FacetToken:
    token: str  # "_subject=physics"


@dataclass(frozen=True)
class All:
    children: tuple


@dataclass(frozen=True)
class Any:
    children: tuple


def facet_token(name: str, value: str) -> str:
    return f"_{name}={value}"


@dataclass
class ParsedQuery:
    groups: list = field(default_factory=list)  # one node per word, phrase or recognised subject; AND-ed
    highlight: set = field(default_factory=set)  # terms to mark in snippets
    highlight_prefixes: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.groups)

    def node(self, *, any_group: bool = False):
        if not self.groups:
            return None
        if len(self.groups) == 1:
            return self.groups[0]
        return Any(tuple(self.groups)) if any_group else All(tuple(self.groups))


def clean(text: str) -> str:
    """Printable text only (no NUL, control or format characters), at most MAX_QUERY characters."""
    text = (text or "")[:MAX_QUERY]
    return "".join(char if unicodedata.category(char)[0] != "C" else " " for char in text)


def parse(text: str, *, language: str, prefix: bool = False) -> ParsedQuery:
    """Words AND-ed; "quoted words" as phrases; with ``prefix`` the last word also matches as a prefix.

    A word or run of words naming a subject of the thesaurus in any language
    also matches what is classified under that subject.
    """
    parsed = ParsedQuery()
    text = clean(text)
    # An unbalanced quote opens nothing: only pairs make phrases.
    pieces = re.split(r'"([^"]*)"', text)
    chunks: list[tuple[bool, list[str]]] = []
    for index, piece in enumerate(pieces):
        piece_words = analysis.words(piece.replace('"', " "))
        if piece_words:
            chunks.append((index % 2 == 1, piece_words))
    for is_phrase, chunk_words in chunks:
        if len(parsed.groups) >= MAX_GROUPS:
            break
        if is_phrase and len(chunk_words) > 1:
            terms = tuple(analysis.term_forms(word, language)[0] for word in chunk_words[:MAX_PHRASE])
            parsed.highlight.update(terms)
            parsed.groups.append(Phrase(terms))
            continue
        _add_words(parsed, chunk_words, language=language)
    if prefix and parsed.groups and isinstance(parsed.groups[-1], Term) and text.rstrip() == text and not text.endswith('"'):
        last = parsed.groups[-1]
        parsed.groups[-1] = Term(last.forms, prefix=True)
        parsed.highlight_prefixes.update(last.forms)
    parsed.groups = parsed.groups[:MAX_GROUPS]
    return parsed


def _add_words(parsed: ParsedQuery, chunk_words: list[str], *, language: str) -> None:
    position = 0
    while position < len(chunk_words) and len(parsed.groups) < MAX_GROUPS:
        match = _subject_at(chunk_words, position, language=language)
        if match:
            length, codes = match
            span = chunk_words[position:position + length]
            words_node = _word_node(span[0], language, parsed) if length == 1 else Phrase(
                tuple(analysis.term_forms(word, language)[0] for word in span))
            if length > 1:
                parsed.highlight.update(words_node.terms)
            tokens = tuple(FacetToken(facet_token("subject", code)) for code in codes)
            parsed.groups.append(Any((words_node, *tokens)))
            position += length
            continue
        parsed.groups.append(_word_node(chunk_words[position], language, parsed))
        position += 1


def _word_node(word: str, language: str, parsed: ParsedQuery) -> Term:
    forms = tuple(analysis.query_terms(word, language))
    parsed.highlight.update(forms)
    return Term(forms)


def _subject_at(chunk_words: list[str], position: int, *, language: str):
    """The longest run of words from ``position`` that is a subject's name, as (length, codes)."""
    for length in range(min(MAX_LABEL_WORDS, len(chunk_words) - position), 0, -1):
        codes = thesaurus.subjects_named(chunk_words[position:position + length], language=language)
        if codes:
            return length, codes
    return None


# Rendering -----------------------------------------------------------------

TEXT_COLUMNS = "{title_terms body_terms}"


def _fts_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def to_fts5(node) -> str:
    """SQLite FTS5 MATCH syntax; text terms are looked for in the text columns only."""
    if isinstance(node, Term):
        alternatives = [_fts_string(form) + (" *" if node.prefix else "") for form in node.forms]
        inner = alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
        return f"{TEXT_COLUMNS} : {inner}"
    if isinstance(node, Phrase):
        return f"{TEXT_COLUMNS} : " + _fts_string(" ".join(node.terms))
    if isinstance(node, FacetToken):
        return "facet_terms : " + _fts_string(node.token)
    joiner = " AND " if isinstance(node, All) else " OR "
    return "(" + joiner.join(to_fts5(child) for child in node.children) + ")"


def _ts_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


NO_LEXEME = "'_'"  # no document has it


def to_tsquery(node, *, words_only: bool = False) -> str:
    """PostgreSQL tsquery text (cast with ::tsquery, so lexemes are taken verbatim).

    ``words_only``: facet tokens match nothing (for the title vector, which has none).
    """
    if isinstance(node, Term):
        alternatives = [_ts_lexeme(form) + (":*" if node.prefix else "") for form in node.forms]
        return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(_ts_lexeme(term) for term in node.terms) + ")"
    if isinstance(node, FacetToken):
        return NO_LEXEME if words_only else _ts_lexeme(node.token)
    joiner = " & " if isinstance(node, All) else " | "
    return "(" + joiner.join(to_tsquery(child, words_only=words_only) for child in node.children) + ")"
