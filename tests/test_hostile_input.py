"""Wrong and hostile input gets a clear message or a 4xx, never a 500."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # NUL bytes and odd text reach the engine

NASTY = ["x" * 10_000, "\x00\x01\x02", "'; DROP TABLE accounts_user; --", "<script>alert(1)</script>", "%s%n%x", "😀" * 500]


@pytest.mark.parametrize("value", NASTY)
def test_account_forms_survive_nasty_values(client, alice, value):
    for path, data in [
        ("/en/accounts/login/", {"login": value, "password": value}),
        ("/en/accounts/signup/", {"email": value, "password1": value, "password2": value}),
        ("/en/accounts/password/reset/", {"email": value}),
    ]:
        response = client.post(path, data)
        assert response.status_code in (200, 302, 400, 429), (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    ["/xx/", "/de/%00/", "/de/accounts/confirm-email/" + "k" * 5000 + "/", "/de/no/such/page/",
     "/de/accounts/password/reset/key/abc/", "/en/admin/", "/de/accounts/profile/my-data.json/extra"],
)
def test_odd_addresses_get_404_or_a_redirect(client, path):
    response = client.get(path)
    assert response.status_code in (200, 302, 404), (path, response.status_code)


def test_404_page_is_translated(client, settings):
    settings.DEBUG = False
    response = client.get("/de/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="de"' in body
    assert "Page not found" not in body


def test_password_reset_is_rate_limited(client, alice):
    codes = [client.post("/en/accounts/password/reset/", {"email": alice.email}).status_code for _ in range(7)]
    assert codes[0] == 302
    assert 429 in codes


def test_posting_without_a_csrf_token_is_refused_with_a_clear_page(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 403
    assert '<html lang="fr"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/documents/999999/missing.pdf", "/admin/no/such/screen/", "/api/v2/", "/static/nope.css"])
def test_unknown_machine_and_staff_addresses_are_final_404s(admin_client, path):
    # Not a redirect to /en/<path>, which would not exist either (scientix.core.middleware.LocaleMiddleware).
    assert admin_client.get(path).status_code == 404
