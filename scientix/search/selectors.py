"""The one query path: full text + filters + facet counts + sort + pages + snippets.

The search page, the repository lists and ``GET /api/v1/search`` all call
``search``. The engine finds and ranks the matching documents (one SQL
statement); collapsing language versions, counting facets and sorting happen
here, identically for SQLite and PostgreSQL.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from scientix.languages import LANGUAGE_CODES
from scientix.search import engines, query, registry, snippets

SORTS = ("relevance", "newest", "title", "rating")
MAX_PAGE_SIZE = 100

STATUS_LABELS = {"planned": _("Planned"), "active": _("Active"), "finished": _("Finished")}
# Values of facets that are neither vocabularies nor languages, types or countries
# (e.g. a resource's kind), registered by their apps: name -> {code: label}.
VALUE_LABELS: dict[str, dict[str, object]] = {"status": STATUS_LABELS}
VOCABULARY_FACETS = ("subject", "target_group", "resource_type", "end_user_role", "education_level", "age_range",
                     "funding_programme", "licence")
FACET_LABELS = {
    "type": _("Type"), "language": _("Language"), "country": _("Country"), "status": _("Status"), "year": _("Year"),
    "kind": _("Kind"), "subject": _("Subjects"), "target_group": _("Target groups"),
    "resource_type": _("Learning resource types"), "end_user_role": _("Intended end-user roles"),
    "education_level": _("Education levels"), "age_range": _("Age ranges"), "funding_programme": _("Funding programme"),
    "licence": _("Licence"),
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
    object_ids: list[int]  # every matching item in order (exports), not just this page
    any_word: bool = False  # no item had every word, so items with any of them are shown

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size)) if self.page_size else 1


# Row positions, as engines.COLUMNS + score.
ID, KIND, OBJECT_ID, KEY, LANGUAGE, FACETS, PUBLISHED, STARTS, ENDS, RATING, TITLE, SCORE = range(12)


def search(request: SearchRequest) -> SearchResult:
    parsed = query.parse(request.q, language=request.language, prefix=request.prefix)
    filters = _filter_nodes(request)
    rows = engines.matching_rows(_combined(parsed.node(), filters))
    any_word = False
    if not rows and len(parsed.groups) > 1:
        rows = engines.matching_rows(_combined(parsed.node(any_group=True), filters))
        any_word = bool(rows)
    statuses = request.filters.get("status")
    if statuses:
        today = date.today()
        rows = [row for row in rows if _status(row, today) in statuses]
    items = _collapsed(rows, language=request.language)
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "relevance" and not parsed:
        sort = "newest"
    _sort(items, sort)
    page_size = max(0, min(request.page_size, MAX_PAGE_SIZE))
    pages = max(1, -(-len(items) // page_size)) if page_size else 1
    page = min(max(1, request.page), pages)
    shown = items[(page - 1) * page_size: page * page_size] if page_size else []
    return SearchResult(
        count=len(items), hits=_hits(shown, parsed, request.language) if request.with_hits else [], page=page, page_size=page_size, sort=sort,
        facets=_facets(request, rows, items), object_ids=[row[OBJECT_ID] for row in items], any_word=any_word,
    )


def _filter_nodes(request: SearchRequest) -> list:
    nodes = []
    kinds = [kind for kind in request.kinds if kind in registry.KINDS]
    if request.kinds:
        # Asked for kinds none of which exists: match nothing rather than everything.
        nodes.append(query.Any(tuple(query.FacetToken(query.facet_token("type", kind)) for kind in kinds or ["-"])))
    for name, codes in request.filters.items():
        if codes and name != "status":
            nodes.append(query.Any(tuple(query.FacetToken(query.facet_token(name, code)) for code in codes)))
    return nodes


def _combined(text_node, filter_nodes: list):
    nodes = ([text_node] if text_node is not None else []) + filter_nodes
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else query.All(tuple(nodes))


def _status(row, today: date) -> str | None:
    starts, ends = row[STARTS], row[ENDS]
    if starts is None and ends is None:
        return None
    starts, ends = _as_date(starts), _as_date(ends)
    if ends is not None and ends < today:
        return "finished"
    if starts is not None and starts > today:
        return "planned"
    return "active"


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _collapsed(rows: list[tuple], *, language: str) -> list[list]:
    """One row per item: the reader's language version if it matched, else the best-scoring one.

    The item keeps the best score of all its matching versions.
    """
    best: dict = {}
    for row in rows:
        current = best.get(row[KEY])
        if current is None:
            best[row[KEY]] = list(row)
            continue
        score = max(current[SCORE], row[SCORE])
        if (row[LANGUAGE] == language, row[SCORE], -row[ID]) > (current[LANGUAGE] == language, current[SCORE], -current[ID]):
            best[row[KEY]] = list(row)
        best[row[KEY]][SCORE] = score
    return list(best.values())


def _sort(items: list[list], sort: str) -> None:
    # Stable sorts, least important key first.
    items.sort(key=lambda row: row[ID], reverse=True)
    if sort == "title":
        items.sort(key=lambda row: row[TITLE])
        return
    items.sort(key=lambda row: (row[PUBLISHED] is not None, row[PUBLISHED] or ""), reverse=True)
    if sort == "relevance":
        items.sort(key=lambda row: row[SCORE], reverse=True)
    elif sort == "rating":
        items.sort(key=lambda row: (row[RATING] is not None, row[RATING] or 0), reverse=True)


def _facets(request: SearchRequest, rows: list[tuple], items: list[list]) -> list[FacetGroup]:
    wanted = set(request.facets)
    if not wanted:
        return []
    # Counter over all tokens runs in C; the few hundred distinct tokens are split afterwards.
    tokens = Counter(token for row in items for token in row[FACETS].split())
    counts: dict[str, dict[str, int]] = {name: {} for name in wanted}
    for token, count in tokens.items():
        name, _sep, value = token[1:].partition("=")
        if name in wanted and name != "language":
            counts[name][value] = count
    if "language" in wanted:
        # An item counts once for each language it is available in (among the matches).
        pairs = {(row[KEY], row[LANGUAGE]) for row in rows}
        counts["language"] = dict(Counter(language for _key, language in pairs))
    if "status" in wanted:
        today = date.today()
        counts["status"] = dict(Counter(status for row in items if (status := _status(row, today))))
    with translation.override(request.language):
        return [_group(name, counts[name], request.filters.get(name, [])) for name in request.facets]


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


def _hits(items: list[list], parsed: query.ParsedQuery, language: str) -> list[Hit]:
    shown = engines.display_rows([row[ID] for row in items])
    hits = []
    for row in items:
        _id, title, url, body = shown[row[ID]]
        marks = snippets.Marker(terms=parsed.highlight, prefixes=parsed.highlight_prefixes, language=row[LANGUAGE])
        hits.append(Hit(
            kind=row[KIND], object_id=row[OBJECT_ID], language=row[LANGUAGE], title=title, url=url,
            snippet=marks.snippet(body), title_html=marks.whole(title), score=row[SCORE],
            kind_label=str(registry.KINDS[row[KIND]].label) if row[KIND] in registry.KINDS else row[KIND],
        ))
    return hits
