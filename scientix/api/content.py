"""The content types the API serves; adding one is a few lines here.

    register(ContentType(
        path="events", kind="event", schema=schemas.Event, list_schema=schemas.EventList,
        queryset=selectors.event_queryset, serialise=selectors.event_data,
        filters={"language": "language", "country": "country", "year": "year"},
    ))

plus the item's schema and serialiser: ``GET /api/v1/events`` and
``/api/v1/events/{id}`` then exist with q, the filters, sort, pages and lang,
and are in the OpenAPI document. ``kind`` is the name the type registered
under in the search layer (``search.registry``), which does the querying.
"""

from collections.abc import Callable
from dataclasses import dataclass

from scientix.api import schemas, selectors


@dataclass(frozen=True)
class ContentType:
    path: str  # /api/v1/<path>
    kind: str  # search.registry kind
    label: str  # plural, for the OpenAPI document
    schema: type
    list_schema: type
    queryset: Callable
    serialise: Callable
    filters: dict[str, str]  # query parameter -> search facet
    sorts: tuple[str, ...] = ("newest", "title")


CONTENT_TYPES: list[ContentType] = []


def register(content: ContentType) -> ContentType:
    CONTENT_TYPES.append(content)
    return content


register(ContentType(
    path="projects", kind="project", label="projects", schema=schemas.Project, list_schema=schemas.ProjectList,
    queryset=selectors.project_queryset, serialise=selectors.project_data,
    filters={"language": "language", "status": "status", "country": "country", "programme": "funding_programme",
             "subject": "subject", "target_group": "target_group", "age": "age_range", "year": "year"},
))
register(ContentType(
    path="resources", kind="resource", label="resources", schema=schemas.Resource, list_schema=schemas.ResourceList,
    queryset=selectors.resource_queryset, serialise=selectors.resource_data,
    filters={"language": "language", "kind": "kind", "resource_type": "resource_type", "subject": "subject",
             "education_level": "education_level", "age": "age_range", "end_user_role": "end_user_role",
             "licence": "licence", "year": "year"},
    sorts=("newest", "title", "rating"),
))
register(ContentType(
    path="collections", kind="collection", label="collections", schema=schemas.Collection,
    list_schema=schemas.CollectionList, queryset=selectors.collection_queryset, serialise=selectors.collection_data,
    filters={"language": "language", "year": "year"},
))
register(ContentType(
    path="events", kind="event", label="events", schema=schemas.Event, list_schema=schemas.EventList,
    queryset=selectors.event_queryset, serialise=selectors.event_data,
    filters={"language": "language", "event_type": "event_type", "country": "country", "subject": "subject",
             "audience": "target_group", "status": "status", "year": "year"},
    sorts=("start", "newest", "title"),  # start: soonest first
))
# News, blog and Observatory (scientix.editorial).
register(ContentType(
    path="news", kind="news", label="news items", schema=schemas.NewsItem, list_schema=schemas.NewsList,
    queryset=selectors.news_queryset, serialise=selectors.news_data,
    filters={"language": "language", "subject": "subject", "year": "year"},
))
register(ContentType(
    path="blog", kind="blog", label="blog posts", schema=schemas.BlogPost, list_schema=schemas.BlogPostList,
    queryset=selectors.blog_queryset, serialise=selectors.news_data,
    filters={"language": "language", "subject": "subject", "year": "year"},
))
register(ContentType(
    path="observatory", kind="observatory", label="Observatory articles and reports", schema=schemas.ObservatoryItem,
    list_schema=schemas.ObservatoryList, queryset=selectors.observatory_queryset, serialise=selectors.news_data,
    filters={"language": "language", "kind": "observatory_kind", "subject": "subject", "year": "year"},
))
