"""News, blog posts and Observatory pages in the search index: found in /<lang>/search/ with facets."""

from django.utils.translation import gettext_lazy as _

from scientix.editorial.models import BlogPostPage, NewsPage, ObservatoryKind, ObservatoryPage
from scientix.search import registry, selectors


def _plain_body(page) -> str:
    from django.utils.html import strip_tags

    return strip_tags(page.body or "")


def item_document(page) -> registry.Document:
    facets = registry.term_facets(page.terms.all())
    if isinstance(page, ObservatoryPage):
        facets["observatory_kind"] = [page.kind]
    parts = [page.summary, _plain_body(page), " ".join(tag.name for tag in page.tags.all()),
             getattr(page, "author_display", "")]
    return registry.Document(
        kind={NewsPage: "news", BlogPostPage: "blog", ObservatoryPage: "observatory"}[type(page)],
        object_id=page.pk, translation_key=page.translation_key, language=page.locale.language_code,
        title=page.title, url=page.url or "", body="\n".join(part for part in parts if part),
        facets=facets, published_at=page.first_published_at,
    )


def register() -> None:
    for name, label, model in (("news", _("News"), NewsPage), ("blog", _("Blog post"), BlogPostPage),
                               ("observatory", _("Observatory"), ObservatoryPage)):
        registry.register(registry.Kind(name=name, label=label, model=model, document=item_document,
                                        prefetch=(registry.terms_prefetch(), "tags")))
    selectors.VALUE_LABELS["observatory_kind"] = dict(ObservatoryKind.choices)
    selectors.FACET_LABELS.setdefault("observatory_kind", _("Observatory kind"))
