"""Reads for the REST API: a page of items through the search layer, one item by id, tokens.

Lists go through ``search.selectors.search`` like the site's own lists, so
the API filters, searches and sorts exactly as the portal does. Items are
then loaded with a fixed number of queries per page, whatever its size:
the pages, their terms (and partners), and all their language versions.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import translation
from django_countries import countries
from wagtail.models import Page

from scientix.api.models import ApiToken
from scientix.search import selectors as search
from scientix.vocabularies.models import Term


@dataclass
class Reader:
    """What serialising an item needs besides the item: absolute URLs and the labels' language."""

    request: object
    language: str
    versions: dict = field(default_factory=dict)  # translation_key -> [Page] (live, with locale)

    def url(self, page) -> str:
        relative = page.get_url(self.request)
        return self.request.build_absolute_uri(relative) if relative else ""

    def translations(self, page) -> list[dict]:
        return [{"language": version.locale.language_code, "id": version.pk, "url": self.url(version)}
                for version in self.versions.get(page.translation_key, [page])]


def versions_of(pages) -> dict:
    """Every live language version of ``pages``, in one query, by translation key."""
    keys = {page.translation_key for page in pages}
    versions: dict = {}
    for version in Page.objects.live().filter(translation_key__in=keys).select_related("locale").order_by(
            "locale__language_code"):
        versions.setdefault(version.translation_key, []).append(version)
    return versions


# Serialisers: a page (one language version) -> the dict its schema describes. ---------------


def coded(term, language: str) -> dict:
    return {"code": term.code, "label": term.label_in(language)}


def country(code) -> dict | None:
    code = getattr(code, "code", code)
    return {"code": code, "label": str(countries.name(code) or code)} if code else None


def _common(page, reader: Reader) -> dict:
    return {
        "id": page.pk, "language": page.locale.language_code,
        "in_requested_language": page.locale.language_code == reader.language,
        "title": page.title, "url": reader.url(page),
        "first_published_at": page.first_published_at, "last_published_at": page.last_published_at,
        "translations": reader.translations(page),
    }


def project_status(page, today: date | None = None) -> str:
    today = today or date.today()
    if page.start_date and page.start_date > today:
        return "planned"
    if page.end_date and page.end_date < today:
        return "finished"
    return "active"


def _organisation(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"name": organisation.name, "country": country(organisation.country)}


def project_data(page, reader: Reader) -> dict:
    language = reader.language
    programme = page.terms_of("funding_programme")
    return {
        **_common(page, reader), "type": "project",
        "acronym": page.acronym, "description": page.description, "keywords": page.keywords, "results": page.results,
        "start_date": page.start_date, "end_date": page.end_date, "status": project_status(page),
        "website": page.website, "coordinator": _organisation(page.coordinator),
        "partners": [_organisation(partner) for partner in page.partner_list()],
        "countries": [country(code) for code in page.countries],
        "programme": coded(programme[0], language) if programme else None,
        "subjects": [coded(term, language) for term in page.terms_of("subject")],
        "target_groups": [coded(term, language) for term in page.terms_of("target_group")],
        "age_ranges": [coded(term, language) for term in page.terms_of("age_range")],
        "languages": [code for code in page.languages if isinstance(code, str)],
    }


def _rating(value) -> float | None:
    return float(value) if value is not None else None


def resource_data(page, reader: Reader) -> dict:
    from scientix.resources.models import ResourceKind

    language = reader.language
    licence = page.licence
    project = page.project if page.project_id and page.project and page.project.live else None
    return {
        **_common(page, reader), "type": "resource",
        "description": page.description, "keywords": page.keywords,
        "kind": {"code": page.kind, "label": str(ResourceKind(page.kind).label) if page.kind in ResourceKind.values
                 else page.kind},
        "link": page.link,
        "file_url": reader.request.build_absolute_uri(page.file.url) if page.file_id and page.file else None,
        "format": page.format,
        "licence": {**coded(licence, language), "spdx_id": licence.spdx_id, "url": licence.url} if licence else None,
        "rights": page.rights, "free_of_charge": page.free_of_charge, "age_min": page.age_min, "age_max": page.age_max,
        "resource_types": [coded(term, language) for term in page.terms_of("resource_type")],
        "subjects": [coded(term, language) for term in page.terms_of("subject")],
        "education_levels": [coded(term, language) for term in page.terms_of("education_level")],
        "age_ranges": [coded(term, language) for term in page.terms_of("age_range")],
        "end_user_roles": [coded(term, language) for term in page.terms_of("end_user_role")],
        "rating": {
            "average": _rating(page.rating_average), "pedagogical_value": _rating(page.rating_pedagogical_value),
            "curricular_integration": _rating(page.rating_curricular_integration),
            "clarity": _rating(page.rating_clarity), "count": page.rating_count,
        },
        "project": {"id": project.pk, "title": project.title, "language": project.locale.language_code,
                    "url": reader.url(project)} if project else None,
    }


def collection_data(page, reader: Reader) -> dict:
    items = sorted(page.items.all(), key=lambda item: (item.sort_order if item.sort_order is not None else 0, item.pk))
    return {
        **_common(page, reader), "type": "collection", "description": page.description,
        "resources": [
            {"id": item.resource.pk, "title": item.resource.title, "language": item.resource.locale.language_code,
             "url": reader.url(item.resource)}
            for item in items if item.resource is not None and item.resource.live
        ],
    }


def event_data(page, reader: Reader) -> dict:
    from scientix.events.models import EventType
    from scientix.events.selectors import event_instant

    language = reader.language
    project = page.project if page.project_id and page.project and page.project.live else None
    page_url = reader.url(page)
    return {
        **_common(page, reader), "type": "event", "description": page.description,
        "event_type": {"code": page.event_type, "label": str(EventType(page.event_type).label)},
        "all_day": page.all_day, "start": event_instant(page, end=False), "end": event_instant(page, end=True),
        "time_zone": page.time_zone, "cancelled": page.cancelled, "online": page.online, "online_url": page.online_url,
        "venue": page.venue, "city": page.city, "country": country(page.country), "organiser": page.organiser,
        "registration_url": page.registration_url,
        "languages": [code for code in page.languages if isinstance(code, str)],
        "audiences": [coded(term, language) for term in page.terms_of("target_group")],
        "subjects": [coded(term, language) for term in page.terms_of("subject")],
        "ical_url": f"{page_url}?format=ics" if page_url else "",
        "project": {"id": project.pk, "title": project.title, "language": project.locale.language_code,
                    "url": reader.url(project)} if project else None,
    }


def news_data(page, reader: Reader) -> dict:
    """News items, blog posts and Observatory pages (scientix.editorial)."""
    from wagtail.rich_text import expand_db_html

    from scientix.editorial.models import BlogPostPage, ObservatoryKind, ObservatoryPage

    image = page.listing_image if page.listing_image_id else None
    data = {
        **_common(page, reader), "type": page.section, "summary": page.summary,
        "body": expand_db_html(page.body or ""), "publication_date": page.published_on,
        "subjects": [coded(term, reader.language) for term in page.terms_of("subject")],
        "tags": sorted(tag.name for tag in page.tags.all()),
        "image_url": reader.request.build_absolute_uri(image.file.url) if image else "",
        "image_alt": page.listing_image_alt if image else "",
    }
    if isinstance(page, BlogPostPage):
        data["author"] = page.author_display
        data["organisation"] = _organisation(page.organisation) if page.organisation_id else None
    if isinstance(page, ObservatoryPage):
        data["kind"] = {"code": page.kind, "label": str(ObservatoryKind(page.kind).label)}
        report = page.report if page.report_id else None
        data["report_url"] = reader.request.build_absolute_uri(report.url) if report else ""
    return data


# Querysets that load what the serialisers read, in a fixed number of queries. -------------


def project_queryset():
    from scientix.projects.models import ProjectPage

    return ProjectPage.objects.live().public().select_related("locale", "coordinator").prefetch_related(
        Prefetch("terms", queryset=Term.objects.all()), "partners")


def resource_queryset():
    from scientix.resources.models import ResourcePage

    return ResourcePage.objects.live().public().select_related("locale", "file", "project__locale").prefetch_related(
        Prefetch("terms", queryset=Term.objects.all()))


def event_queryset():
    from scientix.events.models import EventPage

    return EventPage.objects.live().public().select_related("locale", "project__locale").prefetch_related(
        Prefetch("terms", queryset=Term.objects.all()))


def _editorial_queryset(model, *related):
    return model.objects.live().public().select_related("locale", "listing_image", *related).prefetch_related(
        Prefetch("terms", queryset=Term.objects.all()), "tags")


def news_queryset():
    from scientix.editorial.models import NewsPage

    return _editorial_queryset(NewsPage)


def blog_queryset():
    from scientix.editorial.models import BlogPostPage

    return _editorial_queryset(BlogPostPage, "author", "organisation")


def observatory_queryset():
    from scientix.editorial.models import ObservatoryPage

    return _editorial_queryset(ObservatoryPage, "report")


def collection_queryset():
    from scientix.resources.models import CollectionItem, CollectionPage

    return CollectionPage.objects.live().public().select_related("locale").prefetch_related(
        Prefetch("items", queryset=CollectionItem.objects.select_related("resource__locale")))


# Lists and details. ---------------------------------------------------------------------------


@dataclass
class ItemPage:
    count: int
    page: int
    page_size: int
    results: list[dict]
    facets: dict[str, list[dict]]


def item_list(*, content, request, search_request: search.SearchRequest) -> ItemPage:
    """One page of ``content`` items for ``search_request`` (already checked by the API)."""
    result = search.search(search_request)
    by_id = content.queryset().in_bulk(result.object_ids)
    pages = [by_id[pk] for pk in result.object_ids if pk in by_id]  # dropped: not public (private sections)
    reader = Reader(request=request, language=search_request.language, versions=versions_of(pages))
    with translation.override(search_request.language):
        results = [content.serialise(page, reader) for page in pages]
    parameters = {facet: parameter for parameter, facet in content.filters.items()}
    facets = {
        parameters[group.name]: [{"value": v.value, "label": v.label, "count": v.count} for v in group.values]
        for group in result.facets
    }
    return ItemPage(count=result.count, page=result.page, page_size=result.page_size, results=results, facets=facets)


def item_detail(*, content, request, page_id: int, language: str | None) -> dict | None:
    """One live, public item by page id, in ``language`` when it has a version in it; None: no such item."""
    page = content.queryset().filter(pk=page_id).first()
    if page is None:
        return None
    versions = versions_of([page])
    if language and page.locale.language_code != language:
        wanted = [v for v in versions.get(page.translation_key, []) if v.locale.language_code == language]
        if wanted:
            page = content.queryset().filter(pk=wanted[0].pk).first() or page
    reader = Reader(request=request, language=language or page.locale.language_code, versions=versions)
    with translation.override(reader.language):
        return content.serialise(page, reader)


def user_tokens(*, user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def api_tokens_export(*, user) -> list[dict]:
    """Names and dates of a person's API tokens for their data download (never hashes)."""
    return [
        {"name": token.name, "prefix": token.prefix, "created_at": token.created_at.isoformat(),
         "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
         "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None}
        for token in ApiToken.objects.filter(user=user)
    ]
