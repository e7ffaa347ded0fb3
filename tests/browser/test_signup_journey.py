"""A newcomer signs up, verifies by mail, switches language; axe-core checks each page."""

import re

import pytest

from scientix.core.demo import demo_load
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PASSWORD = "orbit-lantern-meadow-58"


def test_sign_up_verify_switch_language_and_accessibility(site, live_server, smtp_inbox, page):
    demo_load()
    base = live_server.url

    page.goto(f"{base}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []

    page.goto(f"{base}/en/accounts/login/")
    assert axe_violations(page) == []

    page.goto(f"{base}/en/accounts/signup/")
    page.locator("#id_email").fill("marie.curie@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    message = smtp_inbox.wait_for("marie.curie@example.org")
    assert message["Subject"].endswith("Confirm your e-mail address")
    link = re.search(r"http://\S+/en/accounts/confirm-email/\S+", message.get_content()).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="My profile").wait_for()
    assert axe_violations(page) == []

    page.locator(".language-switcher summary").click()
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(f"{base}/de/accounts/profile/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() != "My profile"
    assert axe_violations(page) == []


def test_layout_holds_at_320_pixels(site, live_server, page):
    demo_load()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/en/", "/en/accounts/signup/", "/mt/about/"]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways ({width}px)"


def test_skip_link_is_first_and_moves_focus_to_main(site, live_server, page):
    demo_load()
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
