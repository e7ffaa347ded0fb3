"""Editorial pages, the contact form, menus."""

import pytest
from django.core import mail
from django.test import override_settings

from scientix.pages.models import ContactFormField, ContactPage, ContactSubmission, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home):
    page = ContactPage(title="Contact", slug="contact", show_in_menus=True, to_address="editors@example.org",
                       subject="Contact form")
    home.add_child(instance=page)
    for order, (label, kind) in enumerate([("Your name", "singleline"), ("Your email", "email"), ("Message", "multiline")]):
        ContactFormField.objects.create(page=page, sort_order=order, label=label, field_type=kind, required=True)
    page.save_revision().publish()
    return page


def message(**overrides):
    return {"your_name": "Nora", "your_email": "nora@example.org", "message": "How do I submit a project?", **overrides}


def test_a_message_reaches_the_editors(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", message())
    assert response.status_code == 200
    assert ContactSubmission.objects.get().form_data["message"] == "How do I submit a project?"
    assert mail.outbox[0].to == ["editors@example.org"]
    assert mail.outbox[0].reply_to == ["nora@example.org"]
    assert "How do I submit a project?" in mail.outbox[0].body


def test_a_signed_in_senders_message_is_linked_to_their_account(client, contact, alice):
    client.force_login(alice)
    client.post("/en/contact/", message())
    assert ContactSubmission.objects.get().user == alice


@pytest.mark.parametrize(
    "bad",
    [{"message": "x" * 5001}, {"your_email": "not-an-address"}, {"your_name": ""}, {"your_name": "y" * 300}],
)
def test_bad_messages_get_form_errors_and_are_not_stored(client, contact, bad):
    response = client.post("/en/contact/", message(**bad))
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not ContactSubmission.objects.exists()
    assert mail.outbox == []


def test_script_in_a_message_is_shown_as_text(client, contact, edith):
    client.post("/en/contact/", message(message="<script>alert('x')</script>"))
    assert ContactSubmission.objects.get().form_data["message"] == "<script>alert('x')</script>"


@override_settings(CONTACT_RATE_LIMIT=3)
def test_the_contact_form_is_rate_limited(client, contact):
    codes = [client.post("/en/contact/", message()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert ContactSubmission.objects.count() == 3


def test_menu_shows_only_live_pages_flagged_for_it(client, home, contact):
    draft = StandardPage(title="Secret draft", slug="draft", show_in_menus=True, live=False)
    home.add_child(instance=draft)
    hidden = StandardPage(title="Not in menu", slug="hidden", show_in_menus=False)
    home.add_child(instance=hidden)
    body = client.get("/en/").content.decode()
    assert 'href="/en/contact/"' in body
    assert "Secret draft" not in body
    assert "Not in menu" not in body


def test_home_page_query_budget(client, home, contact, django_assert_max_num_queries):
    client.get("/en/")  # warm Wagtail's site cache
    with django_assert_max_num_queries(12):
        assert client.get("/fr/").status_code == 200


def test_publishing_a_page_refreshes_the_cached_menu(client, home, django_capture_on_commit_callbacks):
    assert "Newsroom" not in client.get("/en/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage(title="Newsroom", slug="newsroom", show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    assert "Newsroom" in client.get("/en/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert "Newsroom" not in client.get("/en/").content.decode()


def test_translated_page_query_budget(client, home, contact, django_assert_max_num_queries):
    from wagtail.models import Locale

    german = home.copy_for_translation(Locale.objects.get(language_code="de"))
    german.save_revision().publish()
    client.get("/de/contact/")
    with django_assert_max_num_queries(12):
        assert client.get("/de/contact/").status_code == 200


def json_ld_of(body: str) -> list[dict]:
    import json
    import re

    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)]


def test_editorial_pages_describe_themselves_in_json_ld(client, home, contact):
    about = StandardPage(title="About Scientix", slug="about", intro="Who we are </script><b>")
    home.add_child(instance=about)
    about.save_revision().publish()

    (site,) = json_ld_of(client.get("/en/").content.decode())
    assert site["@type"] == "WebSite" and site["inLanguage"] == "en"
    assert site["potentialAction"]["target"]["urlTemplate"].endswith("/en/search/?q={search_term_string}")

    (page,) = json_ld_of(client.get("/en/about/").content.decode())
    assert page["@type"] == "WebPage" and page["name"] == "About Scientix"
    assert page["description"] == "Who we are </script><b>"  # escaped in the page, intact once parsed
    assert page["url"].endswith("/en/about/") and page["dateModified"]

    (form,) = json_ld_of(client.get("/en/contact/").content.decode())
    assert form["@type"] == "ContactPage"
