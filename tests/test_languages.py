"""Every page answers in the 24 EU languages, and the reader keeps their language."""

import re

import pytest
from django.utils import translation

from scientix.languages import LANGUAGE_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home):
    from scientix.pages.models import StandardPage

    page = StandardPage(title="About Scientix", slug="about", intro="Who we are.", show_in_menus=True, show_in_footer=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_there_are_24_languages_including_maltese():
    assert len(LANGUAGE_CODES) == 24
    assert translation.get_language_info("mt")["name_local"] == "Malti"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_page_answers_in_every_language(client, about, code):
    for path in [f"/{code}/", f"/{code}/about/", f"/{code}/accounts/login/", f"/{code}/accounts/signup/",
                 f"/{code}/accounts/password/reset/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_lang(response) == code, path


@pytest.mark.parametrize("code", ["de", "fr", "mt", "ga", "pl"])
def test_the_interface_is_translated(client, code):
    english = client.get("/en/accounts/login/").content.decode()
    translated = client.get(f"/{code}/accounts/login/").content.decode()
    assert "Skip to main content" in english
    assert "Skip to main content" not in translated


@pytest.mark.parametrize(("accept", "expected"), [("de-DE,de;q=0.9,en;q=0.5", "/de/"), ("mt", "/mt/"), ("fr-BE", "/fr/"), ("ja", "/en/")])
def test_root_negotiates_the_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_unknown_language_prefix_is_a_404(client):
    response = client.get("/xx/", follow=True)
    assert response.status_code == 404


def test_switcher_keeps_the_reader_on_the_same_page(client, about):
    body = client.get("/de/about/").content.decode()
    for code in LANGUAGE_CODES:
        assert f'href="/{code}/about/" hreflang="{code}" lang="{code}"' in body
    assert 'href="/de/about/" hreflang="de" lang="de" aria-current="true"' in body


def test_switcher_on_a_non_wagtail_page_swaps_the_prefix(client):
    body = client.get("/sl/accounts/signup/").content.decode()
    assert 'href="/fi/accounts/signup/"' in body


def test_untranslated_page_falls_back_to_the_original_and_says_so(client, about):
    body = client.get("/de/about/").content.decode()
    assert '<article lang="en"' in body
    assert "Englisch" in body  # the notice names the original's language in German


def test_translated_page_is_served_in_its_language_without_notice(client, home):
    from wagtail.models import Locale

    german = home.copy_for_translation(Locale.objects.get(language_code="de"))
    german.title = "Willkommen"
    german.save_revision().publish()
    body = client.get("/de/").content.decode()
    assert "Willkommen" in body
    assert 'class="notice"' not in body


def test_menu_links_keep_the_language_prefix_for_untranslated_pages(client, about):
    body = client.get("/it/").content.decode()
    assert 'href="/it/about/" lang="en"' in body


def test_untranslated_child_of_a_translated_home_falls_back_instead_of_404(client, home, about):
    from wagtail.models import Locale

    german_home = home.copy_for_translation(Locale.objects.get(language_code="de"))
    german_home.save_revision().publish()
    response = client.get("/de/about/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<article lang="en"' in body
    assert 'class="notice"' in body
    assert client.get("/de/no-such-page/").status_code == 404


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_repository_pages_answer_in_every_language(client, code):
    from tests.conftest import publish_project, publish_resource

    publish_resource("Pendulum lab")
    publish_project("Space Awareness")
    for path in [f"/{code}/projects/", f"/{code}/resources/", f"/{code}/resources/pendulum-lab/",
                 f"/{code}/projects/space-awareness/", f"/{code}/resources/?subjects=physics&sort=title"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_lang(response) == code, path


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_signed_in_pages_answer_in_every_language(client, alice, code):
    client.force_login(alice)
    for path in [f"/{code}/accounts/profile/", f"/{code}/submissions/", f"/{code}/submissions/new-resource/",
                 f"/{code}/submissions/new-project/", f"/{code}/accounts/delete/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_lang(response) == code, path
