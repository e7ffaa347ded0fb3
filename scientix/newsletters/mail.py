"""Building the mails: an accessible HTML part, a plain-text part, RFC 8058 unsubscribe headers.

Rendering a template per recipient would dominate a 100,000-recipient run,
and most recipients of one digest get the same items: so a body is rendered
once per (language, items) with a placeholder where the recipient's token
goes, and the token is put in by string replacement (``RenderCache``).
"""

from collections import OrderedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from scientix.newsletters import selectors

TOKEN_PLACEHOLDER = "tokenplaceholder0000000000000000000000000000"


def absolute(path: str) -> str:
    return path if "://" in path else settings.SITE_URL.rstrip("/") + path


def _links_template(language: str, site_url: str) -> dict:
    with translation.override(language):
        return {
            "unsubscribe_url": absolute(reverse("newsletters:unsubscribe", args=[TOKEN_PLACEHOLDER])),
            "manage_url": absolute(reverse("newsletters:manage", args=[TOKEN_PLACEHOLDER])),
            "archive_url": absolute(reverse("newsletters:archive")),
            "subscribe_url": absolute(reverse("newsletters:subscribe")),
        }


_link_templates: dict = {}


def links(*, token: str, language: str) -> dict:
    """The subscriber's links in ``language`` (resolved once per language and site address, then filled in)."""
    key = (language, settings.SITE_URL)
    if key not in _link_templates:
        _link_templates[key] = _links_template(language, settings.SITE_URL)
    return {name: url.replace(TOKEN_PLACEHOLDER, token) for name, url in _link_templates[key].items()}


def headers(*, token: str, language: str) -> dict:
    """List-Unsubscribe (https, plus mailto when a mailbox handles it) and RFC 8058's one-click marker."""
    urls = links(token=token, language=language)
    targets = [f"<{urls['unsubscribe_url']}>"]
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{token}>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Scientix newsletters <{settings.NEWSLETTER_LIST_ID}>",
        "List-Archive": f"<{urls['archive_url']}>",
    }


def message(*, to: str, subject: str, text: str, html: str, extra_headers: dict | None = None,
            connection=None) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.NEWSLETTER_FROM_EMAIL, to=[to],
                                  headers=extra_headers or {}, connection=connection)
    mail.attach_alternative(html, "text/html")
    return mail


def render_pair(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of ``newsletters/email/<template>``, in ``language``."""
    with translation.override(language):
        context = {**context, "language": language, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"newsletters/email/{template}_subject.txt", context).split())
        text = render_to_string(f"newsletters/email/{template}.txt", context)
        html = render_to_string(f"newsletters/email/{template}.html", context)
    return subject, text, html


def digest_context(*, issue, items: list, language: str, token: str) -> dict:
    with translation.override(language):
        groups = [(label, [{"title": item.title, "url": absolute(item.url), "language": item.language,
                            "published_at": item.published_at} for item in members])
                  for label, members in selectors.grouped(items)]
        web_url = absolute(reverse("newsletters:issue", args=[issue.pk]))
    return {"issue": issue, "groups": groups, "count": len(items), "web_url": web_url,
            **links(token=token, language=language)}


def newsletter_context(*, newsletter, subscription) -> dict:
    language = subscription.interface_language if subscription else newsletter.language
    token = subscription.token if subscription else TOKEN_PLACEHOLDER
    context = {"newsletter": newsletter, "title": newsletter.title, **links(token=token, language=language)}
    issue = getattr(newsletter, "issue", None) if newsletter.pk else None
    if issue is not None:
        with translation.override(language):
            context["web_url"] = absolute(reverse("newsletters:issue", args=[issue.pk]))
    context.update(language=newsletter.language, site_url=settings.SITE_URL)
    return context


class RenderCache:
    """Rendered bodies by key, bounded (least recently used goes first)."""

    def __init__(self, size: int = 256):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key, render):
        if key in self.entries:
            self.entries.move_to_end(key)
            self.hits += 1
            return self.entries[key]
        self.misses += 1
        value = render()
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value


def personalise(rendered: tuple[str, str, str], token: str) -> tuple[str, str, str]:
    return tuple(part.replace(TOKEN_PLACEHOLDER, token) for part in rendered)
