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
