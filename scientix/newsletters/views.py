"""Pages at /<lang>/newsletters/: subscribe, confirm, manage, unsubscribe (RFC 8058), archive, webhook."""

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scientix.core.ratelimit import over_limit
from scientix.newsletters import selectors, services
from scientix.newsletters.forms import PreferencesForm, ProfileSubscriptionForm, SubscribeForm
from scientix.newsletters.models import Issue, Subscription

MAX_TOKEN = 64
MAX_WEBHOOK_BODY = 64 * 1024


def _rate_limited(request) -> bool:
    """True once an IP address has asked NEWSLETTER_RATE_LIMIT times within the hour (as the contact form)."""
    return over_limit(f"newsletter-rate:{request.META.get('REMOTE_ADDR', '')}", limit=settings.NEWSLETTER_RATE_LIMIT)


def _subscription_by_token(token: str) -> Subscription:
    if len(token) > MAX_TOKEN:
        raise Http404
    return get_object_or_404(Subscription, token=token)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    language = translation.get_language()
    consent = services.consent_wording()
    initial = {"languages": [language]}
    form = SubscribeForm(request.POST or None, consent_text=consent, initial=initial)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "newsletters/subscribe.html", {"form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.subscription_request(
                email=data["email"], languages=data["languages"], topics=data["topics"],
                frequency=data["frequency"], thematic=data["thematic"], interface_language=language,
                user=request.user if request.user.is_authenticated and
                request.user.email.lower() == data["email"].lower() else None)
            return redirect("newsletters:check_inbox")
        status = 400
    return render(request, "newsletters/subscribe.html", {"form": form}, status=status)


@require_GET
def check_inbox(request):
    return render(request, "newsletters/check_inbox.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button, POST confirms: mail scanners that follow links do not subscribe anyone."""
    subscription = services.confirm_token_read(token) if len(token) < 500 else None
    if subscription is None or subscription.status == Subscription.Status.UNSUBSCRIBED:
        return render(request, "newsletters/confirm_invalid.html", status=400)
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        messages.success(request, _("Your subscription is confirmed. Thank you!"))
        return redirect("newsletters:manage", token=subscription.token)
    return render(request, "newsletters/confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    subscription = _subscription_by_token(token)
    form = PreferencesForm(request.POST or None, initial={
        "languages": subscription.languages, "topics": subscription.topics,
        "frequency": subscription.frequency, "thematic": subscription.thematic})
    if request.method == "POST" and form.is_valid():
        services.subscription_update(subscription=subscription, **form.cleaned_data)
        messages.success(request, _("Your choices have been saved."))
        return redirect("newsletters:manage", token=token)
    return render(request, "newsletters/manage.html", {"form": form, "subscription": subscription},
                  status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: mail clients POST here without a session or CSRF token; the token is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    subscription = _subscription_by_token(token)
    if request.method == "POST":
        services.subscription_unsubscribe(subscription=subscription)
        return render(request, "newsletters/unsubscribed.html", {"subscription": subscription})
    return render(request, "newsletters/unsubscribe.html", {"subscription": subscription})


@require_POST
def forget(request, token: str):
    subscription = _subscription_by_token(token)
    services.subscription_forget(subscription=subscription)
    messages.success(request, _("We have deleted your subscription and the record of the mails we sent you."))
    return redirect("newsletters:subscribe")


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """The signed-in person's subscription, for the account's (verified) address: no confirmation mail."""
    subscription = Subscription.objects.filter(email__iexact=request.user.email).first()
    active = subscription is not None and subscription.status == Subscription.Status.ACTIVE
    initial = {"languages": [translation.get_language()]}
    if subscription is not None:
        initial = {"languages": subscription.languages, "topics": subscription.topics,
                   "frequency": subscription.frequency, "thematic": subscription.thematic}
    form = ProfileSubscriptionForm(request.POST or None, consent_text=services.consent_wording(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("languages", "topics", "frequency", "thematic")}
        services.subscription_for_user_save(user=request.user, interface_language=translation.get_language(), **data)
        messages.success(request, _("Your newsletter choices have been saved."))
        return redirect("newsletters:mine")
    return render(request, "newsletters/mine.html", {"form": form, "subscription": subscription, "active": active},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def mine_unsubscribe(request):
    subscription = Subscription.objects.filter(email__iexact=request.user.email).first()
    if subscription is not None:
        services.subscription_unsubscribe(subscription=subscription)
    messages.success(request, _("You will receive no more newsletters."))
    return redirect("newsletters:mine")


@require_GET
def archive(request):
    issues = list(selectors.archive_issues()[:200])
    return render(request, "newsletters/archive.html", {"issues": issues})


@require_GET
def issue(request, pk: int):
    found = get_object_or_404(selectors.archive_issues(), pk=pk)
    context = {"issue": found}
    if found.kind == Issue.Kind.DIGEST:
        items = selectors.issue_web_items(issue=found, language=translation.get_language())
        context["groups"] = selectors.grouped(items)
    return render(request, "newsletters/issue.html", context)


@csrf_exempt  # machines post here; the HMAC signature is the authority
@require_POST
def webhook(request, provider: str):
    """Bounces and complaints: ``{"event": "bounce"|"complaint", "email": ...}`` signed with HMAC-SHA256.

    The signature is ``X-Scientix-Signature: sha256=<hex of HMAC(secret, raw body)>``. Off (404) without
    NEWSLETTER_WEBHOOK_SECRET; "generic" is the only provider until an adapter (e.g. anymail's) is added.
    """
    secret = settings.NEWSLETTER_WEBHOOK_SECRET
    if not secret or provider != "generic":
        raise Http404
    body = request.body[:MAX_WEBHOOK_BODY + 1]
    if len(body) > MAX_WEBHOOK_BODY:
        return JsonResponse({"error": "too large"}, status=413)
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Scientix-Signature", "")):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        payload = json.loads(body)
        event, email = payload["event"], payload["email"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected {\"event\": ..., \"email\": ...}"}, status=400)
    if event not in {"bounce", "complaint"} or not isinstance(email, str) or len(email) > 254:
        return JsonResponse({"error": "unknown event or bad address"}, status=400)
    found = services.bounce_record(email=email, event=event)
    return JsonResponse({"unsubscribed": found})


