"""The editor's "Translate with <provider>" button, without server errors.

wagtail-localize's own view (views.edit_translation.machine_translate) lets a
provider's failure through as a 500. This one is registered at the same admin
address, ahead of it (scientix/translations/wagtail_hooks.py), and does the same
thing through ``machine_draft``: same method, same permission check, same
``next`` handling, and a message instead of a crash when the provider fails.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

from scientix.translations.machine import MachineTranslationError, machine_draft


def draft_and_report(request: HttpRequest, translation: Translation) -> None:
    """Ask for a machine draft and tell the person what came of it (the editor's button and the job page)."""
    try:
        count = machine_draft(translation=translation, user=request.user)
    except MachineTranslationError as error:
        messages.error(request, str(error))
        return
    if count:
        messages.success(request, ngettext(
            "%(count)d text drafted by machine. It stays marked until a person reviews it.",
            "%(count)d texts drafted by machine. They stay marked until a person reviews them.",
            count,
        ) % {"count": count})
    else:
        messages.warning(request, _("There isn't anything left to translate."))


@require_POST
def machine_translate(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = get_object_or_404(Translation.objects.select_related("source", "target_locale"), id=translation_id)
    try:
        instance = translation.get_target_instance()
    except ObjectDoesNotExist:
        raise Http404 from None  # the translated page or snippet was deleted
    if not user_can_edit_instance(request.user, instance):
        raise PermissionDenied

    draft_and_report(request, translation)
    # Back to where the button was (the translation editor passes ?next=); never to another site.
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    return redirect(next_url)
