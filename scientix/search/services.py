"""Writes to the search index.

Indexing runs inside the transaction that changes the page (signals call
``page_index``/``page_unindex``), so the index and the content commit or
roll back together: the index follows every change exactly at commit.
"""

import re
import uuid
from collections.abc import Callable, Iterable

from django.db import transaction
from wagtail.models import Page

from scientix.search import analysis, registry
from scientix.search.models import SearchChange, SearchDocument, SearchState

LISTED_CHANGES = 200  # a write touching more items is recorded as "everything changed"
KEPT_CHANGES = 10_000
from scientix.search.query import facet_token

SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


def document_row(document: registry.Document) -> SearchDocument:
    language = document.language
    facets = {"type": [document.kind], "language": [language], **document.facets}
    when = document.starts_on or document.published_at
    if when is not None:
        facets["year"] = [str(when.year)]
    tokens = [
        facet_token(name, code) for name, codes in facets.items() for code in codes
        if code and SAFE_CODE.match(str(code))
    ]
    return SearchDocument(
        kind=document.kind, object_id=document.object_id, translation_key=document.translation_key,
        language=language, title=document.title, url=document.url, body=document.body,
        title_terms=analysis.analyse(document.title, language),
        body_terms=analysis.analyse(document.body, language),
        facet_terms=" ".join(dict.fromkeys(tokens)),
        sort_title=analysis.fold(document.title)[:255],
        published_at=document.published_at, starts_on=document.starts_on, ends_on=document.ends_on,
        rating=document.rating,
    )


def page_index(*, page: Page) -> None:
    """Index a page's current live version, or drop it from the index when it is not live."""
    page = page.specific
    kind = registry.kind_of(page)
    if kind is None:
        return
    if not page.live:
        page_unindex(page_id=page.pk)
        return
    row = document_row(kind.document(page))
    with transaction.atomic():
        SearchDocument.objects.filter(kind=kind.name, object_id=page.pk).delete()
        row.save()
        index_changed(translation_keys=[page.translation_key])


def page_unindex(*, page_id: int) -> None:
    documents = SearchDocument.objects.filter(object_id=page_id, kind__in=list(registry.KINDS))
    # Atomic: Wagtail's unpublish() runs outside a transaction in commands and scheduled jobs.
    with transaction.atomic():
        keys = list(documents.values_list("translation_key", flat=True))
        if keys:
            documents.delete()
            index_changed(translation_keys=keys)


def index_changed(*, translation_keys=None) -> None:
    """Record a write to the index (in the writer's transaction) for the processes' facet bitmaps.

    A new token replaces the current one (the row lock orders concurrent writers);
    ``translation_keys`` lists the items touched, None means "rebuild" (``snapshot``).
    """
    with transaction.atomic():  # select_for_update needs one; unpublish() from a command has none open
        state, _created = SearchState.objects.select_for_update().get_or_create(pk=1, defaults={"token": ""})
        token = uuid.uuid4().hex
        keys = list(dict.fromkeys(translation_keys)) if translation_keys is not None else [None]
        if len(keys) > LISTED_CHANGES:
            keys = [None]
        changes = SearchChange.objects.bulk_create(
            [SearchChange(token=token, previous=state.token, translation_key=key) for key in keys])
        state.token = token
        state.save(update_fields=["token"])
        last = changes[-1].pk
        if last and last % 1000 == 0:
            SearchChange.objects.filter(pk__lte=last - KEPT_CHANGES).delete()


def documents_store(documents: Iterable[registry.Document], *, batch_size: int = 1000,
                    progress: Callable[[int], None] | None = None) -> int:
    """Add many documents at once (reindex, benchmark corpus); returns how many."""
    stored = 0
    batch: list[SearchDocument] = []
    for document in documents:
        batch.append(document_row(document))
        if len(batch) >= batch_size:
            stored += _flush(batch, progress)
    if batch:
        stored += _flush(batch, progress)
    return stored


def _flush(batch: list[SearchDocument], progress) -> int:
    with transaction.atomic():
        SearchDocument.objects.bulk_create(batch)
        index_changed(translation_keys=[row.translation_key for row in batch])
    count = len(batch)
    batch.clear()
    if progress:
        progress(count)
    return count


def index_rebuild(*, kinds: list[str] | None = None, progress: Callable[[int], None] | None = None,
                  batch_size: int = 500) -> int:
    """Rebuild the index of the given kinds (all by default) from the live pages, in one transaction."""
    chosen = [registry.KINDS[name] for name in (kinds or registry.KINDS)]
    with transaction.atomic():
        SearchDocument.objects.filter(kind__in=[kind.name for kind in chosen]).delete()
        index_changed()
        return documents_store(_live_documents(chosen, batch_size), batch_size=batch_size, progress=progress)


def live_page_count(*, kinds: list[str] | None = None) -> int:
    return sum(registry.KINDS[name].model.objects.live().count() for name in (kinds or registry.KINDS))


def _live_documents(kinds: list[registry.Kind], batch_size: int):
    for kind in kinds:
        queryset = (kind.model.objects.live().select_related("locale", *kind.select_related)
                    .prefetch_related(*kind.prefetch).order_by("pk"))
        last = 0
        while True:
            pages = list(queryset.filter(pk__gt=last)[:batch_size])
            if not pages:
                break
            for page in pages:
                yield kind.document(page)
            last = pages[-1].pk


def rating_index(*, translation_key, rating: float | None) -> None:
    """Keep the "sort by rating" key of every language version of an item in step with its ratings."""
    if SearchDocument.objects.filter(translation_key=translation_key).update(rating=rating):
        index_changed(translation_keys=[translation_key])
