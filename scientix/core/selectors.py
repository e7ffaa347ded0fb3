"""Reads shared by every page: menus and language alternates."""

from dataclasses import dataclass

from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation

from scientix.languages import EU_LANGUAGES


def language_alternates(*, path: str, page=None, versions=None) -> list[dict]:
    """One entry per EU language: where this same page lives in that language.

    A Wagtail page links to its real translation when there is one (its slug
    may differ); anything else keeps the path and swaps the language prefix,
    so the reader stays on the same page. ``versions`` spares the query when
    the view has already loaded the page's language versions.
    """
    translations = {}
    if versions is None and page is not None and getattr(page, "pk", None):
        versions = page.get_translations(inclusive=True).live().select_related("locale")
    for other in versions or []:
        translations[other.locale.language_code] = other
    alternates = []
    for code, _name in EU_LANGUAGES:
        info = translation.get_language_info(code)
        if code in translations:
            with translation.override(code):
                url = translations[code].get_url()
        else:
            url = translate_url(path, code)
        alternates.append({"code": code, "name_local": info["name_local"], "url": url})
    return alternates


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    lang: str  # language of the title: differs from the page's when it falls back
    translation_key: object


def page_url_in_active_language(page, *, page_language: str | None = None) -> str:
    """The page's URL under the reader's language prefix.

    A page not yet translated keeps the reader's prefix (/fr/about/ serves
    the English original with a notice) so the reader never loses their language.
    """
    url = page.url or "/"
    active = translation.get_language()
    page_language = page_language or page.locale.language_code
    if page_language == active:
        return url
    # translate_url resolves in the active language: resolve in the page's own.
    with translation.override(page_language):
        return translate_url(url, active)


def site_menus(*, site_root) -> dict[str, list[MenuItem]]:
    """The main and footer menus: live children of the home page, in the active language.

    Menus are built from the original-language tree so that a page nobody
    has translated yet still appears (in its original language) rather than
    vanishing; a translation replaces it where one is live.
    """
    if site_root is None:
        return {"main": [], "footer": []}
    from wagtail.models import Locale, Page

    children = list(site_root.get_children().live())
    in_footer = _footer_page_ids([page.pk for page in children])
    # 24 rows: one query answers every locale lookup below.
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    active = next((loc for loc in locales.values() if loc.language_code == translation.get_language()), None)
    translated = {}
    if active is not None and any(page.locale_id != active.pk for page in children):
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                locale=active, translation_key__in=[page.translation_key for page in children]
            )
        }
    menus = {"main": [], "footer": []}
    for original in children:
        shown = translated.get(original.translation_key, original)
        language = locales[shown.locale_id].language_code
        item = MenuItem(
            title=shown.title,
            url=page_url_in_active_language(shown, page_language=language),
            lang=language,
            translation_key=original.translation_key,
        )
        if original.show_in_menus:
            menus["main"].append(item)
        if original.pk in in_footer:
            menus["footer"].append(item)
    return menus


PAGES_VERSION_KEY = "pages:version"


def pages_version() -> int:
    """Part of every cache key built from the page tree (menus, sitemaps); bumped by ``core.signals`` whenever a page changes."""
    return cache.get_or_set(PAGES_VERSION_KEY, 1, timeout=None)


def _footer_page_ids(page_ids: list[int]) -> set[int]:
    """Which of these pages are flagged for the footer (one query over every page type that can be)."""
    from django.db.models import Q
    from wagtail.models import Page

    from scientix.pages.models import FooterLinkMixin

    flagged = Q()
    for model in FooterLinkMixin.__subclasses__():
        flagged |= Q(**{f"{model._meta.model_name}__show_in_footer": True})
    return set(Page.objects.filter(pk__in=page_ids).filter(flagged).values_list("pk", flat=True))


def locale_cached(locale_id: int):
    """A Wagtail Locale by id from the cache: pages show their language on every request."""
    from wagtail.models import Locale

    locales = cache.get("locales:by-id")
    if locales is None or locale_id not in locales:
        locales = {locale.pk: locale for locale in Locale.objects.all()}
        cache.set("locales:by-id", locales, timeout=3600)
    return locales[locale_id]
