"""Three teachers ask for a resource in Slovenian; an editor accepts; the translator translates in
wagtail-localize's editor and delivers; a reviewer approves; the three of them get a mail (real SMTP)."""

import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import PASSWORD, make_user, publish_resource

pytestmark = pytest.mark.browser

SLOVENIAN = {
    "Build a water rocket": "Izdelaj vodno raketo",
    "Students launch a bottle rocket and measure how high it flies.": "Učenci izstrelijo raketo iz plastenke in izmerijo, kako visoko leti.",
    "rocket, pressure": "raketa, tlak",
}


def test_three_teachers_ask_and_get_the_slovenian_version(site, live_server, smtp_inbox, browser, settings):
    from scientix.resources.models import ResourcePage
    from scientix.translations.models import TranslationJob, TranslationRequest

    base = live_server.url
    settings.SITE_URL = base
    teachers = [
        make_user("ana@example.org", name="Ana", preferred_language="sl"),
        make_user("ben@example.org", name="Ben", preferred_language="en"),
        make_user("clara@example.org", name="Clara", preferred_language="de"),
    ]
    make_user("edith@example.org", roles=("editor",), name="Edith Editor")
    make_user("tina@example.org", roles=("translator",), name="Tina Translator")
    make_user("rita@example.org", roles=("translation_reviewer",), name="Rita Reviewer")
    resource = publish_resource("Build a water rocket", description="Students launch a bottle rocket and measure how high it flies.",
                                keywords="rocket, pressure")

    # 1. Three teachers ask: the first opens the request, the others add their voice.
    for number, teacher in enumerate(teachers, start=1):
        tab = browser.new_context(bypass_csp=True).new_page()
        sign_in(tab, base, teacher.email, PASSWORD)
        tab.goto(f"{base}{resource.url}")
        if number == 1:
            tab.locator("#translation-language").select_option("sl")
            tab.get_by_role("button", name="Ask for a translation").click()
        else:
            tab.get_by_role("button", name="Add your voice for Slovenian").click()
        tab.wait_for_load_state()
        tab.locator("#translation-requests").get_by_text(f"asked by {number} " + ("person" if number == 1 else "people")).wait_for()
        assert axe_violations(tab) == []
        tab.context.close()
    assert TranslationRequest.objects.get().vote_count == 3

    # 2. The editor sees it flagged at the top of the queue and accepts it.
    editor = browser.new_context().new_page()
    sign_in(editor, base, "edith@example.org", PASSWORD)
    editor.goto(f"{base}/admin/translations/requests/")
    editor.get_by_text("Threshold reached").wait_for()
    editor.get_by_role("link", name="Accept").click()
    editor.locator("#id_translator").select_option(label="Tina Translator <tina@example.org>")
    editor.locator("#id_reviewer").select_option(label="Rita Reviewer <rita@example.org>")
    editor.get_by_role("button", name="Accept and assign").click()
    editor.get_by_text("With the translator").wait_for()
    job = TranslationJob.objects.get()
    assert smtp_inbox.wait_for("tina@example.org")["Subject"].startswith("New translation job")

    # 3. The translator translates every text in wagtail-localize's editor and delivers.
    translator = browser.new_context().new_page()
    sign_in(translator, base, "tina@example.org", PASSWORD)
    translator.goto(f"{base}/admin/translations/jobs/{job.pk}/")
    translator.get_by_role("link", name="Open the translation editor").click()
    translator.get_by_text("Students launch a bottle rocket").first.wait_for()
    for source, translated in SLOVENIAN.items():
        segment = translator.locator("li", has=translator.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(translated)
        segment.get_by_role("button", name="Save").click()
        segment.get_by_text(translated).wait_for()
    assert translator.get_by_role("button", name="Publish in Slovenian").count() == 0  # translators cannot publish
    translator.goto(f"{base}/admin/translations/jobs/{job.pk}/")
    translator.get_by_text("3 of 3 texts translated").wait_for()
    translator.get_by_role("button", name="Deliver for review").click()
    translator.get_by_text("Waiting for review").wait_for()
    assert smtp_inbox.wait_for("rita@example.org")["Subject"].startswith("To review")

    # 4. The reviewer reads the texts side by side and approves: the Slovenian version is published.
    reviewer = browser.new_context().new_page()
    sign_in(reviewer, base, "rita@example.org", PASSWORD)
    reviewer.goto(f"{base}/admin/translations/jobs/{job.pk}/")
    reviewer.get_by_text("Izdelaj vodno raketo").wait_for()
    reviewer.get_by_role("button", name="Approve and publish").click()
    reviewer.get_by_text("Approved and published").wait_for()
    slovenian = ResourcePage.objects.get(translation_key=resource.translation_key, locale__language_code="sl")
    assert slovenian.live and slovenian.title == "Izdelaj vodno raketo"

    # 5. The three teachers get the news, each in their language, and the page shows the new version.
    mails = {teacher.email: smtp_inbox.wait_for(teacher.email) for teacher in teachers}
    for mail in mails.values():
        assert slovenian.full_url in mail.get_body(("plain",)).get_content()
    assert mails["ben@example.org"]["Subject"] == "Now in Slovenian: Izdelaj vodno raketo"
    assert len({mail["Subject"] for mail in mails.values()}) == 3  # Slovenian, English and German subjects
    visitor = browser.new_context(bypass_csp=True).new_page()
    visitor.goto(f"{base}{resource.url}")
    visitor.locator(".read-this-in").get_by_role("link", name="slovenščina").click()
    visitor.get_by_role("heading", name="Izdelaj vodno raketo").wait_for()
    assert axe_violations(visitor) == []
    visitor.goto(f"{base}/sl/search/?q=vodno+raketo")
    visitor.get_by_role("link", name="Izdelaj vodno raketo").first.wait_for()
