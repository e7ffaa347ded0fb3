import json

from django.core.serializers.json import DjangoJSONEncoder

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scientix.accounts.forms import AccountDeleteForm, ProfileForm
from scientix.accounts.selectors import personal_data_export, user_roles
from scientix.accounts.services import account_delete, profile_update


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "roles": user_roles(user=request.user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def data_export(request):
    """Download everything we hold about the signed-in person as JSON."""
    payload = json.dumps(personal_data_export(user=request.user), indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="scientix-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, _("Your account has been deleted. Thank you for having been part of Scientix."))
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)
