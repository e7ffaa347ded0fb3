"""The one query path: full text + filters + facet counts + sort + pages + snippets.

The search page, the repository lists and ``GET /api/v1/search`` all call
``search``. The engine finds and ranks the matching documents (one SQL
statement); collapsing language versions, counting facets and sorting happen
here, identically for SQLite and PostgreSQL.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from scientix.languages import LANGUAGE_CODES
from scientix.search import engines, query, registry, snapshot, snippets
from scientix.vocabularies.classification import VOCABULARY_LABELS

SORTS = ("relevance", "newest", "title", "rating", "start")
MAX_PAGE_SIZE = 100

STATUS_LABELS = {"planned": _("Planned"), "active": _("Active"), "finished": _("Finished")}
# Values of facets that are neither vocabularies nor languages, types or countries
# (e.g. a resource's kind), registered by their apps: name -> {code: label}.
VALUE_LABELS: dict[str, dict[str, object]] = {"status": STATUS_LABELS}
VOCABULARY_FACETS = ("subject", "target_group", "resource_type", "end_user_role", "education_level", "age_range",
                     "funding_programme", "licence")
FACET_LABELS = {
    "type": _("Type"), "language": _("Language"), "country": _("Country"), "status": _("Status"), "year": _("Year"),
    "kind": _("Kind"), **VOCABULARY_LABELS,
}


@dataclass
class SearchRequest:
    q: str = ""
    language: str = "en"  # of the query, of the labels, and the version preferred when an item has several
    kinds: list[str] = field(default_factory=list)  # empty: every registered kind
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> codes: AND across facets, OR within
    facets: list[str] = field(default_factory=list)  # facets to count
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    prefix: bool = False  # search-as-you-type: the last word is a prefix
    with_hits: bool = True  # False: only ids and counts (lists load their own pages)
    all_ids: bool = False  # every matching item's id in order (exports), not only this page's


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Hit:
    kind: str
    object_id: int
    language: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    title_html: str
    score: float
    kind_label: str = ""


@dataclass
class SearchResult:
    count: int
    hits: list[Hit]
    facets: list[FacetGroup]
    page: int
    page_size: int
    sort: str
    object_ids: list[int]  # page ids of this page's items (of every item with ``all_ids``)
    any_word: bool = False  # no item had every word, so items with any of them are shown


def search(request: SearchRequest) -> SearchResult:
    parsed = query.parse(request.q, language=request.language, prefix=request.prefix)
    snap = snapshot.current()
    kinds = [kind for kind in request.kinds if kind in registry.KINDS]
    filters = {name: codes for name, codes in request.filters.items() if codes}
    # Asked only for kinds that do not exist: nothing, rather than everything.
    allowed = snap.filtered(kinds=kinds, filters=filters) if kinds or not request.kinds else 0
    document_scores: dict[int, float] = {}
    item_scores = None
    any_word = False
    matched = allowed
    if parsed and allowed:
        # Filters go into the engine's match too: it then returns only documents that pass them.
        filter_nodes = _filter_nodes(snap, kinds, filters)
        words, subject_items = _words_and_subjects(snap, parsed)
        document_scores, item_scores, matched = _text_matches(snap, words, filter_nodes, allowed)
        matched |= subject_items & allowed
        if not matched and len(parsed.groups) > 1:
            document_scores, item_scores, matched = _text_matches(
                snap, parsed.node(any_group=True), filter_nodes, allowed)
            any_word = bool(matched)
    elif parsed:
        matched = 0
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "relevance" and not parsed:
        sort = "newest"
    count = matched.bit_count()
    page_size = max(0, min(request.page_size, MAX_PAGE_SIZE))
    pages = max(1, -(-count // page_size)) if page_size else 1
    page = min(max(1, request.page), pages)
    limit = None if request.all_ids else page * page_size
    ordered = snap.page_of(matched, count, sort=sort, scores=item_scores, limit=limit) if (limit or request.all_ids) else []
    shown = ordered[(page - 1) * page_size: page * page_size] if page_size else []
    wanted_languages = filters.get("language", [])
    shown_documents = [_version(snap, item, request.language, wanted_languages, document_scores) for item in shown]
    if request.all_ids:
        object_ids = [snap.object_of[_version(snap, item, request.language, wanted_languages, document_scores)]
                      for item in ordered]
    else:
        object_ids = [snap.object_of[document] for document in shown_documents]
    with translation.override(request.language):
        facets = [_group(name, snap.counts(matched, name), request.filters.get(name, [])) for name in request.facets]
    return SearchResult(
        count=count, page=page, page_size=page_size, sort=sort, facets=facets, object_ids=object_ids,
        hits=_hits(shown_documents, parsed, document_scores) if request.with_hits else [], any_word=any_word,
    )


PUSH_DOWN_SHARE = 0.6


def _words_and_subjects(snap, parsed: query.ParsedQuery):
    """A one-group query naming a subject ("Biologie"): the engine matches the word, the
    bitmaps add what is classified under the subject (scoreless, after the word's matches).

    A subject covers thousands of items; ranking them all in the engine was the cost.
    """
    group = parsed.node()
    if not isinstance(group, query.Any) or not any(isinstance(c, query.FacetToken) for c in group.children):
        return group, 0
    words = [child for child in group.children if not isinstance(child, query.FacetToken)]
    subject_items = 0
    for child in group.children:
        if isinstance(child, query.FacetToken):
            subject_items |= snap.tokens.get(child.token, 0)
    return (words[0] if len(words) == 1 else query.Any(tuple(words))), subject_items


def _filter_nodes(snap, kinds: list[str], filters: dict[str, list[str]]) -> list:
    """The selective filters as index tokens, for the engine to apply while matching.

    A filter most items pass (e.g. type=resource) would only make the engine walk a
    long list; the bitmaps apply every filter anyway. Status depends on today: bitmaps only.
    """
    groups = [("type", kinds)] if kinds else []
    groups += [(name, codes) for name, codes in filters.items() if name != "status"]
    nodes = []
    for name, codes in groups:
        passing = 0
        for code in codes:
            passing |= snap.token_bits(name, code)
        if passing.bit_count() <= PUSH_DOWN_SHARE * len(snap.keys):
            nodes.append(query.Any(tuple(query.FacetToken(query.facet_token(name, code)) for code in codes)))
    return nodes


def _all(node, others: list):
    return query.All((node, *others)) if others else node


def _text_matches(snap, words, filter_nodes: list, allowed: int):
    """Documents matching the words, their items' best scores, and the bitmap of those items within ``allowed``."""
    document_scores = dict(engines.matching_rows(_all(words, filter_nodes), words=words))
    item_scores: dict[int, float] = {}
    item_of = snap.item_of
    for document, score in document_scores.items():
        item = item_of.get(document)
        if item is not None and score >= item_scores.get(item, -1e300):
            item_scores[item] = score
    matched = snapshot.bitmap(item_scores) & allowed
    if matched.bit_count() != len(item_scores):  # the status filter (bitmaps only) left some out
        kept = set(snapshot.members(matched))
        item_scores = {item: score for item, score in item_scores.items() if item in kept}
    return document_scores, item_scores, matched


def _version(snap, item: int, reader: str, languages: list[str], scores: dict[int, float]) -> int:
    """Which language version of an item to show: in a filtered language if any, the reader's if
    it exists, else the version that matched best, else the first indexed (usually the original)."""
    versions = snap.versions[item]
    candidates = [version for version in versions if version[0] in languages] or versions
    for language, document in candidates:
        if language == reader:
            return document
    if scores:
        return max(candidates, key=lambda version: scores.get(version[1], float("-inf")))[1]
    return candidates[0][1]


def _group(name: str, counts: dict[str, int], selected: list[str]) -> FacetGroup:
    # Years have no fixed list: the ones found, newest first.
    choices = value_choices(name) if name != "year" else [(year, year, 0) for year in sorted(counts, reverse=True)]
    values = [
        FacetValue(value=code, label=label, count=counts.get(code, 0), selected=code in selected, depth=depth)
        for code, label, depth in choices if counts.get(code) or code in selected
    ]
    return FacetGroup(name=name, label=str(FACET_LABELS.get(name, name)), values=values)


def value_choices(name: str) -> list[tuple[str, str, int]]:
    """Every value a facet can take, in display order, labelled in the active language: (code, label, depth)."""
    if name in VOCABULARY_FACETS:
        language = translation.get_language() or "en"
        return [(code, labels.get(language) or labels.get("en") or code, depth)
                for vocabulary, code, labels, depth in vocabulary_terms() if vocabulary == name]
    if name == "language":
        return [(code, translation.get_language_info(code)["name_local"], 0) for code in LANGUAGE_CODES]
    if name == "country":
        return [(code, str(label), 0) for code, label in countries]
    if name == "type":
        return [(kind.name, str(kind.label), 0) for kind in registry.KINDS.values()]
    if name in VALUE_LABELS:
        return [(code, str(label), 0) for code, label in VALUE_LABELS[name].items()]
    return []


@lru_cache(maxsize=1)
def vocabulary_terms() -> list[tuple[str, str, dict, int]]:
    """(vocabulary, code, labels, depth) of every term in display order; read once per process.

    Cleared when a term is saved (signals); codes, not ids, so it survives a database reset in tests.
    """
    from scientix.vocabularies.models import Term

    return [(term.vocabulary, term.code, term.labels, 1 if term.parent_id else 0)
            for term in Term.objects.order_by("vocabulary", "sort_order", "code")]


def known_values(name: str) -> set[str] | None:
    """The values a filter accepts, or None when ``name`` is no facet."""
    if name not in FACET_LABELS:
        return None
    if name == "year":
        return {str(year) for year in range(1950, 2100)}
    return {code for code, _label, _depth in value_choices(name)}


def _hits(documents: list[int], parsed: query.ParsedQuery, scores: dict[int, float]) -> list[Hit]:
    shown = engines.display_rows(documents)
    hits = []
    markers: dict[str, snippets.Marker] = {}  # one per language: words seen in one hit are known in the next
    for document in documents:
        _id, kind, object_id, language, title, url, body = shown[document]
        marks = markers.get(language) or markers.setdefault(language, snippets.Marker(
            terms=parsed.highlight, prefixes=parsed.highlight_prefixes, language=language))
        hits.append(Hit(
            kind=kind, object_id=object_id, language=language, title=title, url=url,
            snippet=marks.snippet(body), title_html=marks.whole(title), score=scores.get(document, 0.0),
            kind_label=str(registry.KINDS[kind].label) if kind in registry.KINDS else kind,
        ))
    return hits
