"""Reads about accounts."""

from django.utils import timezone

from scientix.accounts.models import User
from scientix.accounts.personal_data import export_sections
from scientix.accounts.roles import ROLES


def user_roles(*, user: User) -> list:
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLES if role.name in names]


def personal_data_export(*, user: User) -> dict:
    """Everything the portal holds about ``user``, as JSON-ready data (GDPR art. 15, 20)."""
    return {
        "exported_at": timezone.now().isoformat(),
        "format": "scientix-personal-data/1",
        **export_sections(user=user),
    }


def account_export(*, user: User) -> dict:
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "name": user.name,
        "country": user.country.code if user.country else "",
        "organisation": user.organisation,
        "professional_role": user.professional_role,
        "subjects": user.subjects,
        "languages": user.languages,
        "about": user.about,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": [role.slug for role in user_roles(user=user)],
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
    }
