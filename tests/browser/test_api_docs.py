"""The API's browsable docs (Swagger UI, served by the portal itself) in Chromium with the CSP enforced."""

import pytest

pytestmark = pytest.mark.browser


def test_swagger_ui_runs_under_the_portals_csp(live_server, browser):
    """Chromium with the CSP enforced: the docs render every operation and nothing is refused."""
    page = browser.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_server.url)
            and not request.url.startswith("data:") else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    page.close()
    assert "/api/v1/resources/{id}" in [path.replace("\u200b", "") for path in paths]
    assert refused == [] and outside == []
