"""The search page, GET /api/v1/search and the search-as-you-type suggestions."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scientix.languages import LANGUAGE_CODES
from scientix.search import selectors
from scientix.search.lists import known_filters, page_number

# Query parameter -> facet, for the search page and the API.
FILTERS = {
    "type": "type", "subject": "subject", "language": "language", "age": "age_range", "country": "country",
    "licence": "licence", "programme": "funding_programme", "year": "year",
}
PAGE_FACETS = ["type", "language", "subject", "age_range", "country", "licence", "funding_programme", "year"]
API_NAMES = {facet: parameter for parameter, facet in FILTERS.items()}


class BadRequest(Exception):
    pass


def _api_request(params) -> selectors.SearchRequest:
    """Checks every parameter; anything it cannot use is a 400 with the reason, never a guess."""
    language = params.get("lang") or "en"
    if language not in LANGUAGE_CODES:
        raise BadRequest(f"lang: unknown language {language!r}; use one of {', '.join(LANGUAGE_CODES)}")
    filters = {}
    for parameter, facet in FILTERS.items():
        values = [value for raw in params.getlist(parameter) for value in raw.split(",") if value]
        if not values:
            continue
        known = selectors.known_values(facet)
        unknown = [value for value in values if value not in known]
        if unknown:
            raise BadRequest(f"{parameter}: unknown value {unknown[0][:80]!r}")
        filters[facet] = values
    page = _integer(params, "page", 1, minimum=1, maximum=10_000)
    page_size = _integer(params, "page_size", 20, minimum=0, maximum=selectors.MAX_PAGE_SIZE)
    sort = params.get("sort") or "relevance"
    if sort not in selectors.SORTS:
        raise BadRequest(f"sort: use one of {', '.join(selectors.SORTS)}")
    kinds = filters.pop("type", [])
    return selectors.SearchRequest(
        q=params.get("q", ""), language=language, kinds=kinds, filters=filters, sort=sort, page=page,
        page_size=page_size, facets=PAGE_FACETS,
    )


def _integer(params, name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name}: not a whole number") from None
    if not minimum <= value <= maximum:
        raise BadRequest(f"{name}: must be between {minimum} and {maximum}")
    return value


@require_GET
def api_search(request):
    try:
        search_request = _api_request(request.GET)
    except BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    result = selectors.search(search_request)
    return JsonResponse({
        "count": result.count,
        "page": result.page,
        "page_size": result.page_size,
        "results": [
            {"type": hit.kind, "id": hit.object_id, "title": hit.title, "language": hit.language,
             "url": request.build_absolute_uri(hit.url), "snippet": hit.snippet}
            for hit in result.hits
        ],
        "facets": {
            API_NAMES[group.name]: [{"value": v.value, "label": v.label, "count": v.count} for v in group.values]
            for group in result.facets
        },
    }, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_suggest(request):
    """Titles for search-as-you-type: the last word typed counts as the start of a word."""
    language = request.GET.get("lang") or "en"
    if language not in LANGUAGE_CODES:
        return JsonResponse({"error": f"lang: unknown language {language[:10]!r}"}, status=400)
    q = request.GET.get("q", "")
    if len(selectors.query.clean(q).strip()) < 2:
        return JsonResponse({"suggestions": []})
    result = selectors.search(selectors.SearchRequest(q=q, language=language, prefix=True, page_size=8))
    return JsonResponse({"suggestions": [
        {"title": hit.title, "url": hit.url, "type": hit.kind, "language": hit.language} for hit in result.hits
    ]}, json_dumps_params={"ensure_ascii": False})


def local_url(url: str, *, language: str, reader: str) -> str:
    """A version in another language, opened under the reader's prefix (it is served there with a notice)."""
    prefix = f"/{language}/"
    return f"/{reader}/" + url[len(prefix):] if url.startswith(prefix) and language != reader else url


@require_GET
def search_page(request):
    language = translation.get_language()
    params = request.GET
    filters = known_filters(params, FILTERS.items())
    q = selectors.query.clean(params.get("q", "")).strip()
    sort = params.get("sort") if params.get("sort") in selectors.SORTS else "relevance"
    search_request = selectors.SearchRequest(
        q=q, language=language, kinds=filters.pop("type", []), filters=filters, facets=PAGE_FACETS, sort=sort,
        page=page_number(params.get("page")),
    )
    searched = bool(q or filters or search_request.kinds)
    result = selectors.search(search_request) if searched else None
    page = None
    if result is not None:
        page = Paginator(range(result.count), search_request.page_size).get_page(result.page)
        for hit in result.hits:
            hit.url = local_url(hit.url, language=hit.language, reader=language)
        for group in result.facets:
            group.name = API_NAMES[group.name]
    query = params.copy()
    query.pop("page", None)
    return render(request, "search/search.html", {
        "q": q, "searched": searched, "result": result, "page_obj": page, "query": query.urlencode(),
        "head_title": _("Search"),
    })
