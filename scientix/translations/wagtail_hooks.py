"""Translations in the admin: a menu for the queue, jobs and figures; a guard on wagtail-localize's Publish."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import ListingButton
from wagtail_localize.models import Translation

from scientix.translations import admin_views, machine_views, permissions
from scientix.translations.machine import machine_strings
from scientix.translations.models import ACTIVE_JOB_STATES, TranslationJob
from scientix.translations.selectors import jobs_for


@hooks.register("register_admin_urls", order=-1)  # before wagtail-localize's, which we shadow
def register_urls():
    return [
        path("translations/", include((admin_views.urlpatterns, "translations_admin"), namespace="translations_admin")),
        # Shadows wagtail-localize's own view for its editor's "Translate with ..." button (registered later),
        # so a provider that fails or is unreachable gives a message, not a server error.
        path("localize/translate/<int:translation_id>/machine_translate/", machine_views.machine_translate,
             name="scientix_machine_translate"),
    ]


class _Item(MenuItem):
    def __init__(self, *args, shown_to: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return any(permissions.has(request.user, action) for action in self.shown_to)


@hooks.register("register_admin_menu_item")
def register_menu():
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    menu = Menu(items=[
        _Item(_("Requests"), reverse("translations_admin:queue"), icon_name="help", order=1, shown_to=("manage",)),
        _Item(_("Jobs"), reverse("translations_admin:jobs"), icon_name="tasks", order=2,
              shown_to=("manage", "review", "translate")),
        _Item(_("Figures"), reverse("translations_admin:figures"), icon_name="view", order=3, shown_to=("manage", "review")),
    ])
    return SubmenuMenuItem(_("Translations"), menu, icon_name="globe", order=870)


class ActiveJobsPanel(Component):
    """On the admin home: the jobs waiting for this person (to translate, or to review)."""

    name = "translation_jobs"
    template_name = "translations/admin/dashboard_panel.html"
    order = 205  # above Wagtail's own moderation panels

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        jobs = jobs_for(user=user).filter(state__in=ACTIVE_JOB_STATES)
        if permissions.has(user, "manage"):
            jobs = jobs.filter(Q(translator=user) | Q(reviewer=user))  # editors see all jobs in the list, not here
        return {**super().get_context_data(parent_context), "jobs": list(jobs[:10])}


@hooks.register("construct_homepage_panels")
def add_jobs_panel(request, panels):
    if permissions.can_translate(request.user) or permissions.can_review(request.user):
        panels.append(ActiveJobsPanel())


@hooks.register("register_page_header_buttons")
def translation_job_button(page, user, view_name, next_url=None):
    if permissions.has(user, "manage") and not page.is_root():
        yield ListingButton(_("Translation job"), url=reverse("translations_admin:new_job") + f"?page={page.pk}",
                            icon_name="globe", priority=75)


@hooks.register("before_edit_page", order=-10)
def publish_only_reviewed_translations(request, page):
    """wagtail-localize's editor publishes a translation directly; a translation with an open job, or with
    machine-drafted text no person has edited, is published only by a reviewer's approval of its job."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    localize_translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if localize_translation is None:
        return None
    open_job = TranslationJob.objects.filter(
        source_page__translation_key=page.translation_key, target_locale_id=page.locale_id, state__in=ACTIVE_JOB_STATES
    ).first()
    if open_job is not None:
        messages.error(request, _("This translation is published when its reviewer approves the translation job."))
        return redirect("translations_admin:job", open_job.pk)
    if machine_strings(translation=localize_translation).exists():
        messages.error(request, _("This translation has machine-drafted texts: edit them, or open a translation job so a reviewer checks them."))
        return redirect(request.path)
    return None
