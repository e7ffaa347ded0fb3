"""Highlighted snippets, cut from the original text (the index holds terms, not prose)."""

from dataclasses import dataclass, field

from django.utils.html import escape

from scientix.search import analysis

SNIPPET_WORDS = 30
LOOK_AT = 1500  # characters of a text searched for the best passage


@dataclass
class Marker:
    terms: set
    prefixes: set
    language: str
    _seen: dict = field(default_factory=dict)
    _starts: set = field(default_factory=set)

    def __post_init__(self):
        # Stems keep the start of their word: a word whose first two letters start no
        # query term cannot match, which spares stemming most words of a text.
        self._starts = {term[:2] for term in self.terms | self.prefixes}

    def _matches(self, word: str) -> bool:
        if word not in self._seen:
            if analysis.fold(word[:2]) not in self._starts:
                self._seen[word] = False
                return False
            forms = analysis.term_forms(word, self.language)
            self._seen[word] = any(form in self.terms for form in forms) or any(
                form.startswith(prefix) for form in forms for prefix in self.prefixes)
        return self._seen[word]

    def _spans(self, text: str):
        return [(m.start(), m.end(), self._matches(m.group())) for m in analysis.WORD.finditer(text)]

    def whole(self, text: str) -> str:
        return self._render(text, self._spans(text), 0, len(text))

    def snippet(self, text: str) -> str:
        """About SNIPPET_WORDS words around the densest run of matched words, with ellipses where cut."""
        text = (text or "")[:LOOK_AT]
        spans = self._spans(text)
        if not spans:
            return ""
        best_start, best_hits = 0, -1
        hits = 0
        for index, span in enumerate(spans):
            hits += span[2]
            if index >= SNIPPET_WORDS:
                hits -= spans[index - SNIPPET_WORDS][2]
            start = max(0, index - SNIPPET_WORDS + 1)
            if hits > best_hits:
                best_start, best_hits = start, hits
        if best_hits > 0:
            best_start = max(0, best_start - 3)  # a little context before the first match
        window = spans[best_start: best_start + SNIPPET_WORDS]
        begin = 0 if best_start == 0 else window[0][0]
        end = window[-1][1] if best_start + SNIPPET_WORDS < len(spans) else len(text)
        html = self._render(text, window, begin, end)
        return ("… " if begin else "") + html + (" …" if end < len(text) else "")

    def _render(self, text: str, spans, begin: int, end: int) -> str:
        parts, position = [], begin
        for start, stop, matched in spans:
            if not matched or start < begin or stop > end:
                continue
            parts.append(escape(text[position:start]))
            parts.append(f"<mark>{escape(text[start:stop])}</mark>")
            position = stop
        parts.append(escape(text[position:end]))
        return "".join(parts).strip()
