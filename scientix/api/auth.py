"""Who is calling: personal tokens (``Authorization: Bearer stx_...``), and how often they may.

Reads are public: without a token they count against the caller's address
(``API_THROTTLE_ANON``), with one against the token (``API_THROTTLE_TOKEN``).
A token that is wrong, revoked or whose account is deactivated is refused
(401) even on reads: a client should learn that its token stopped working.
Writes need a token and have their own, lower budget (``API_THROTTLE_WRITE``).
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from scientix.api.models import ApiToken
from scientix.api.services import api_token_touch, token_hash


class Anonymous:
    """``request.auth`` of a public read without a token (ninja needs something truthy)."""

    def __bool__(self):
        return True

    def __str__(self):
        return "anonymous"


ANONYMOUS = Anonymous()


def token_for(raw: str) -> ApiToken | None:
    if not raw.startswith("stx_") or len(raw) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(secret_hash=token_hash(raw)).first()
    if token is not None:
        api_token_touch(token=token)
    return token


class TokenAuth(HttpBearer):
    """A personal token is required (writes)."""

    openapi_description = "A personal token, made on your profile page: `Authorization: Bearer stx_...`."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for(token.strip())
        if found is not None:
            request.user = found.user  # the submission services and selectors speak of users
        return found


class OptionalTokenAuth(TokenAuth):
    """Public reads: no Authorization header is fine; a bad one is a 401."""

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            return ANONYMOUS
        return super().__call__(request)


class SettingRateThrottle(SimpleRateThrottle):
    """A ninja throttle whose rate is read from a setting at each request (tests and operators change it)."""

    setting = ""

    def __init__(self):
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest):
        return request.META.get("REMOTE_ADDR", "") if settings.NINJA_NUM_PROXIES == 0 else super().get_ident(request)


class AnonymousThrottle(SettingRateThrottle):
    scope = "api-anon"
    setting = "API_THROTTLE_ANON"

    def get_cache_key(self, request: HttpRequest):
        if getattr(request, "auth", None) is not ANONYMOUS:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(SettingRateThrottle):
    """Per account, not per token: making more tokens buys no more requests."""

    scope = "api-token"
    setting = "API_THROTTLE_TOKEN"

    def get_cache_key(self, request: HttpRequest):
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.user_id}


class WriteThrottle(TokenThrottle):
    scope = "api-write"
    setting = "API_THROTTLE_WRITE"


READ_AUTH = [OptionalTokenAuth()]
WRITE_AUTH = [TokenAuth()]
READ_THROTTLES = [AnonymousThrottle(), TokenThrottle()]
WRITE_THROTTLES = [TokenThrottle(), WriteThrottle()]
