"""What is searchable: each content type registers itself here in a few lines.

    search.registry.register(Kind(name="resource", label=_("Resource"), model=ResourcePage,
                                  document=resource_document, prefetch=("terms",)))

``document`` turns one live page (one language version) into a ``Document``;
the search app does the rest: analysis, indexing on publish/unpublish/
delete/move, reindex, facets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID


@dataclass
class Document:
    kind: str
    object_id: int
    translation_key: UUID
    language: str
    title: str
    url: str
    body: str = ""  # plain text: description, keywords, ...
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet name -> codes, broader subjects included
    published_at: datetime | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    rating: float | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy translated name, shown in the "Type" facet
    model: type
    document: Callable[[object], Document]
    prefetch: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def kind_of(instance) -> Kind | None:
    for kind in KINDS.values():
        if type(instance) is kind.model:
            return kind
    return None


def term_facets(terms) -> dict[str, list[str]]:
    """Facet codes of a page's vocabulary terms, each subject with its broader subjects.

    Walks ``term.parent``: prefetch terms with ``select_related("parent__parent")`` to spare queries.
    """
    facets: dict[str, list[str]] = {}
    for term in terms:
        codes = facets.setdefault(term.vocabulary, [])
        node = term
        while node is not None:
            if node.code not in codes:
                codes.append(node.code)
            node = node.parent
    return facets


def terms_prefetch():
    """A page's terms with their broader terms, for ``Kind.prefetch``."""
    from django.db.models import Prefetch

    from scientix.vocabularies.models import Term

    return Prefetch("terms", queryset=Term.objects.select_related("parent__parent"))
