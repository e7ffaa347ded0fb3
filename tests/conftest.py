import pytest
from allauth.account.models import EmailAddress

from scientix.accounts.models import User
from scientix.accounts.services import user_roles_set

PASSWORD = "correct-horse-battery-7"


def make_user(email: str, *, roles: tuple[str, ...] = (), verified: bool = True, **fields) -> User:
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if roles:
        user_roles_set(user=user, role_slugs=list(roles))
    return user


@pytest.fixture
def alice(db):
    """A teacher with a verified account and no role."""
    return make_user("alice@example.org", name="Alice Anders", country="DE")


@pytest.fixture
def edith(db):
    """An editor."""
    return make_user("edith@example.org", roles=("editor",), name="Edith Editor")


@pytest.fixture
def home(db):
    from scientix.pages.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache; each test starts with none used.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def terms(vocabulary: str, *codes: str) -> list:
    from scientix.vocabularies.models import Term

    found = list(Term.objects.filter(vocabulary=vocabulary, code__in=codes))
    assert len(found) == len(codes), f"unknown {vocabulary} codes in {codes}"
    return found


def publish_resource(title: str, *, language: str = "en", subjects=("physics",), types=("simulation",),
                     licence="cc-by-4-0", **fields):
    """A live resource in ``language`` under that language's resources list."""
    from scientix.pages.services import locale_tree_ensure
    from scientix.resources.models import ResourceIndexPage, ResourcePage

    _home, sections = locale_tree_ensure(language=language)
    page = ResourcePage(title=title, description=fields.pop("description", f"About {title}."),
                        link=fields.pop("link", "https://example.org/material"), **fields)
    sections[ResourceIndexPage].add_child(instance=page)
    page.terms = terms("subject", *subjects) + terms("resource_type", *types) + terms("licence", licence)
    page.save_revision().publish()
    return page


def publish_project(title: str, *, language: str = "en", subjects=("physics",), programme="horizon-2020", **fields):
    from scientix.pages.services import locale_tree_ensure
    from scientix.projects.models import ProjectIndexPage, ProjectPage

    _home, sections = locale_tree_ensure(language=language)
    page = ProjectPage(title=title, description=fields.pop("description", f"About {title}."), **fields)
    sections[ProjectIndexPage].add_child(instance=page)
    page.terms = terms("subject", *subjects) + terms("funding_programme", programme)
    page.save_revision().publish()
    return page


def translate(page, language: str, **fields):
    """Publish a translation of ``page`` (its parents' translations are made first)."""
    from wagtail.models import Locale

    from scientix.pages.services import locale_tree_ensure

    locale_tree_ensure(language=language)
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy
