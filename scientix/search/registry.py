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
    """Facet codes of a page's vocabulary terms, each subject with its broader subjects."""
    facets: dict[str, list[str]] = {}
    for term in terms:
        codes = facets.setdefault(term.vocabulary, [])
        node = term
        while node is not None:
            if node.code not in codes:
                codes.append(node.code)
            node = _parent(node)
    return facets


def _parent(term):
    from scientix.vocabularies.models import Term

    if term.parent_id is None:
        return None
    return _terms_by_id().get(term.parent_id) or Term.objects.get(pk=term.parent_id)


_TERMS: dict = {}


def _terms_by_id() -> dict:
    """All terms, read once per process (95 rows): broader subjects without a query per page."""
    if not _TERMS:
        from scientix.vocabularies.models import Term

        _TERMS.update({term.pk: term for term in Term.objects.all()})
    return _TERMS


def forget_terms() -> None:
    _TERMS.clear()
