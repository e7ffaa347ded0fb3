"""Highlighted snippets, cut from the original text (the index holds terms, not prose).

Looking at every word of every hit was most of a search's time, so candidates are
found with one regular expression over an accent-folded copy of the text (same
length, so positions carry over): a matched word starts with one of the query's
terms. Only candidates are stemmed to confirm the match.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape

from scientix.search import analysis

LOOK_AT = 3000  # characters of a text searched for the best passage
SNIPPET_CHARS = 220
BEFORE = 40  # characters of context before the first match

_FOLD_TABLE: dict[int, str] = {}  # grows with the characters met: "é" -> "e"


def _folded_same_length(text: str) -> str | None:
    """Lower case, accents removed, one character for one; None if that cannot keep positions."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None  # e.g. "İ" lowers to two characters
    if lowered.isascii():
        return lowered
    for char in set(lowered):
        if ord(char) not in _FOLD_TABLE and not char.isascii():
            folded = analysis.fold(char)
            _FOLD_TABLE[ord(char)] = folded[0] if folded else char
    return lowered.translate(_FOLD_TABLE)


@dataclass
class Marker:
    terms: set
    prefixes: set
    language: str
    _seen: dict = field(default_factory=dict)
    _pattern: object = None

    def __post_init__(self):
        starts = sorted({start for start in self.terms | self.prefixes if start}, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, starts)) + r")[^\W_]*") if starts else None

    def _matches(self, word: str) -> bool:
        if word not in self._seen:
            forms = analysis.term_forms(word, self.language)
            self._seen[word] = any(form in self.terms for form in forms) or any(
                form.startswith(prefix) for form in forms for prefix in self.prefixes)
        return self._seen[word]

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the matched words."""
        if self._pattern is None:
            return []
        folded = _folded_same_length(text)
        if folded is None:
            return [m.span() for m in analysis.WORD.finditer(text) if self._matches(m.group())]
        return [(start, end) for start, end in (m.span() for m in self._pattern.finditer(folded))
                if self._matches(text[start:end])]

    def whole(self, text: str) -> str:
        return _render(text, self._spans(text), 0, len(text))

    def snippet(self, text: str) -> str:
        """About SNIPPET_CHARS characters around the densest run of matched words, with ellipses where cut."""
        text = (text or "")[:LOOK_AT]
        spans = self._spans(text)
        begin = 0
        if spans:
            # The match with most other matches in the window after it.
            best = max(range(len(spans)), key=lambda i: sum(1 for s in spans[i:] if s[0] < spans[i][0] + SNIPPET_CHARS))
            begin = _word_start(text, max(0, spans[best][0] - BEFORE))
        end = _word_end(text, begin + SNIPPET_CHARS)
        html = _render(text, spans, begin, end)
        return ("… " if begin else "") + html + (" …" if end < len(text) else "")


def _word_start(text: str, position: int) -> int:
    if position <= 0:
        return 0
    space = text.rfind(" ", 0, position)
    return space + 1 if space >= 0 else 0


def _word_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.find(" ", position)
    return space if space >= 0 else len(text)


def _render(text: str, spans, begin: int, end: int) -> str:
    parts, position = [], begin
    for start, stop in spans:
        if start < begin or stop > end:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        position = stop
    parts.append(escape(text[position:end]))
    return "".join(parts).strip()
