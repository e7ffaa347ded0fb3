"""The public side: a signed-in person asks for a resource in another language, or adds their voice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scientix.resources.models import ResourcePage
from scientix.translations.selectors import language_name
from scientix.translations.services import request_ask


@login_required
@require_POST
def ask(request, page_id: int):
    resource = get_object_or_404(ResourcePage.objects.live().public(), pk=page_id)
    language = request.POST.get("language", "")[:8]
    try:
        translation_request = request_ask(user=request.user, resource=resource, language=language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = language_name(translation_request.language)
        if translation_request.vote_count == 1:
            messages.success(request, _("Thank you: you asked for this resource in %(language)s. We will write to you when it is published.")
                             % {"language": name})
        else:
            messages.success(request, _("Thank you: your voice is added. %(count)d people now ask for it in %(language)s.")
                             % {"count": translation_request.vote_count, "language": name})
    return redirect(resource.url + "#translation-requests")
