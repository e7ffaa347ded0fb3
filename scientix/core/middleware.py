from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Addresses for machines and staff: they have no language prefix, and a 404 under them is final.
UNPREFIXED_PATHS = (
    "/admin/", "/api/", "/oai", "/documents/", "/static/", "/media/", "/healthz", "/sitemap", "/robots.txt",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that it does not turn a 404 under ``UNPREFIXED_PATHS`` into a redirect.

    Django answers a 404 on an unprefixed address by redirecting to ``/<lang>/<address>`` whenever
    the prefixed routes would match it; with Wagtail's catch-all they always do, so an unknown
    ``/api/v1/x`` or ``/admin/x`` became a redirect to a page that does not exist either.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware:
    """Send our Content-Security-Policy on every response that has none.

    Django 5.2 has no CSP support of its own; one header is all we need.
    The staff admin gets its own, looser policy (Wagtail needs inline code)
    and may frame itself (the live preview); everything else may not be framed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith("/admin/"):
                response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY_ADMIN
                response.setdefault("X-Frame-Options", "SAMEORIGIN")
            else:
                response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response
