"""Projects in the search index."""

from django.utils.translation import gettext_lazy as _

from scientix.projects.models import ProjectPage
from scientix.search import registry


def project_document(page: ProjectPage) -> registry.Document:
    facets = registry.term_facets(page.terms.all())
    coordinator = page.coordinator
    if coordinator is not None and coordinator.country:
        facets["country"] = [coordinator.country.code]
    return registry.Document(
        kind="project", object_id=page.pk, translation_key=page.translation_key,
        language=page.locale.language_code, title=page.title, url=page.url or "",
        body="\n".join(part for part in (page.acronym, page.description, page.keywords, page.results) if part),
        facets=facets, published_at=page.first_published_at, starts_on=page.start_date, ends_on=page.end_date,
    )


def register() -> None:
    registry.register(registry.Kind(
        name="project", label=_("Project"), model=ProjectPage, document=project_document,
        prefetch=(registry.terms_prefetch(),), select_related=("coordinator",),
    ))
