"""Resources in the search index."""

from django.utils.text import capfirst
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from scientix.resources.models import CollectionPage, ResourceKind, ResourcePage
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


def collection_document(page: CollectionPage) -> registry.Document:
    return registry.Document(
        kind="collection", object_id=page.pk, translation_key=page.translation_key,
        language=page.locale.language_code, title=page.title, url=page.url or "", body=page.description,
        published_at=page.first_published_at,
    )


def register() -> None:
    registry.register(registry.Kind(
        name="resource", label=_("Resource"), model=ResourcePage, document=resource_document, prefetch=(registry.terms_prefetch(),),
    ))
    registry.register(registry.Kind(
        name="collection", label=lazy(lambda: capfirst(CollectionPage._meta.verbose_name), str)(),
        model=CollectionPage, document=collection_document,
    ))
    selectors.VALUE_LABELS["kind"] = dict(ResourceKind.choices)
