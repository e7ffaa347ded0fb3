"""Roles are groups with permissions; this module is the one place that says which.

Staff roles work in Wagtail's admin (``wagtailadmin.access_admin``); the others
act on the public site only. Page permissions are granted on the tree root.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    slug: str
    name: str  # group name, English, stable: other code looks groups up by it
    label: str
    staff: bool
    permissions: tuple[str, ...] = ()  # "app_label.codename"
    page_permissions: tuple[str, ...] = ()  # Wagtail page permission codenames
    collection_permissions: tuple[str, ...] = field(default=())


EDITOR = Role(
    slug="editor", name="Editors", label=_("Editor"), staff=True,
    permissions=(
        "wagtailadmin.access_admin",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
        "wagtail_localize.submit_translation",
        "resources.view_review", "resources.change_review",
        "projects.view_organisation", "projects.add_organisation", "projects.change_organisation",
        "translations.manage_translations", "translations.review_translations",
    ),
    page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"),
    collection_permissions=(
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    ),
)
TRANSLATOR = Role(
    slug="translator", name="Translators", label=_("Translator"), staff=True,
    permissions=("wagtailadmin.access_admin", "wagtail_localize.submit_translation", "translations.translate_translations"),
    page_permissions=("change_page",),
    collection_permissions=("wagtailimages.choose_image", "wagtaildocs.choose_document", "wagtaildocs.add_document"),
)
# Reviewers read a delivered translation, correct it if need be (so they may edit pages) and
# approve it; approving through the job is what publishes it: they have no page publish right.
TRANSLATION_REVIEWER = Role(
    slug="translation_reviewer", name="Translation reviewers", label=_("Translation reviewer"), staff=True,
    permissions=("wagtailadmin.access_admin", "translations.review_translations"),
    page_permissions=("change_page",),
    collection_permissions=("wagtailimages.choose_image", "wagtaildocs.choose_document"),
)
NATIONAL_CONTACT_POINT = Role(
    slug="national_contact_point", name="National contact points", label=_("National contact point"), staff=True,
    permissions=("wagtailadmin.access_admin",),
    page_permissions=("add_page", "change_page"),
    collection_permissions=("wagtailimages.add_image", "wagtailimages.choose_image", "wagtaildocs.choose_document"),
)
EVALUATOR = Role(
    slug="evaluator", name="Evaluators", label=_("Evaluator"), staff=True,
    permissions=("wagtailadmin.access_admin",),
)
MINISTRY_REPRESENTATIVE = Role(
    slug="ministry_representative", name="Ministry representatives", label=_("Ministry representative"), staff=False,
)
AMBASSADOR = Role(slug="ambassador", name="Ambassadors", label=_("Ambassador"), staff=False)
SCHOOL = Role(slug="school", name="Schools", label=_("School"), staff=False)
CAMPAIGN_PARTNER = Role(slug="campaign_partner", name="Campaign partners", label=_("Campaign partner"), staff=False)

ROLES = (
    EDITOR, TRANSLATOR, TRANSLATION_REVIEWER, NATIONAL_CONTACT_POINT, EVALUATOR,
    MINISTRY_REPRESENTATIVE, AMBASSADOR, SCHOOL, CAMPAIGN_PARTNER,
)
