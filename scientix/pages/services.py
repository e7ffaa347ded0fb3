"""Writes about editorial pages."""

from django.conf import settings
from django.utils.translation import gettext

from scientix.pages.models import ContactSubmission


def contact_messages_anonymise(*, user) -> int:
    """Keep a deleted user's messages for the editors, without who sent them.

    Every e-mail field and every field named like a name is blanked.
    """
    count = 0
    for submission in ContactSubmission.objects.filter(user=user).select_related("page"):
        data = dict(submission.form_data)
        for key in data:
            if "email" in key or "name" in key:
                data[key] = ""
        submission.form_data = data
        submission.user = None
        submission.save(update_fields=["form_data", "user"])
        count += 1
    return count


def locale_tree_ensure(*, language: str):
    """The home page and the repository list pages in ``language``, created if missing.

    New material is filed under the list page of its own language, so each
    language needs its copy of the tree. A copied home page keeps no English
    text; list pages get their title in the interface language.
    """
    from django.utils import translation
    from wagtail.models import Locale

    from scientix.editorial.models import BlogIndexPage, NewsIndexPage, ObservatoryIndexPage
    from scientix.events.models import EventIndexPage
    from scientix.pages.models import HomePage
    from scientix.projects.models import ProjectIndexPage
    from scientix.resources.models import ResourceIndexPage

    locale = Locale.objects.get(language_code=language)
    original_home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    home = _translation_of(original_home, locale, clear=("intro", "body"))
    sections = {}
    with translation.override(language):
        titles = {ProjectIndexPage: gettext("Projects"), ResourceIndexPage: gettext("Resources"),
                  EventIndexPage: gettext("Events"), NewsIndexPage: gettext("News"), BlogIndexPage: gettext("Blog"),
                  ObservatoryIndexPage: gettext("Observatory")}
    for model, title in titles.items():
        original = model.objects.child_of(original_home).first()
        if original is not None:
            sections[model] = _translation_of(original, locale, clear=("intro",), title=title)
    if BlogIndexPage in sections and not sections[BlogIndexPage].group_permissions.exists():
        # A new language's blog: blog partners may post there too.
        from scientix.editorial.services import blog_partners_sync

        blog_partners_sync()
    # Adding children changed the home's tree counters in the database: never hand back a
    # stale copy, whose next save would write them back (and hide its children).
    home.refresh_from_db()
    return home, sections


def _translation_of(original, locale, *, clear=(), title=None):
    existing = type(original).objects.filter(translation_key=original.translation_key, locale=locale).first()
    if existing is not None:
        return existing
    copy = original.copy_for_translation(locale)
    for field in clear:
        setattr(copy, field, "")
    if title:
        copy.title = title
    copy.save_revision().publish()
    return copy


def repository_sections_ensure() -> list:
    """The Projects, Resources and Events list pages under the default-language home (idempotent).

    Runs after every migrate, so existing databases get a list page added later (Events) too.
    """
    from scientix.editorial.models import BlogIndexPage, NewsIndexPage, ObservatoryIndexPage
    from scientix.events.models import EventIndexPage
    from scientix.pages.models import HomePage
    from scientix.projects.models import ProjectIndexPage
    from scientix.resources.models import ResourceIndexPage

    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        return []
    from django.db import connection

    # After "migrate events zero" a section's table is gone: leave that section alone.
    tables = set(connection.introspection.table_names())
    sections, added = [], False
    for model, slug, title in [(ProjectIndexPage, "projects", "Projects"), (ResourceIndexPage, "resources", "Resources"),
                               (EventIndexPage, "events", "Events"), (NewsIndexPage, "news", "News"),
                               (BlogIndexPage, "blog", "Blog"), (ObservatoryIndexPage, "observatory", "Observatory")]:
        if model._meta.db_table not in tables:
            continue
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(title=title, slug=slug, show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
            added = True
        sections.append(page)
    if added:
        # A section added to a running site: the language trees that exist get their copy now,
        # not on the first submission in that language.
        translated_homes = HomePage.objects.filter(translation_key=home.translation_key).exclude(pk=home.pk)
        for language in translated_homes.values_list("locale__language_code", flat=True):
            locale_tree_ensure(language=language)
    return sections


def default_site_sync() -> None:
    """Point Wagtail's default site at SITE_URL, so full URLs in pages and e-mails are right."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    address = urlsplit(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).exclude(hostname=address.hostname, port=port).update(
        hostname=address.hostname, port=port
    )
