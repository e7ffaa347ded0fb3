"""Reads for the projects repository."""

from django.db.models import Prefetch

from scientix.projects.models import PROJECT_FACETS, ProjectPage
from scientix.search.lists import ListFacet, RepositoryList, repository_ids, repository_list
from scientix.vocabularies.models import Term

PROJECT_LIST_FACETS = [
    ListFacet("language", "language"),
    ListFacet("status", "status"),
    ListFacet("country", "country"),
    *(ListFacet(facet.field, facet.vocabulary) for facet in PROJECT_FACETS),
]
SORTS = ("newest", "title")  # projects are not rated


def project_browse(*, params, language: str) -> RepositoryList:
    shown = ProjectPage.objects.select_related("locale", "coordinator").prefetch_related(
        Prefetch("terms", queryset=Term.objects.all()))
    return repository_list(params, language=language, kind="project", facets=PROJECT_LIST_FACETS, queryset=shown,
                           sorts=SORTS)


def projects_filtered(*, params, language: str):
    """The projects of a filtered list, for export."""
    ids = repository_ids(params, language=language, kind="project", facets=PROJECT_LIST_FACETS, sorts=SORTS)
    return ProjectPage.objects.filter(pk__in=ids[:10_000])


def project_export_rows(queryset):
    for page in queryset.select_related("locale", "coordinator").prefetch_related("terms")[:10_000]:
        programme = page.terms_of("funding_programme")
        yield {
            "title": page.title,
            "acronym": page.acronym,
            "language": page.locale.language_code,
            "url": page.full_url,
            "description": page.description,
            "programme": programme[0].code if programme else "",
            "start_date": page.start_date.isoformat() if page.start_date else None,
            "end_date": page.end_date.isoformat() if page.end_date else None,
            "coordinator": page.coordinator.name if page.coordinator else "",
            "coordinator_country": page.coordinator.country.code if page.coordinator and page.coordinator.country else "",
            "subjects": [t.code for t in page.terms_of("subject")],
            "target_groups": [t.code for t in page.terms_of("target_group")],
            "website": page.website,
        }


def project_json_ld(*, project: ProjectPage) -> dict:
    """schema.org Project (funded, with its coordinator and partners)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": project.title,
        "alternateName": project.acronym or None,
        "description": project.description,
        "inLanguage": project.locale.language_code,
        "url": project.full_url,
        "sameAs": project.website or None,
        "keywords": project.keywords or None,
        "startDate": project.start_date.isoformat() if project.start_date else None,
        "endDate": project.end_date.isoformat() if project.end_date else None,
        "funder": [{"@type": "FundingScheme", "name": t.label_in("en")} for t in project.terms_of("funding_programme")] or None,
        "member": [
            {"@type": "Organization", "name": org.name, "address": {"@type": "PostalAddress", "addressCountry": org.country.code}}
            for org in [project.coordinator, *project.partner_list()] if org is not None
        ] or None,
    }
    return {key: value for key, value in data.items() if value is not None}
