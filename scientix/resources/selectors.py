"""Reads for the resources repository."""

from dataclasses import dataclass

from django.db.models import Prefetch

from scientix.resources.models import RESOURCE_FACETS, ResourceKind, ResourcePage, Review, ReviewStatus
from scientix.vocabularies import browse
from scientix.vocabularies.models import Term


@dataclass
class ResourceBrowse:
    page: object
    facets: list
    sort: str
    total: int


def resources_filtered(*, params, language: str):
    queryset = browse.in_reader_language(ResourcePage.objects.live(), language=language)
    queryset = browse.filter_by_language(queryset, params=params)
    kinds = [kind for kind in browse.selected_codes(params, "kind") if kind in ResourceKind.values]
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return browse.filter_by_terms(queryset, params=params, facets=RESOURCE_FACETS)


def resource_browse(*, params, language: str) -> ResourceBrowse:
    queryset = resources_filtered(params=params, language=language)
    rows = browse.grouped_counts(queryset, "kind")
    total = sum(row["count"] for row in rows)
    sort, page = browse.sort_and_page(
        queryset.select_related("locale").prefetch_related(Prefetch("terms", queryset=Term.objects.all())),
        params=params, total=total,
    )
    facets = [
        browse.language_facet(rows, params=params),
        _kind_facet(rows, params=params),
        *browse.term_facets(queryset, params=params, facets=RESOURCE_FACETS, related_name="resources"),
    ]
    return ResourceBrowse(page=page, facets=facets, sort=sort, total=total)


def _kind_facet(rows: list[dict], *, params) -> browse.FacetGroup:
    chosen = browse.selected_codes(params, "kind")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["kind"]] = counts.get(row["kind"], 0) + row["count"]
    return browse.FacetGroup(name="kind", values=[
        browse.FacetValue(value=kind, label=label, count=counts.get(kind, 0), selected=kind in chosen)
        for kind, label in ResourceKind.choices if counts.get(kind) or kind in chosen
    ])


def resource_ratings(*, resource: ResourcePage) -> dict:
    """Averages per criterion and the number of ratings, across all language versions (kept on the page)."""
    return {
        "pedagogical_value": resource.rating_pedagogical_value,
        "curricular_integration": resource.rating_curricular_integration,
        "clarity": resource.rating_clarity,
        "count": resource.rating_count,
    }


def resource_reviews(*, resource: ResourcePage):
    return Review.objects.filter(resource_key=resource.translation_key, status=ReviewStatus.APPROVED).select_related("user")


def resource_export_rows(queryset):
    """Plain rows for CSV and JSON export of a filtered list."""
    for page in queryset.select_related("locale").prefetch_related("terms")[:10_000]:
        yield {
            "title": page.title,
            "language": page.locale.language_code,
            "url": page.full_url,
            "kind": page.kind,
            "description": page.description,
            "keywords": page.keywords,
            "licence": page.licence.spdx_id if page.licence else "",
            "resource_types": [t.code for t in page.terms_of("resource_type")],
            "subjects": [t.code for t in page.terms_of("subject")],
            "education_levels": [t.code for t in page.terms_of("education_level")],
            "age_ranges": [t.code for t in page.terms_of("age_range")],
            "rating_average": float(page.rating_average) if page.rating_average is not None else None,
            "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
        }


def language_versions(*, page) -> list:
    """The live language versions of a page, for the "Read this in" row."""
    return list(page.get_translations(inclusive=True).live().select_related("locale").order_by("locale__language_code"))


def resource_json_ld(*, resource: ResourcePage, ratings: dict) -> dict:
    """schema.org LearningResource for search engines."""
    licence = resource.licence
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": resource.title,
        "description": resource.description,
        "inLanguage": resource.locale.language_code,
        "url": resource.full_url,
        "keywords": resource.keywords,
        "learningResourceType": [t.label_in("en") for t in resource.terms_of("resource_type")],
        "educationalLevel": [t.label_in("en") for t in resource.terms_of("education_level")],
        "about": [t.label_in("en") for t in resource.terms_of("subject")],
        "audience": [{"@type": "EducationalAudience", "educationalRole": t.code} for t in resource.terms_of("end_user_role")],
        "isAccessibleForFree": resource.free_of_charge,
    }
    if licence and licence.url:
        data["license"] = licence.url
    if resource.age_min is not None or resource.age_max is not None:
        data["typicalAgeRange"] = f"{resource.age_min or ''}-{resource.age_max or ''}"
    if resource.first_published_at:
        data["datePublished"] = resource.first_published_at.date().isoformat()
    if ratings.get("count"):
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": float(resource.rating_average), "ratingCount": ratings["count"],
                                   "bestRating": 5, "worstRating": 1}
    return data


def ratings_and_reviews_export(*, user) -> dict:
    """What a person wrote about resources, for their personal-data download."""
    return {
        "ratings": [
            {"resource": str(r.resource_key), "pedagogical_value": r.pedagogical_value,
             "curricular_integration": r.curricular_integration, "clarity": r.clarity, "updated_at": r.updated_at.isoformat()}
            for r in user.ratings.all()
        ],
        "reviews": [
            {"resource": str(r.resource_key), "language": r.language, "text": r.text, "status": r.status,
             "created_at": r.created_at.isoformat()}
            for r in user.reviews.all()
        ],
    }
