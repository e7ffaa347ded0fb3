"""Writes for the REST API: personal tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from scientix.api.models import ApiToken

TOKEN_PREFIX = "stx"
# last_used_at is for the person's overview ("used today"), not an audit log:
# one write per token and few minutes is enough, and spares a write per request.
LAST_USED_PRECISION = timedelta(minutes=5)
MAX_TOKENS_PER_USER = 20


class TooManyTokens(Exception):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the secret, which is shown once and never stored."""
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        raise TooManyTokens
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix, secret_hash=token_hash(secret))
    return token, secret


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> bool:
    """Revoke one of ``user``'s tokens; False when it is not theirs or already revoked."""
    return bool(ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used, at most once per ``LAST_USED_PRECISION``."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
