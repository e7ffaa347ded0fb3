"""The index follows the content: publish, unpublish, delete, move, and vocabulary edits.

Handlers run inside the transaction of the change, so both commit together.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from scientix.search import registry, selectors, services, thesaurus
from scientix.vocabularies.models import Term


@receiver(page_published)
def index_published(sender, instance, **kwargs):
    services.page_index(page=instance)


@receiver(page_unpublished)
def unindex_unpublished(sender, instance, **kwargs):
    services.page_unindex(page_id=instance.pk)


def unindex_deleted(sender, instance, **kwargs):
    services.page_unindex(page_id=instance.pk)


# Only for the registered page models: a receiver for every model would turn off
# Django's fast deletes everywhere (each deleted row loaded and signalled).
for _kind in registry.KINDS.values():
    post_delete.connect(unindex_deleted, sender=_kind.model, dispatch_uid=f"search-unindex-{_kind.name}")


@receiver(post_page_move)
def reindex_moved(sender, instance, **kwargs):
    """Addresses change with the parent: re-index the page and every indexed page below it."""
    models = [kind.model for kind in registry.KINDS.values()]
    for page in Page.objects.descendant_of(instance, inclusive=True).type(*models).live().specific():
        services.page_index(page=page)


@receiver([post_save, post_delete], sender=Term)
def forget_terms(sender, **kwargs):
    thesaurus.forget()
    selectors.vocabulary_terms.cache_clear()
