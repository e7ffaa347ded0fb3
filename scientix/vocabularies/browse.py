"""Small helpers shared by the repository pages and forms.

Filtering, facet counts, sorting and paging of the lists are done by the
search layer (``scientix.search.lists``).
"""

from django.db.models import Q
from wagtail.models import Page


def selected_codes(params, name: str) -> list[str]:
    """The values of one filter; anything that cannot be a code (control characters, NUL,
    which PostgreSQL refuses in text) is dropped, so odd input matches nothing instead of failing."""
    return [value for value in params.getlist(name) if value and len(value) <= 100 and value.isprintable()][:50]


def in_reader_language(queryset, *, language: str):
    """One entry per item: the reader's language version where it exists, else every other version."""
    translated = Page.objects.filter(locale__language_code=language, live=True).values("translation_key")
    return queryset.filter(Q(locale__language_code=language) | ~Q(translation_key__in=translated))
