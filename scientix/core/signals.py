"""Forget cached menus whenever the page tree changes."""

from django.core.cache import cache
from django.db import transaction

from scientix.core.selectors import MENUS_VERSION_KEY


def menus_invalidate(**kwargs) -> None:
    def bump():
        try:
            cache.incr(MENUS_VERSION_KEY)
        except ValueError:  # not cached yet: the next read starts a version
            cache.set(MENUS_VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(menus_invalidate, dispatch_uid=f"menus_invalidate_{id(signal)}")
    post_delete.connect(menus_invalidate, sender=Page, dispatch_uid="menus_invalidate_delete")
