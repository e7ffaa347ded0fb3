"""Sign-up, verification, sign-in, password reset, profile, GDPR self-service."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from scientix.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NEW_PASSWORD = "violet-otter-canyon-42"


def signup(client, email, *, lang="en", password=NEW_PASSWORD):
    return client.post(f"/{lang}/accounts/signup/", {"email": email, "password1": password, "password2": password})


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_sends_a_verification_mail_in_the_readers_language(client):
    response = signup(client, "nora@example.org", lang="de")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    assert "/de/accounts/confirm-email/" in link_in(mail.outbox[0])
    assert not EmailAddress.objects.get(email="nora@example.org").verified


def test_unverified_account_cannot_sign_in(client):
    signup(client, "nora@example.org")
    client.logout()
    mail.outbox.clear()
    response = client.post("/en/accounts/login/", {"login": "nora@example.org", "password": NEW_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert mail.outbox == []  # no second link within the 3-minute cooldown: no mail bombing


def test_following_the_link_verifies_and_signs_in(client):
    signup(client, "nora@example.org")
    confirm_url = link_in(mail.outbox[0]).split("testserver", 1)[1]
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nora@example.org").verified
    assert client.get("/en/accounts/profile/").status_code == 200


def test_forged_confirmation_link_gets_a_clear_message(client):
    response = client.get("/en/accounts/confirm-email/forged-key-123/")
    assert response.status_code == 200
    assert "expired or is not valid" in response.content.decode()
    assert client.post("/en/accounts/confirm-email/forged-key-123/").status_code in (200, 302, 404)


def test_signup_with_a_taken_address_does_not_reveal_it(client, alice):
    new = signup(client, "brand-new@example.org")
    mail.outbox.clear()
    taken = signup(client, alice.email)
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert User.objects.filter(email=alice.email).count() == 1
    assert "already exists" in mail.outbox[0].body  # the owner is told, by mail only


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "x" * 10_000 + "@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {"email": "not-an-address", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {"email": "ok@example.org", "password1": NEW_PASSWORD, "password2": "different-password-99"},
        {"email": "ok@example.org", "password1": "123", "password2": "123"},
        {"email": "ok@example.org\x00", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {},
    ],
)
def test_bad_signup_input_gets_form_errors_and_creates_nothing(client, fields):
    response = client.post("/en/accounts/signup/", fields)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not User.objects.exists()


def test_sign_in_and_out(client, alice):
    response = client.post("/en/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_are_rate_limited(client, alice):
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": alice.email, "password": "wrong-password"})
    response = client.post("/en/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_signup_is_rate_limited(client):
    codes = [signup(client, f"user{i}@example.org").status_code for i in range(22)]
    assert codes[0] == 302
    assert codes[-1] == 429


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, alice):
    known = client.post("/en/accounts/password/reset/", {"email": alice.email})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2
    assert "reset the password of your Scientix account" in mail.outbox[0].body
    assert "no account uses it" in mail.outbox[1].body


def test_password_reset_link_sets_a_new_password(client, alice):
    client.post("/en/accounts/password/reset/", {"email": alice.email})
    url = link_in(mail.outbox[0]).split("testserver", 1)[1]
    form_url = client.get(url)["Location"]  # allauth moves the key out of the address
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_forged_password_reset_link_gets_a_clear_message(client, alice):
    response = client.get(f"/en/accounts/password/reset/key/{alice.pk}-forged-token/", follow=True)
    assert response.status_code == 200
    assert "expired or is not valid" in response.content.decode()


def test_password_change(client, alice):
    client.force_login(alice)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_profile_needs_sign_in(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_profile_update(client, alice):
    client.force_login(alice)
    response = client.post("/en/accounts/profile/", {
        "name": "Alice Anders", "country": "AT", "organisation": "BRG Wien", "professional_role": "teacher",
        "subjects": ["physics", "astronomy"], "languages": ["de", "en"], "about": "Physics teacher.",
        "preferred_language": "de",
    })
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.country.code, alice.subjects, alice.languages, alice.preferred_language) == (
        "AT", ["physics", "astronomy"], ["de", "en"], "de"
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"about": "x" * 2001},
        {"name": "Alice\x07Anders"},
        {"country": "XX"},
        {"subjects": ["alchemy"]},
        {"languages": ["tlh"]},
        {"professional_role": "emperor"},
    ],
)
def test_bad_profile_input_is_refused_and_nothing_changes(client, alice, bad):
    client.force_login(alice)
    data = {"name": "Changed", "preferred_language": "en", **bad}
    response = client.post("/en/accounts/profile/", data)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.name == "Alice Anders"


def test_markup_in_profile_text_is_refused(client, alice):
    client.force_login(alice)
    response = client.post("/en/accounts/profile/", {"name": "<script>alert(1)</script>", "preferred_language": "en"})
    assert response.status_code == 400
    assert "HTML and scripts are not allowed" in response.content.decode()
    alice.refresh_from_db()
    assert alice.name == "Alice Anders"


def test_profile_text_is_shown_escaped(client, alice):
    client.force_login(alice)
    client.post("/en/accounts/profile/", {"name": "Tom & Jerry <3", "preferred_language": "en"})
    body = client.get("/en/accounts/profile/").content.decode()
    assert "Tom &amp; Jerry &lt;3" in body


def test_data_export_holds_everything_about_me(client, alice, home):
    from scientix.pages.models import ContactSubmission

    ContactSubmission.objects.create(page=home, user=alice, form_data={"your_name": "Alice", "message": "Hello"})
    client.force_login(alice)
    response = client.get("/en/accounts/profile/my-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == alice.email
    assert data["account"]["country"] == "DE"
    assert data["account"]["email_addresses"] == [{"email": alice.email, "verified": True, "primary": True}]
    assert data["contact_messages"][0]["message"]["message"] == "Hello"


def test_data_export_needs_sign_in(client):
    assert client.get("/en/accounts/profile/my-data.json").status_code == 302


def test_delete_needs_the_password_and_the_confirmation(client, alice):
    client.force_login(alice)
    assert client.post("/en/accounts/delete/", {"password": "wrong", "confirm": "on"}).status_code == 400
    assert client.post("/en/accounts/delete/", {"password": PASSWORD}).status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_erases_me_and_keeps_what_i_authored_anonymised(client, alice, home):
    from wagtail.models import Page

    from scientix.pages.models import ContactSubmission, StandardPage

    page = StandardPage(title="Alice's page", slug="alices-page", owner=alice)
    home.add_child(instance=page)
    message = ContactSubmission.objects.create(
        page=home, user=alice, form_data={"your_name": "Alice", "your_email": alice.email, "message": "Hello"}
    )
    client.force_login(alice)
    response = client.post("/en/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email=alice.email).exists()
    assert not EmailAddress.objects.filter(email=alice.email).exists()
    assert Page.objects.get(pk=page.pk).owner is None
    message.refresh_from_db()
    assert message.user is None
    assert message.form_data == {"your_name": "", "your_email": "", "message": "Hello"}
    assert "_auth_user_id" not in client.session
