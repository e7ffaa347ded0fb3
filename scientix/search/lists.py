"""Repository list pages (/projects/, /resources/) served by the search layer.

A list is a search with no words (or with the words of its own search box),
limited to one kind; this turns the page's query string into a
``SearchRequest`` and the answer into what the list templates show: a Django
page of the items' specific pages, facets named after the query parameters,
the sort and the total.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator

from scientix.search import selectors
from scientix.vocabularies.browse import selected_codes

LIST_SORTS = ("newest", "title", "rating")


@dataclass
class ListFacet:
    parameter: str  # in the query string and the form
    facet: str  # in the index


@dataclass
class RepositoryList:
    page: object  # django.core.paginator.Page of specific pages
    facets: list
    sort: str
    total: int
    q: str


def list_request(params, *, language: str, kind: str, facets: list[ListFacet], sorts=LIST_SORTS,
                 page_size: int = 20) -> selectors.SearchRequest:
    """Filters from the query string; values no facet knows are dropped (a list never fails on them)."""
    filters = known_filters(params, [(facet.parameter, facet.facet) for facet in facets])
    q = selectors.query.clean(params.get("q", "")).strip()
    sort = params.get("sort") if params.get("sort") in sorts else ("relevance" if q else "newest")
    return selectors.SearchRequest(
        q=q, language=language, kinds=[kind], filters=filters, facets=[facet.facet for facet in facets], sort=sort,
        page=page_number(params.get("page")), page_size=page_size, with_hits=False,
    )


def known_filters(params, pairs) -> dict[str, list[str]]:
    """facet -> the codes chosen in the query string under ``parameter``, unknown ones dropped, for (parameter, facet) pairs."""
    filters = {}
    for parameter, facet in pairs:
        known = selectors.known_values(facet)
        codes = [code for code in selected_codes(params, parameter) if known is None or code in known]
        if codes:
            filters[facet] = codes
    return filters


def page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def repository_list(params, *, language: str, kind: str, facets: list[ListFacet], queryset,
                    sorts=LIST_SORTS) -> RepositoryList:
    """One page of a repository list; ``queryset`` loads the shown items (with what the template needs)."""
    request = list_request(params, language=language, kind=kind, facets=facets, sorts=sorts)
    result = selectors.search(request)
    page = Paginator(range(result.count), request.page_size).get_page(result.page)
    by_id = queryset.in_bulk(result.object_ids)
    page.object_list = [by_id[pk] for pk in result.object_ids if pk in by_id]
    parameters = {facet.facet: facet.parameter for facet in facets}
    for group in result.facets:
        group.name = parameters[group.name]
    return RepositoryList(page=page, facets=result.facets, sort=result.sort, total=result.count, q=request.q)


def repository_ids(params, *, language: str, kind: str, facets: list[ListFacet], sorts=LIST_SORTS) -> list[int]:
    """Every item of a filtered list, in order (CSV/JSON exports)."""
    request = list_request(params, language=language, kind=kind, facets=facets, sorts=sorts, page_size=0)
    request.facets, request.all_ids = [], True
    return selectors.search(request).object_ids
