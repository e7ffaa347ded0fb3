import socket
import threading
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
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


# --- A real SMTP server and the live server's base data: for mail flows and live-server tests anywhere.


class Inbox:
    """aiosmtpd handler that keeps every message it receives, parsed."""

    def __init__(self):
        self.messages = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self._arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, timeout: float = 15.0):
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.messages:
                    if to in message["To"]:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no mail to {to} within {timeout}s")
                self._arrived.wait(remaining)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


@pytest.fixture
def site(transactional_db):
    """The base site that migrations create: locales, home page, roles.

    A live server needs a transactional database, which Django empties after
    each test, data migrations included; so put that data back first.
    """
    import importlib

    from django.apps import apps

    from scientix.accounts.services import roles_sync

    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    # What Wagtail's own migrations create: the page and collection roots and two permissions.
    english, _ = Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=english))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")  # uploaded documents and images go under it
    for app_label, model, codename in [("wagtailadmin", "admin", "access_admin"),
                                       ("wagtail_localize", "translation", "submit_translation")]:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": codename})
    bootstrap = importlib.import_module("scientix.pages.migrations.0002_create_homepage_and_locales")
    bootstrap.forwards(apps, None)
    # What the post-migrate step does (core.apps._after_migrate).
    from scientix.pages.services import repository_sections_ensure
    from scientix.submissions.services import moderation_workflow_sync
    from scientix.vocabularies.loader import vocabularies_load
    from scientix.vocabularies.models import Term

    vocabularies_load(term_model=Term)
    roles_sync()
    moderation_workflow_sync()
    repository_sections_ensure()
