from django import template
from wagtail.models import Site

from scientix.core.selectors import language_alternates, page_url_in_active_language, site_menus

register = template.Library()


def _site_root(request):
    if not hasattr(request, "_scientix_site_root"):
        site = Site.find_for_request(request)
        request._scientix_site_root = site.root_page if site else None
    return request._scientix_site_root


@register.simple_tag(takes_context=True)
def menus(context):
    """Main and footer menu pages for the current request (computed once)."""
    request = context["request"]
    if not hasattr(request, "_scientix_menus"):
        request._scientix_menus = site_menus(site_root=_site_root(request))
    return request._scientix_menus


@register.simple_tag(takes_context=True)
def alternates(context):
    """Links to this page in each of the 24 languages."""
    request = context["request"]
    return language_alternates(path=request.get_full_path(), page=context.get("page"))


@register.simple_tag(takes_context=True)
def home_url(context):
    root = _site_root(context["request"])
    return page_url_in_active_language(root.localized) if root else "/"
