"""A teacher searches from the header in German, narrows by a facet, and gets suggestions while typing.

The suggestions run under the portal's real Content-Security-Policy (no bypass);
axe-core, which must be injected, checks the pages in a second context.
"""

import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import publish_project, publish_resource

pytestmark = pytest.mark.browser


def test_search_filter_and_suggestions(site, live_server, browser):
    publish_resource("Photosynthesis in green plants", description="Plants turn light into sugar.", subjects=("biology",))
    publish_resource("Licht und Farben", language="de", description="Ein Prisma zerlegt weißes Licht.", subjects=("optics",))
    publish_project("Optics for all", description="Lenses and mirrors in schools.", subjects=("optics",))
    base = live_server.url

    context = browser.new_context()
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)

    # 1. From the header, in German: the subject name finds material in both languages.
    page.goto(f"{base}/de/")
    page.locator("#header-q").fill("Optik")
    page.locator("#header-q").press("Enter")
    page.wait_for_url(f"{base}/de/search/?q=Optik")
    results = page.locator(".results")
    assert results.get_by_role("link", name="Licht und Farben").is_visible()
    assert results.get_by_role("link", name="Optics for all").is_visible()
    assert "2 Ergebnisse" in page.locator(".list-toolbar [role=status]").inner_text()

    # 2. Narrow to projects with the "Type" facet.
    page.locator(".facet-form input[name=type][value=project]").check()
    page.locator(".facet-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "type=project" in page.url
    assert results.get_by_role("link", name="Optics for all").is_visible()
    assert results.get_by_role("link", name="Licht und Farben").count() == 0
    # An English item opens under the reader's German prefix.
    assert results.get_by_role("link", name="Optics for all").get_attribute("href").startswith("/de/projects/")

    # 3. Suggestions while typing (the script loads under the real CSP).
    page.locator("#search-q").fill("photos")
    page.locator("#search-suggestions option").first.wait_for(state="attached", timeout=10_000)  # no eval under CSP
    assert page.locator("#search-suggestions option").first.get_attribute("value") == "Photosynthesis in green plants"
    assert blocked == []

    # 4. No serious accessibility problem on the search page, in two languages.
    checker = browser.new_context(bypass_csp=True).new_page()
    for url in (f"{base}/de/search/?q=Optik", f"{base}/en/search/?q=light&type=resource", f"{base}/en/search/"):
        checker.goto(url)
        assert axe_violations(checker) == [], url
