"""The events list (and month view), the subscribable feed, and one event as .ics."""

from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scientix.events import ical, selectors


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def event_list(request, *, index_page):
    language = translation.get_language()
    form = selectors.EventFilterForm(request.GET)
    filters = form.filters()
    context = {
        "page": index_page, "self": index_page, "form": form, "filters": filters,
        "feed_query": _query_without(request, "page", "view", "month", "when", "format"),
    }
    # The same filters as a calendar to subscribe to.
    context["feed_url"] = "?" + "&".join(part for part in (context["feed_query"], "format=ics") if part)
    if request.GET.get("view") == "month":
        first = selectors.month_parse(request.GET.get("month"))
        if first is None:
            # No month, or one that does not exist (2026-13): this month, with a word if one was given.
            context["month_error"] = _("There is no such month; here is the current one.") if request.GET.get("month") else ""
            first = timezone.localdate().replace(day=1)
        context.update(month=selectors.event_month(filters=filters, language=language, first=first),
                       query=_query_without(request, "page", "month", "when"))
        return render(request, "events/event_month.html", context)
    result = selectors.event_list(filters=filters, language=language, page_number=request.GET.get("page"))
    context.update(result=result, query=_query_without(request, "page"),
                   when_query=_query_without(request, "page", "when"))
    return render(request, "events/event_list.html", context)


def event_feed(request, *, index_page):
    """The list's filters as a calendar to subscribe to (upcoming and the last 90 days)."""
    language = translation.get_language()
    filters = selectors.EventFilterForm(request.GET).filters()
    events = selectors.feed_events(filters=filters, language=language)
    name = f"Scientix – {index_page.title}"
    cal = ical.calendar_of(events, sequences=selectors.event_sequences(events=events), name=name)
    return ical.calendar_response(cal, filename="scientix-events")


def event_ics(request, *, event):
    cal = ical.calendar_of([event], sequences=selectors.event_sequences(events=[event]))
    return ical.calendar_response(cal, filename=event.slug)
