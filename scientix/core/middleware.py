from django.conf import settings


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
