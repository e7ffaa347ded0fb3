from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from scientix.core import sitemaps
from scientix.core.selectors import pages_version


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A stale or missing form token: explain in the reader's language, no debug page."""
    return render(request, "403_csrf.html", status=403)


def _base(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_GET
def sitemap(request, number: int | None = None):
    """/sitemap.xml (a sitemap, or an index past SITEMAP_LIMIT addresses) and /sitemap-N.xml.

    Built once per version of the page tree and kept in the cache: at 100,000
    pages a sitemap takes seconds to build, and crawlers ask for it often.
    """
    base = _base(request)
    key = f"sitemap:{pages_version()}:{settings.SITEMAP_LIMIT}:{base}:{'index' if number is None else number}"
    body = cache.get(key)
    if body is None:
        pages = sitemaps.sitemap_page_count()
        if number is None:
            body = sitemaps.sitemap_index_xml(base=base) if pages > 1 else sitemaps.sitemap_xml(base=base, request=request)
        elif 1 <= number <= pages:
            body = sitemaps.sitemap_xml(base=base, number=number, request=request)
        else:
            raise Http404("no such sitemap")
        cache.set(key, body, timeout=settings.SITEMAP_CACHE_SECONDS)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_GET
def robots(request):
    return HttpResponse(sitemaps.robots_txt(base=_base(request)), content_type="text/plain; charset=utf-8")
