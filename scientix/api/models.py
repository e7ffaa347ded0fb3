from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Not revoked, and its owner can still sign in (deactivated accounts lose their tokens)."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal token for the REST API: ``stx_<prefix>_<secret>``.

    Only the SHA-256 hash of the whole token is stored: a leaked database
    reveals no usable token. The short public ``prefix`` lets a person (and
    the token page) tell their tokens apart without the secret. A token dies
    with its account (CASCADE) and when revoked.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the whole token
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        # ninja's throttles key on str(request.auth): never the secret.
        return f"api-token:{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
