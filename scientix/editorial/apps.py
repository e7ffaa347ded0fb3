from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """News, blog and Observatory: what editors and partners write, with feeds."""

    name = "scientix.editorial"
    label = "editorial"
    verbose_name = _("News, blog and Observatory")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate

        from scientix.editorial import search_index
        from scientix.editorial.models import BlogPostPage, NewsPage, ObservatoryPage
        from scientix.search.signals import unindex_deleted

        search_index.register()
        # The search app connects deletes only for the kinds registered before it loaded.
        for model in (NewsPage, BlogPostPage, ObservatoryPage):
            post_delete.connect(unindex_deleted, sender=model, dispatch_uid=f"search-unindex-{model._meta.model_name}")
        # After core's own post-migrate work (connected earlier), which creates the blog list pages.
        post_migrate.connect(_after_migrate, dispatch_uid="editorial-blog-partners")


def _after_migrate(sender, plan=None, **kwargs):
    if plan is None:  # flush: nothing to do
        return
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from scientix.editorial.services import blog_partners_sync

    blog_partners_sync()
