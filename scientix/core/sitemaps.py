"""/sitemap.xml and /robots.txt: what search engines need to find every page in every language.

Each live public page is one <url>, with <xhtml:link rel="alternate"> to each of its
language versions and an x-default (the English version, else the first one made).
Past SITEMAP_LIMIT addresses (50,000, the protocol's maximum) /sitemap.xml becomes a
sitemap index over /sitemap-1.xml, /sitemap-2.xml, ...
"""

from xml.etree import ElementTree

from django.conf import settings
from wagtail.models import Page

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", SITEMAP_NS)
ElementTree.register_namespace("xhtml", XHTML_NS)


def sitemap_limit() -> int:
    return settings.SITEMAP_LIMIT


def _pages():
    return Page.objects.live().public().filter(depth__gt=1).select_related("locale").order_by("pk")


def sitemap_page_count() -> int:
    return max(1, -(-_pages().count() // sitemap_limit()))


def sitemap_index_xml(*, base: str) -> bytes:
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for number in range(1, sitemap_page_count() + 1):
        entry = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = f"{base}/sitemap-{number}.xml"
    return _serialised(root)


def sitemap_xml(*, base: str, number: int = 1, request=None) -> bytes:
    """One sitemap: the ``number``-th slice of the live public pages, each with its language versions."""
    limit = sitemap_limit()
    pages = list(_pages()[(number - 1) * limit: number * limit])
    versions: dict = {}
    for page in _pages().filter(translation_key__in={page.translation_key for page in pages}):
        versions.setdefault(page.translation_key, []).append(page)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in pages:
        entry = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = _absolute(page, base, request)
        if page.last_published_at:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = page.last_published_at.date().isoformat()
        siblings = versions.get(page.translation_key, [page])
        if len(siblings) > 1:
            for sibling in siblings:
                _alternate(entry, sibling.locale.language_code, _absolute(sibling, base, request))
            default = next((s for s in siblings if s.locale.language_code == "en"), siblings[0])
            _alternate(entry, "x-default", _absolute(default, base, request))
    return _serialised(root)


def _alternate(entry, language: str, href: str) -> None:
    ElementTree.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=language, href=href)


def _absolute(page, base: str, request) -> str:
    url = page.get_url(request=request) or "/"
    return url if url.startswith("http") else base + url


def _serialised(root) -> bytes:
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def robots_txt(*, base: str) -> str:
    return "\n".join([
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/accounts/",
        "Disallow: /*/submissions/",
        "Disallow: /*/search/",  # endless combinations of words and filters; the lists and pages are in the sitemap
        "Disallow: /api/",
        f"Sitemap: {base}/sitemap.xml",
        "",
    ])
