"""Filtering, facet counts, sorting and paging for the repository lists.

Projects and resources share this: their classification sits in one
``terms`` relation, so every vocabulary facet is counted in one query.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from scientix.languages import LANGUAGE_CODES
from scientix.vocabularies.classification import Facet
from scientix.vocabularies.models import Term

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "rating": (F("rating_average").desc(nulls_last=True), "-pk"),
}
PAGE_SIZE = 20


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


FACET_LABELS = {
    "language": _("Language"), "kind": _("Kind"), "status": _("Status"), "country": _("Country"),
    "programme": _("Funding programme"), "subjects": _("Subjects"), "target_groups": _("Target groups"),
    "age_ranges": _("Age ranges"), "resource_types": _("Learning resource types"),
    "education_levels": _("Education levels"), "end_user_roles": _("Intended end-user roles"), "licence": _("Licence"),
}


@dataclass
class FacetGroup:
    name: str
    label: str = ""
    values: list[FacetValue] = field(default_factory=list)

    def __post_init__(self):
        self.label = self.label or FACET_LABELS.get(self.name, self.name)


def selected_codes(params, name: str) -> list[str]:
    """The values of one filter; anything that cannot be a code (control characters, NUL,
    which PostgreSQL refuses in text) is dropped, so odd input matches nothing instead of failing."""
    return [value for value in params.getlist(name) if value and len(value) <= 100 and value.isprintable()][:50]


def in_reader_language(queryset, *, language: str):
    """One entry per item: the reader's language version where it exists, else every other version."""
    translated = Page.objects.filter(locale__language_code=language, live=True).values("translation_key")
    return queryset.filter(Q(locale__language_code=language) | ~Q(translation_key__in=translated))


def filter_by_terms(queryset, *, params, facets: list[Facet]):
    """AND across vocabularies, OR within one; a subject also matches its narrower subjects."""
    through = queryset.model.terms.through
    for facet in facets:
        codes = selected_codes(params, facet.field)
        if not codes:
            continue
        terms = Term.objects.filter(vocabulary=facet.vocabulary).filter(Q(code__in=codes) | Q(parent__code__in=codes))
        # A subquery, not a join: a page with two matching terms stays one row.
        matching = through.objects.filter(term__in=terms.values("pk")).values(_page_fk(through))
        queryset = queryset.filter(pk__in=matching)
    return queryset


def _page_fk(through) -> str:
    for model_field in through._meta.get_fields():
        if model_field.is_relation and model_field.related_model is not Term and model_field.many_to_one:
            return model_field.attname
    raise LookupError("no page column in the terms relation")


def term_facets(queryset, *, params, facets: list[Facet], related_name: str) -> list[FacetGroup]:
    """Counts of every term of the given vocabularies among ``queryset`` (one query).

    A broader term counts the distinct items classified under it or under any
    of its narrower terms, as filtering by it finds them.
    """
    vocabularies = {facet.vocabulary: facet for facet in facets}
    through = queryset.model.terms.through
    page_fk = _page_fk(through)
    family = (
        through.objects.filter(Q(term_id=OuterRef("pk")) | Q(term__parent_id=OuterRef("pk")))
        .filter(**{f"{page_fk}__in": queryset.values("pk")})
        .annotate(items=Func(F(page_fk), function="COUNT", template="COUNT(DISTINCT %(expressions)s)"))
        .values("items")
    )
    terms = (
        Term.objects.filter(vocabulary__in=vocabularies)
        .annotate(count=Subquery(family, output_field=IntegerField()))
        .order_by("vocabulary", "sort_order")
    )
    groups = {facet.vocabulary: FacetGroup(name=facet.field, label="", values=[]) for facet in facets}
    for term in terms:
        facet = vocabularies[term.vocabulary]
        chosen = selected_codes(params, facet.field)
        if term.count or term.code in chosen:
            groups[term.vocabulary].values.append(
                FacetValue(value=term.code, label=term.label, count=term.count or 0, selected=term.code in chosen,
                           depth=1 if term.parent_id else 0)
            )
    return [groups[facet.vocabulary] for facet in facets]


def grouped_counts(queryset, *fields: str) -> list[dict]:
    """Counts per combination of ``fields`` (one query answers several small facets)."""
    return list(queryset.values("locale__language_code", *fields).annotate(count=Count("pk")).order_by())


def language_facet(rows: list[dict], *, params) -> FacetGroup:
    chosen = selected_codes(params, "language")
    counts: dict[str, int] = {}
    for row in rows:
        code = row["locale__language_code"]
        counts[code] = counts.get(code, 0) + row["count"]
    values = [
        FacetValue(value=code, label=translation.get_language_info(code)["name_local"], count=counts[code],
                   selected=code in chosen)
        for code in sorted(counts) if code in LANGUAGE_CODES
    ]
    return FacetGroup(name="language", values=values)


def filter_by_language(queryset, *, params):
    chosen = [code for code in selected_codes(params, "language") if code in LANGUAGE_CODES]
    return queryset.filter(locale__language_code__in=chosen) if chosen else queryset


def sort_and_page(queryset, *, params, total: int | None = None):
    """Sort by a known key and cut one page; ``total``, when the caller knows it, spares a COUNT query."""
    sort = params.get("sort") if params.get("sort") in SORTS else "newest"
    paginator = Paginator(queryset.order_by(*SORTS[sort]), PAGE_SIZE)
    if total is not None:
        paginator.__dict__["count"] = total  # Paginator.count is a cached_property
    page = paginator.get_page(params.get("page"))
    return sort, page
