from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send our Content-Security-Policy on every response that has none.

    Django 5.2 has no CSP support of its own; one header is all we need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
