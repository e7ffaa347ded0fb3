"""The signed-in person's API tokens: make one (its secret is shown once), list them, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from scientix.api.forms import ApiTokenForm
from scientix.api.selectors import user_tokens
from scientix.api.services import TooManyTokens, api_token_create, api_token_revoke


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    secret, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
                form = ApiTokenForm()
            except TooManyTokens:
                form.add_error(None, _("You have many tokens already: revoke one you no longer use first."))
                status = 400
        else:
            status = 400
    response = render(request, "api/tokens.html", {
        "form": form, "secret": secret, "tokens": user_tokens(user=request.user),
        "head_title": _("API tokens"),
    }, status=status)
    response["Cache-Control"] = "no-store"  # the page may show a secret
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if api_token_revoke(user=request.user, token_id=token_id):
        messages.success(request, _("The token has been revoked: it no longer works."))
    else:
        messages.error(request, _("This token does not exist or has been revoked already."))
    return redirect("accounts:api_tokens")


def endpoint_not_found(request, rest: str = ""):
    """Any address under /api/v1/ that is no endpoint: a JSON 404 in the API's error shape, never a redirect.

    ``api.create_response`` also keeps LocaleMiddleware from turning the 404 into a redirect to /en/api/...
    """
    from scientix.api.api import api

    return api.create_response(request, {"error": f"no such endpoint: {request.path[:200]}"}, status=404)
