"""Reads for the resources repository."""

from django.db.models import Prefetch

from scientix.resources.models import RESOURCE_FACETS, ResourcePage, Review, ReviewStatus
from scientix.search.lists import ListFacet, RepositoryList, repository_ids, repository_list
from scientix.vocabularies.models import Term


RESOURCE_LIST_FACETS = [
    ListFacet("language", "language"),
    ListFacet("kind", "kind"),
    *(ListFacet(facet.field, facet.vocabulary) for facet in RESOURCE_FACETS),
]


def resource_browse(*, params, language: str) -> RepositoryList:
    shown = ResourcePage.objects.select_related("locale").prefetch_related(Prefetch("terms", queryset=Term.objects.all()))
    return repository_list(params, language=language, kind="resource", facets=RESOURCE_LIST_FACETS, queryset=shown)


def resources_filtered(*, params, language: str):
    """The resources of a filtered list, for export."""
    ids = repository_ids(params, language=language, kind="resource", facets=RESOURCE_LIST_FACETS)
    return ResourcePage.objects.filter(pk__in=ids[:10_000])


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


def collection_resources(*, collection) -> list:
    """The live resources of a collection, in the editor's order."""
    items = collection.items.select_related("resource__locale").order_by("sort_order", "pk")  # pk: items made without an order
    return [item.resource for item in items if item.resource is not None and item.resource.live]


def collection_json_ld(*, collection, resources: list) -> dict:
    """schema.org Collection with its resources as parts."""
    data = {
        "@context": "https://schema.org",
        "@type": "Collection",
        "name": collection.title,
        "description": collection.description or None,
        "inLanguage": collection.locale.language_code,
        "url": collection.full_url,
        "hasPart": [{"@type": "LearningResource", "name": r.title, "url": r.full_url, "inLanguage": r.locale.language_code}
                    for r in resources],
    }
    return {key: value for key, value in data.items() if value is not None}


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
