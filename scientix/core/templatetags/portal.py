from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.urls import reverse
from wagtail.models import Site

from scientix.core.selectors import language_alternates, pages_version, page_url_in_active_language, site_menus

register = template.Library()


def _site_root(request):
    if not hasattr(request, "_scientix_site_root"):
        site = Site.find_for_request(request)
        request._scientix_site_root = site.root_page if site else None
    return request._scientix_site_root


@register.simple_tag(takes_context=True)
def menus(context):
    """Main and footer menu pages, cached per language until a page changes."""
    request = context["request"]
    if not hasattr(request, "_scientix_menus"):
        root = _site_root(request)
        key = f"menus:{pages_version()}:{root.pk if root else 0}:{translation.get_language()}"
        request._scientix_menus = cache.get_or_set(key, lambda: site_menus(site_root=root), timeout=3600)
    return request._scientix_menus


@register.simple_tag(takes_context=True)
def alternates(context):
    """Links to this page in each of the 24 languages."""
    request = context["request"]
    return language_alternates(path=request.get_full_path(), page=context.get("page"), versions=context.get("versions"))


@register.simple_tag
def home_url():
    """The home page in the reader's language: always the root under their prefix."""
    return reverse("wagtail_serve", args=[""])


@register.simple_tag
def local_url(page):
    """The page's address under the reader's language prefix (see page_url_in_active_language)."""
    return page_url_in_active_language(page)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> block; escaped so text can never close it."""
    import json

    from django.utils.safestring import mark_safe

    payload = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.filter
def terms(page, vocabulary: str) -> list[str]:
    """Labels of the page's terms of one vocabulary, in the reader's language."""
    return [term.label for term in page.terms_of(vocabulary)]
