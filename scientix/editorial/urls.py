"""/<lang>/news/feed.rss, /<lang>/news/feed.atom, and the same for blog and observatory.

Matched before Wagtail's catch-all, which routes only page slugs. The only addresses of the feeds.
"""

from django.urls import path

from scientix.editorial import views

app_name = "editorial"

urlpatterns = [
    path(f"{section}/feed.{flavour}", views.section_feed, {"section": section, "flavour": flavour},
         name=f"{section}_{flavour}")
    for section in views.FEEDS
    for flavour in ("rss", "atom")
]
