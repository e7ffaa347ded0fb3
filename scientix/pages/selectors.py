"""Reads about editorial pages."""

from wagtail.models import Page

from scientix.pages.models import ContactSubmission


def contact_messages_export(*, user) -> list[dict]:
    return [
        {"sent_at": submission.submit_time.isoformat(), "page": submission.page.title, "message": submission.form_data}
        for submission in ContactSubmission.objects.filter(user=user).select_related("page").order_by("submit_time")
    ]


def pages_owned_export(*, user) -> list[dict]:
    return [
        {"title": page.title, "language": page.locale.language_code, "url": page.url, "live": page.live}
        for page in Page.objects.filter(owner=user).select_related("locale").order_by("pk")
    ]


def page_json_ld(*, page) -> dict:
    """schema.org for editorial pages: the home page names the site and its search, the others are web pages."""
    from urllib.parse import urljoin

    from django.urls import reverse
    from django.utils import translation

    from scientix.pages.models import ContactPage, HomePage

    language = page.locale.language_code
    data = {
        "@context": "https://schema.org",
        "@type": "ContactPage" if isinstance(page, ContactPage) else "WebPage",
        "name": page.title,
        # A contact page's intro is rich text; the meta description is plain.
        "description": page.search_description or (page.intro if not isinstance(page, ContactPage) else ""),
        "inLanguage": language,
        "url": page.full_url,
        "dateModified": page.last_published_at.isoformat() if page.last_published_at else None,
    }
    if isinstance(page, HomePage):
        # A WebSite with a SearchAction lets search engines offer the portal's own search box.
        with translation.override(language):
            search_url = urljoin(page.full_url or "", reverse("search:page"))
        data.update({
            "@type": "WebSite",
            "name": "Scientix",
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
                "query-input": "required name=search_term_string",
            },
        })
    return {key: value for key, value in data.items() if value not in (None, "")}
