"""Writes about accounts: roles, profiles, erasure."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from scientix.accounts.models import User
from scientix.accounts.personal_data import anonymise_authored
from scientix.accounts.roles import ROLES, Role


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise Permission.DoesNotExist(f"Permission {dotted} does not exist: are all migrations applied?") from None


@transaction.atomic
def roles_sync() -> list[Group]:
    """Create or update one group per role with exactly the role's permissions.

    Idempotent: runs after every ``migrate`` so a fresh database has the roles.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = []
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.name)
        group.permissions.set([_permission(p) for p in role.permissions])
        if root_page is not None:
            _sync_page_permissions(group, role, root_page, GroupPagePermission)
        if root_collection is not None:
            GroupCollectionPermission.objects.filter(group=group).delete()
            for dotted in role.collection_permissions:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=_permission(dotted)
                )
        groups.append(group)
    return groups


def _sync_page_permissions(group: Group, role: Role, root_page, model) -> None:
    model.objects.filter(group=group).delete()
    for codename in role.page_permissions:
        model.objects.create(
            group=group,
            page=root_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def user_roles_set(*, user: User, role_slugs: list[str]) -> None:
    """Give ``user`` exactly these roles (by slug); other groups are untouched."""
    by_slug = {role.slug: role for role in ROLES}
    unknown = set(role_slugs) - set(by_slug)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    role_groups = Group.objects.filter(name__in=[role.name for role in ROLES])
    wanted = Group.objects.filter(name__in=[by_slug[slug].name for slug in role_slugs])
    user.groups.remove(*role_groups)
    user.groups.add(*wanted)


@transaction.atomic
def profile_update(*, user: User, **fields) -> User:
    """Save profile fields that a ProfileForm has already validated."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password", "username"])
    user.save()
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase an account and its personal data (GDPR art. 17).

    What the person authored for others (pages, messages to editors) stays,
    with their name and address removed: each app says how in personal_data.
    """
    anonymise_authored(user=user)
    user.delete()
