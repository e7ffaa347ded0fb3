"""Writes for the editorial app: the "Blog partners" group and its rights on the blog."""

from django.db import transaction

BLOG_PARTNERS = "Blog partners"  # group name, English, stable: looked up by it

# Partners work in Wagtail's admin on the blog only: they add and edit posts, never publish.
# Their "Submit for moderation" goes through the site's moderation workflow to the editors.
PARTNER_PERMISSIONS = ("wagtailadmin.access_admin",)
PARTNER_PAGE_PERMISSIONS = ("add_page", "change_page")
PARTNER_COLLECTION_PERMISSIONS = ("wagtailimages.add_image", "wagtailimages.choose_image",
                                  "wagtaildocs.choose_document")


def _permission(dotted: str):
    from django.contrib.auth.models import Permission

    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def blog_partners_sync():
    """The group with add/edit rights on every language's blog list page (idempotent).

    Runs after every migrate and when a language's blog list is created.
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    from scientix.editorial.models import BlogIndexPage

    group, _created = Group.objects.get_or_create(name=BLOG_PARTNERS)
    group.permissions.set([_permission(dotted) for dotted in PARTNER_PERMISSIONS])
    page_permissions = list(Permission.objects.filter(content_type__app_label="wagtailcore",
                                                      codename__in=PARTNER_PAGE_PERMISSIONS))
    blogs = list(BlogIndexPage.objects.all())
    GroupPagePermission.objects.filter(group=group).exclude(page__in=blogs).delete()
    for blog in blogs:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=blog, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for dotted in PARTNER_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection,
                                                            permission=_permission(dotted))
    return group
