"""A visitor subscribes in the browser, confirms by mail, gets a digest and unsubscribes; axe-core checks the pages."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from scientix.newsletters.models import Subscription
from tests.browser.conftest import axe_violations
from tests.conftest import publish_resource

pytestmark = pytest.mark.browser


def test_subscribe_confirm_receive_and_unsubscribe(site, live_server, smtp_inbox, page, settings):
    base = live_server.url
    settings.SITE_URL, settings.NEWSLETTER_SEND_RATE = base, 0

    page.goto(f"{base}/en/newsletters/")
    assert axe_violations(page) == []
    assert not page.locator("#id_consent").is_checked()
    page.locator("#id_email").fill("ada@example.org")
    page.get_by_label("Physics", exact=True).check()
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Tick the box to agree").wait_for()
    assert Subscription.objects.count() == 0  # the consent box was not ticked: nothing saved
    assert axe_violations(page) == []
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    assert axe_violations(page) == []

    confirmation = smtp_inbox.wait_for("ada@example.org")
    link = re.search(r"http://\S+/en/newsletters/confirm/\S+", confirmation.get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your newsletters").wait_for()
    assert axe_violations(page) == []

    publish_resource("Pendulum lab", subjects=("physics",))
    call_command("send_digests", "--now", (timezone.now() + timedelta(days=8)).isoformat(),
                 stdout=open("/dev/null", "w"))
    digest = next(m for m in smtp_inbox.messages if "digest" in m["Subject"])
    html = digest.get_body(("html",)).get_content()
    unsubscribe = re.search(r'href="(http://[^"]+/unsubscribe/[^"]+)"', html).group(1)
    archive = re.search(r'href="(http://[^"]+/newsletters/archive/\d+/)"', html).group(1)
    page.goto(archive)
    page.get_by_role("link", name="Pendulum lab").wait_for()
    assert axe_violations(page) == []
    page.goto(unsubscribe)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert Subscription.objects.get().status == "unsubscribed"
