"""Who may do what with translations; the roles (scientix.accounts.roles) grant these permissions."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

PERMISSIONS = {
    "manage": "translations.manage_translations",  # accept, decline, assign, cancel: editors
    "review": "translations.review_translations",  # approve or send back: reviewers and editors
    "translate": "translations.translate_translations",  # can be given jobs: translators
}


def has(user, action: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERMISSIONS[action]))


def people_with(action: str):
    """Active accounts that hold ``action``'s permission (through a role, directly, or as superusers)."""
    # ModelBackend is where roles (groups) grant permissions; allauth's backend adds none.
    return (get_user_model().objects.with_perm(PERMISSIONS[action], include_superusers=True,
                                               backend="django.contrib.auth.backends.ModelBackend")
            .filter(is_active=True).order_by("name", "email"))


def require(user, action: str) -> None:
    if not has(user, action):
        raise PermissionDenied(_("You do not have the right to do this."))


def can_translate(user) -> bool:
    return has(user, "translate")


def can_review(user) -> bool:
    return has(user, "review")
