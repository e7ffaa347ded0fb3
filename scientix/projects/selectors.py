"""Reads for the projects repository."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from scientix.projects.models import PROJECT_FACETS, ProjectPage
from scientix.vocabularies import browse
from scientix.vocabularies.models import Term

STATUS = {"active": _("Active"), "finished": _("Finished")}


@dataclass
class ProjectBrowse:
    page: object
    facets: list
    sort: str
    total: int


def _active(today):
    return (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (Q(end_date__isnull=True) | Q(end_date__gte=today))


def projects_filtered(*, params, language: str):
    queryset = browse.in_reader_language(ProjectPage.objects.live(), language=language)
    queryset = browse.filter_by_language(queryset, params=params)
    chosen_countries = [c for c in browse.selected_codes(params, "country") if c in countries]
    if chosen_countries:
        queryset = queryset.filter(coordinator__country__in=chosen_countries)
    status = browse.selected_codes(params, "status")
    today = date.today()
    if status == ["active"]:
        queryset = queryset.filter(_active(today))
    elif status == ["finished"]:
        queryset = queryset.filter(end_date__lt=today)
    return browse.filter_by_terms(queryset, params=params, facets=PROJECT_FACETS)


def project_browse(*, params, language: str) -> ProjectBrowse:
    queryset = projects_filtered(params=params, language=language)
    today = date.today()
    status = Case(
        When(end_date__lt=today, then=Value("finished")), When(_active(today), then=Value("active")),
        default=Value("planned"),
    )
    rows = browse.grouped_counts(queryset.annotate(status=status), "coordinator__country", "status")
    total = sum(row["count"] for row in rows)
    sort_params = params.copy()
    if sort_params.get("sort") == "rating":
        sort_params["sort"] = "newest"  # projects are not rated
    sort, page = browse.sort_and_page(
        queryset.select_related("locale", "coordinator").prefetch_related(Prefetch("terms", queryset=Term.objects.all())),
        params=sort_params, total=total,
    )
    facets = [
        browse.language_facet(rows, params=params),
        _status_facet(rows, params=params),
        _country_facet(rows, params=params),
        *browse.term_facets(queryset, params=params, facets=PROJECT_FACETS, related_name="projects"),
    ]
    return ProjectBrowse(page=page, facets=facets, sort=sort, total=total)


def _summed(rows: list[dict], field: str) -> dict:
    counts: dict = {}
    for row in rows:
        counts[row[field]] = counts.get(row[field], 0) + row["count"]
    return counts


def _status_facet(rows: list[dict], *, params) -> browse.FacetGroup:
    counts = _summed(rows, "status")
    chosen = browse.selected_codes(params, "status")
    return browse.FacetGroup(name="status", values=[
        browse.FacetValue(value=key, label=label, count=counts.get(key, 0), selected=key in chosen)
        for key, label in STATUS.items() if counts.get(key) or key in chosen
    ])


def _country_facet(rows: list[dict], *, params) -> browse.FacetGroup:
    chosen = browse.selected_codes(params, "country")
    counts = _summed(rows, "coordinator__country")
    values = [
        browse.FacetValue(value=code, label=str(countries.name(code)), count=count, selected=code in chosen)
        for code, count in counts.items() if code
    ]
    return browse.FacetGroup(name="country", values=sorted(values, key=lambda v: v.label))


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
