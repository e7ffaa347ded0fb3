"""Forget what is cached from the page tree (menus, sitemaps) whenever it changes."""

from django.core.cache import cache
from django.db import transaction

from scientix.core.selectors import PAGES_VERSION_KEY


def pages_cache_invalidate(**kwargs) -> None:
    def bump():
        try:
            cache.incr(PAGES_VERSION_KEY)
        except ValueError:  # not cached yet: the next read starts a version
            cache.set(PAGES_VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(pages_cache_invalidate, dispatch_uid=f"pages_cache_invalidate_{id(signal)}")
    post_delete.connect(pages_cache_invalidate, sender=Page, dispatch_uid="pages_cache_invalidate_delete")
