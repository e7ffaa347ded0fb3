"""News, blog and Observatory in a real browser: the lists, an item, a blog post, a report; axe-core on each."""

import feedparser
import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_editorial_pages_pass_axe_and_the_news_feed_is_announced(site, live_server, page):
    from scientix.editorial.demo import editorial_demo_load

    editorial_demo_load()
    page.goto(f"{live_server.url}/en/news/")
    assert page.locator("main h1").inner_text()
    assert page.get_by_role("link", name="Call for Scientix ambassadors").count() == 1
    assert axe_violations(page) == [], "news list"
    # The head announces the news feed; a real feed reader follows it.
    feed_url = page.locator('head link[rel=alternate][type="application/rss+xml"]').first.get_attribute("href")
    assert feed_url.endswith("/en/news/feed.rss")

    page.get_by_role("link", name="Call for Scientix ambassadors").click()
    page.wait_for_load_state()
    assert "ambassadors" in page.locator("main").inner_text()
    assert axe_violations(page) == [], "news item"

    page.goto(f"{live_server.url}/en/blog/")
    assert axe_violations(page) == [], "blog list"
    page.get_by_role("link", name="Our robotics league reaches 300 schools").click()
    page.wait_for_load_state()
    assert "Robotics League" in page.locator("main").inner_text()
    assert axe_violations(page) == [], "blog post"

    page.goto(f"{live_server.url}/en/observatory/?kind=report")
    assert axe_violations(page) == [], "observatory list"
    page.get_by_role("link", name="STEM teachers in Europe: 2025 survey").click()
    page.wait_for_load_state()
    pdf = page.locator("main a[type='application/pdf']")
    assert pdf.count() == 1
    assert axe_violations(page) == [], "report"

    response = page.request.get(f"{live_server.url}/en/news/feed.atom")
    parsed = feedparser.parse(response.body())
    assert parsed.bozo == 0 and len(parsed.entries) == 3
