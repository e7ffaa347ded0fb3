"""The events calendar in a real browser: list, month view, an event, the suggestion form; axe-core on each."""

import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_events_pages_pass_axe_and_the_month_view_moves_on(site, live_server, page):
    from scientix.events.demo import events_demo_load

    events_demo_load()
    page.goto(f"{live_server.url}/en/events/")
    assert page.locator("main h1").inner_text()
    assert page.get_by_role("link", name="Teaching coding with micro:bit").count() == 1
    assert axe_violations(page) == [], "list"

    page.goto(f"{live_server.url}/de/events/?view=month")
    caption = page.locator("main table caption").inner_text()
    assert axe_violations(page) == [], "month"
    page.locator("main a[rel=next]").first.click()
    page.wait_for_load_state()
    assert page.locator("main table caption").inner_text() != caption

    page.goto(f"{live_server.url}/en/events/")
    page.get_by_role("link", name="STEM Teachers Conference").click()
    page.wait_for_load_state()
    assert "Brussels" in page.locator("main").inner_text()
    assert axe_violations(page) == [], "detail"

    make_user("nora@example.org", name="Nora")
    sign_in(page, live_server.url, "nora@example.org", PASSWORD)
    page.goto(f"{live_server.url}/en/submissions/new-event/")
    assert page.locator("main form").count() == 1
    assert axe_violations(page) == [], "suggestion form"
