"""Events in the search index: found in /<lang>/search/, filterable by type, country and language."""

from django.utils.translation import gettext_lazy as _

from scientix.events.models import EventPage, EventType
from scientix.search import registry, selectors


def event_document(page: EventPage) -> registry.Document:
    facets = registry.term_facets(page.terms.all())
    facets["event_type"] = [page.event_type]
    if page.country:
        facets["country"] = [page.country.code]
    return registry.Document(
        kind="event", object_id=page.pk, translation_key=page.translation_key,
        language=page.locale.language_code, title=page.title, url=page.url or "",
        body="\n".join(part for part in (page.description, page.organiser, page.venue, page.city) if part),
        facets=facets, published_at=page.first_published_at, starts_on=page.start_date, ends_on=page.end_date,
    )


def register() -> None:
    registry.register(registry.Kind(
        name="event", label=_("Event"), model=EventPage, document=event_document,
        prefetch=(registry.terms_prefetch(),),
    ))
    selectors.VALUE_LABELS["event_type"] = dict(EventType.choices)
    selectors.FACET_LABELS.setdefault("event_type", _("Event type"))
