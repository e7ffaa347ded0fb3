"""<link rel="alternate"> for feeds: the news feed of the reader's language on every page, plus a section's own."""

from django import template
from django.utils import translation
from django.utils.html import format_html_join

register = template.Library()

FLAVOURS = (("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom"))


@register.simple_tag(takes_context=True)
def feed_links(context):
    from scientix.editorial.selectors import FEED_TITLES, SECTION_LABELS
    from scientix.editorial.views import feed_urls

    language = translation.get_language() or "en"
    sections = ["news"]
    own = context.get("feed_section")
    if own in SECTION_LABELS and own not in sections:
        sections.append(own)
    site = context.get("SITE_URL", "")
    rows = []
    for section in sections:
        urls = feed_urls(section=section, language=language)
        for flavour, mime, name in FLAVOURS:
            title = f"{FEED_TITLES[section]} ({name})"
            rows.append((mime, f"{site}{urls[flavour]}", title))
    return format_html_join("\n  ", '<link rel="alternate" type="{}" href="{}" title="{}">', rows)
