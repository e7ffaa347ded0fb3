"""The news, blog and Observatory lists, and their RSS 2.0 and Atom feeds."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from scientix.editorial import selectors


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def item_list(request, *, index_page):
    language = translation.get_language()
    section = index_page.section
    form = selectors.ItemFilterForm(request.GET, section=section)
    filters = form.filters()
    result = selectors.item_list(section=section, filters=filters, language=language,
                                 page_number=request.GET.get("page"))
    context = {
        "page": index_page, "self": index_page, "form": form, "filters": filters, "result": result,
        "query": _query_without(request, "page"), "feed_section": section,
        "feeds": feed_urls(section=section, language=language),
    }
    return render(request, "editorial/item_list.html", context)


def feed_urls(*, section: str, language: str) -> dict:
    """Where the feeds of a section are, for <link rel="alternate"> and the list page."""
    from django.urls import reverse

    with translation.override(language):
        return {flavour: reverse(f"editorial:{section}_{flavour}") for flavour in ("rss", "atom")}


class _ItemsFeed(Feed):
    """One section's newest items in the request's language (one version of each item)."""

    section = "news"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        # The feed's <language> is the active one (Feed.language is None): the URL's prefix.
        language = translation.get_language()
        index_model = {"news": "NewsIndexPage", "blog": "BlogIndexPage", "observatory": "ObservatoryIndexPage"}
        from django.apps import apps

        model = apps.get_model("editorial", index_model[self.section])
        index_page = (model.objects.live().filter(locale__language_code=language).first()
                      or model.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first())
        if index_page is None:
            raise Http404("No such section.")
        return {"language": language, "index": index_page}

    def title(self, obj):
        return f"Scientix – {obj['index'].title}"

    def link(self, obj):
        return f"/{obj['language']}/{self.section}/"

    def description(self, obj):
        return obj["index"].intro or selectors.FEED_DESCRIPTIONS[self.section]

    subtitle = description

    def feed_url(self, obj):
        return feed_urls(section=self.section, language=obj["language"])[
            "atom" if self.feed_type is Atom1Feed else "rss"]

    def items(self, obj):
        return selectors.feed_items(section=self.section, language=obj["language"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request) or "/"

    def item_guid(self, item):
        # The same for every edit and every language version: a reader never sees one item twice.
        return f"tag:{_host()},2026:{self.section}:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        published = item.published_on
        if item.first_published_at and (published is None or timezone.localdate(item.first_published_at) == published):
            return item.first_published_at
        if published:
            return timezone.make_aware(datetime.combine(published, time(9)))
        return None

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [term.label for term in item.terms_of("subject")]

    def item_author_name(self, item):
        return item.author_display or None

    def item_enclosures(self, item):
        report = getattr(item, "report", None) if getattr(item, "report_id", None) else None
        if report is None:
            return []
        try:
            size = report.file_size or report.file.size
        except (OSError, ValueError):
            size = 0
        return [Enclosure(self.request.build_absolute_uri(report.url), str(size or 0), "application/pdf")]


def _host() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "scientix.eu"


def _feed_classes(section: str) -> dict:
    rss = type(f"{section.title()}RssFeed", (_ItemsFeed,), {"section": section, "feed_type": Rss201rev2Feed})
    atom = type(f"{section.title()}AtomFeed", (_ItemsFeed,), {"section": section, "feed_type": Atom1Feed})
    return {"rss": rss, "atom": atom}


FEEDS = {section: _feed_classes(section) for section in selectors.SECTIONS}


def section_feed(request, *, section: str, flavour: str):
    if section not in FEEDS or flavour not in ("rss", "atom"):
        raise Http404("No such feed.")
    return FEEDS[section][flavour]()(request)
