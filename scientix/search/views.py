"""The search page. Its JSON twin, GET /api/v1/search (and /suggest), is in scientix.api."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scientix.search import selectors
from scientix.search.lists import known_filters, page_number

# Query parameter -> facet, for the search page (the API uses the same names).
FILTERS = {
    "type": "type", "subject": "subject", "language": "language", "age": "age_range", "country": "country",
    "licence": "licence", "programme": "funding_programme", "year": "year",
}
PAGE_FACETS = ["type", "language", "subject", "age_range", "country", "licence", "funding_programme", "year"]
API_NAMES = {facet: parameter for parameter, facet in FILTERS.items()}


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
