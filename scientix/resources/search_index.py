"""Resources in the search index."""

from django.utils.translation import gettext_lazy as _

from scientix.resources.models import ResourceKind, ResourcePage
from scientix.search import registry, selectors


def resource_document(page: ResourcePage) -> registry.Document:
    facets = registry.term_facets(page.terms.all())
    facets["kind"] = [page.kind]
    return registry.Document(
        kind="resource", object_id=page.pk, translation_key=page.translation_key,
        language=page.locale.language_code, title=page.title, url=page.url or "",
        body="\n".join(part for part in (page.description, page.keywords, page.rights) if part),
        facets=facets, published_at=page.first_published_at,
        rating=float(page.rating_average) if page.rating_average is not None else None,
    )


def register() -> None:
    registry.register(registry.Kind(
        name="resource", label=_("Resource"), model=ResourcePage, document=resource_document, prefetch=(registry.terms_prefetch(),),
    ))
    selectors.VALUE_LABELS["kind"] = dict(ResourceKind.choices)
