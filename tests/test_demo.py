"""The demo loader fills every app and can run again without duplicates."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from scientix.accounts.models import User
from scientix.accounts.roles import ROLES
from scientix.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from scientix.pages.models import ContactPage, StandardPage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_load_demo_twice_creates_everything_once(capsys):
    call_command("load_demo")
    counts = (Page.objects.count(), User.objects.count(), StandardPage.objects.count(), ContactPage.objects.count())
    call_command("load_demo")
    assert (Page.objects.count(), User.objects.count(), StandardPage.objects.count(), ContactPage.objects.count()) == counts
    assert "0 page(s), 0 translation(s), 0 account(s) created" in capsys.readouterr().out


def test_demo_has_one_account_per_role_that_can_sign_in(client):
    call_command("load_demo")
    for role in ROLES:
        assert Group.objects.get(name=role.name).user_set.count() == 1, role.slug
    for account in DEMO_ACCOUNTS:
        assert client.login(username=account.email, password=DEMO_PASSWORD), account.email
        client.logout()


def test_demo_pages_are_live_and_linked_from_the_menus(client):
    call_command("load_demo")
    body = client.get("/en/").content.decode()
    for path in ["/en/about/", "/en/contact/", "/en/accessibility/", "/en/privacy/"]:
        assert f'href="{path}"' in body
        assert client.get(path).status_code == 200
    assert "Gemeinschaft" in client.get("/de/").content.decode()  # the German home translation
    for code, title in [("fr", "Projets"), ("de", "Projekte"), ("cs", "Projekty")]:
        body = client.get(f"/{code}/projects/").content.decode()
        assert f"<h1>{title}</h1>" in body, code  # each language's own list page, under its own home
