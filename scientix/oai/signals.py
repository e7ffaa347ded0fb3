"""Records follow the pages: publish, unpublish, delete, move, slug and privacy changes.

Handlers run inside the transaction of the change, so a record's datestamp
and the change it stands for commit together (as the search index does).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from scientix.oai import selectors, services


def record_sync(sender, instance, **kwargs):
    kind = selectors.kind_of_page(instance)
    if kind is not None:
        services.oai_record_sync(kind=kind, translation_key=instance.translation_key)


def records_below_sync(sender, instance, **kwargs):
    """Addresses (moves, slugs) and visibility (view restrictions) change for every page underneath."""
    page = instance.page if isinstance(instance, PageViewRestriction) else instance
    if page is not None and Page.objects.filter(pk=page.pk).exists():
        services.oai_records_sync_below(page=page)


def connect() -> None:
    page_published.connect(record_sync, dispatch_uid="oai-record-published")
    page_unpublished.connect(record_sync, dispatch_uid="oai-record-unpublished")
    # Only for the harvested models: a receiver for every model would turn off Django's fast deletes.
    for kind in selectors.OAI_KINDS:
        post_delete.connect(record_sync, sender=selectors.kind_model(kind), dispatch_uid=f"oai-record-deleted-{kind}")
    post_page_move.connect(records_below_sync, dispatch_uid="oai-records-moved")
    page_slug_changed.connect(records_below_sync, dispatch_uid="oai-records-slug")
    post_save.connect(records_below_sync, sender=PageViewRestriction, dispatch_uid="oai-records-restricted")
    post_delete.connect(records_below_sync, sender=PageViewRestriction, dispatch_uid="oai-records-unrestricted")
