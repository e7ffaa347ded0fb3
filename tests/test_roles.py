"""Roles are groups with permissions; only staff roles enter Wagtail's admin."""

import pytest
from django.contrib.auth.models import Group

from scientix.accounts.roles import ROLES
from scientix.accounts.services import roles_sync
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

STAFF = [role.slug for role in ROLES if role.staff]
NOT_STAFF = [role.slug for role in ROLES if not role.staff]


def test_every_role_is_a_group_after_migrate():
    assert {role.name for role in ROLES} <= set(Group.objects.values_list("name", flat=True))
    assert len(ROLES) == 9


def test_roles_sync_is_idempotent():
    roles_sync()
    roles_sync()
    editors = Group.objects.get(name="Editors")
    assert editors.page_permissions.filter(permission__codename="publish_page").count() == 1
    assert Group.objects.filter(name="Editors").count() == 1


def test_translators_may_edit_but_not_publish():
    translators = Group.objects.get(name="Translators")
    codenames = set(translators.page_permissions.values_list("permission__codename", flat=True))
    assert codenames == {"change_page"}


def test_translation_reviewers_may_edit_but_not_publish_pages():
    reviewers = Group.objects.get(name="Translation reviewers")
    codenames = set(reviewers.page_permissions.values_list("permission__codename", flat=True))
    assert codenames == {"change_page"}  # approving a translation job is what publishes
    assert reviewers.permissions.filter(codename="review_translations").exists()


@pytest.mark.parametrize("slug", STAFF)
def test_staff_roles_enter_the_admin(client, slug):
    client.force_login(make_user(f"{slug}@example.org", roles=(slug,)))
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("slug", [*NOT_STAFF, None])
def test_other_roles_and_plain_teachers_do_not(client, slug):
    client.force_login(make_user("someone@example.org", roles=(slug,) if slug else ()))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_unknown_roles_are_refused(alice):
    from scientix.accounts.services import user_roles_set

    with pytest.raises(ValueError):
        user_roles_set(user=alice, role_slugs=["emperor"])


def test_editor_can_publish_a_page_translator_cannot(edith, home):
    translator = make_user("tom@example.org", roles=("translator",))
    assert home.permissions_for_user(edith).can_publish()
    assert home.permissions_for_user(translator).can_edit()
    assert not home.permissions_for_user(translator).can_publish()
