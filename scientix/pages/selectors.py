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
