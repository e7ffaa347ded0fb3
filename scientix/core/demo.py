"""Demo content: realistic pages and one account per role.

Every function is idempotent (looks up by a natural key before creating),
so ``manage.py load_demo`` can run any number of times without duplicates.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from wagtail.models import Page

from scientix.accounts.models import User
from scientix.accounts.services import user_roles_set
from scientix.core.demo_repository import repository_demo_load
from scientix.languages import LANGUAGE_CODES
from scientix.pages.services import locale_tree_ensure
from scientix.pages.models import ContactFormField, ContactPage, HomePage, StandardPage

DEMO_PASSWORD = "scientix-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    roles: tuple[str, ...]
    country: str
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin@scientix.example", "Ada Admin", (), "BE", superuser=True),
    DemoAccount("editor@scientix.example", "Elena Editor", ("editor",), "BE"),
    DemoAccount("translator@scientix.example", "Tomás Translator", ("translator",), "ES"),
    DemoAccount("reviewer@scientix.example", "Rhea Reviewer", ("translation_reviewer",), "SI"),
    DemoAccount("ncp@scientix.example", "Nora Nikolova", ("national_contact_point",), "BG"),
    DemoAccount("ministry@scientix.example", "Matteo Ministero", ("ministry_representative",), "IT"),
    DemoAccount("ambassador@scientix.example", "Aino Ambassador", ("ambassador",), "FI"),
    DemoAccount("school@scientix.example", "Szkoła Podstawowa nr 7", ("school",), "PL"),
    DemoAccount("partner@scientix.example", "Paula Partner", ("campaign_partner",), "PT"),
    DemoAccount("evaluator@scientix.example", "Emil Evaluator", ("evaluator",), "DK"),
    DemoAccount("teacher@scientix.example", "Theresa Teacher", (), "AT"),
)

HOME_INTRO = {
    "en": "Scientix is the community for science education in Europe: find projects, teaching materials, events and courses in your language, and share your own.",
    "de": "Scientix ist die Gemeinschaft für naturwissenschaftliche Bildung in Europa: Finden Sie Projekte, Unterrichtsmaterialien, Veranstaltungen und Kurse in Ihrer Sprache und teilen Sie Ihre eigenen.",
    "fr": "Scientix est la communauté de l'enseignement des sciences en Europe : trouvez des projets, des ressources pédagogiques, des événements et des cours dans votre langue, et partagez les vôtres.",
    "es": "Scientix es la comunidad de la enseñanza de las ciencias en Europa: encuentre proyectos, materiales didácticos, eventos y cursos en su idioma, y comparta los suyos.",
    "it": "Scientix è la comunità dell'educazione scientifica in Europa: trova progetti, materiali didattici, eventi e corsi nella tua lingua e condividi i tuoi.",
    "pl": "Scientix to społeczność edukacji przyrodniczej w Europie: znajdź projekty, materiały dydaktyczne, wydarzenia i kursy w swoim języku i dziel się własnymi.",
}

HOME_BODY = (
    "<h2>For teachers, by teachers</h2>"
    "<p>Since 2010 Scientix has brought together STEM teachers, education researchers, "
    "policy makers and project teams from all over Europe. Browse the work of publicly "
    "funded projects, ask for a teaching material in your language, and meet colleagues "
    "at workshops and online courses.</p>"
)

PAGES = [
    {
        "model": StandardPage, "slug": "about", "title": "About Scientix", "menu": True, "footer": True,
        "intro": "Scientix promotes and supports Europe-wide collaboration among STEM teachers, education researchers, policymakers and other STEM education professionals.",
        "body": "<h2>What we do</h2><p>We collect the results of European STEM education projects, translate "
        "teaching materials on demand, and run the STEM Discovery Campaign, the STEM School Label "
        "and a network of national contact points and ambassadors.</p>"
        "<h2>Who runs the portal</h2><p>An editorial team with national contact points in every "
        "member state, working with the ministries of education.</p>",
    },
    {
        "model": StandardPage, "slug": "accessibility", "title": "Accessibility statement", "menu": False, "footer": True,
        "intro": "We want everyone to be able to use Scientix, whatever their device, browser or assistive technology.",
        "body": "<h2>Compliance status</h2><p>This portal aims to conform to WCAG 2.1 level AA and the "
        "European standard EN 301 549. Every page is tested with an automated accessibility "
        "engine and by keyboard.</p><h2>Feedback</h2><p>If you meet a barrier, tell us through the "
        "contact page. We answer within ten working days.</p>",
    },
    {
        "model": StandardPage, "slug": "privacy", "title": "Privacy notice", "menu": False, "footer": True,
        "intro": "What personal data Scientix keeps, why, and how you control it.",
        "body": "<h2>What we keep</h2><p>Your e-mail address and the profile you fill in. We use no "
        "tracker and no third-party script.</p><h2>Your rights</h2><p>From your profile you can "
        "download all your data as JSON and delete your account at any time. What you wrote for "
        "others stays, without your name.</p>",
    },
]


def demo_load(*, stdout=None) -> dict:
    """Fill the portal with demo content; returns counts of what it created."""
    say = stdout.write if stdout else (lambda message: None)
    created = {"pages": 0, "translations": 0, "accounts": 0}
    home = _home_page()
    if home.intro != HOME_INTRO["en"]:
        home.intro, home.body = HOME_INTRO["en"], HOME_BODY
        home.save_revision().publish()
    for spec in PAGES:
        created["pages"] += _child_page(home, spec)
    created["pages"] += _contact_page(home)
    say("Pages ready.")
    # Every language gets its home and list pages, so menus read in the reader's language.
    for code in LANGUAGE_CODES:
        if code != "en":
            created["translations"] += _home_translation(home, code, HOME_INTRO.get(code, ""))
    say("Home page translations ready.")
    for account in DEMO_ACCOUNTS:
        created["accounts"] += _account(account)
    say("Demo accounts ready.")
    repository_demo_load(stdout=stdout)
    _ratings_reviews_and_collection()
    say("Demo ratings, reviews and collection ready.")
    # Newsletters (scientix.newsletters): a subscribed demo teacher and a draft thematic newsletter.
    from scientix.newsletters.demo import newsletters_demo_load

    newsletters_demo_load()
    say("Demo newsletter subscription and draft ready.")
    # Translation on demand (scientix.translations): requests in the editors' queue.
    from scientix.translations.demo import translations_demo_load

    translations_demo_load()
    say("Demo translation requests ready.")
    return created


def _ratings_reviews_and_collection() -> None:
    """A few ratings and one approved review by demo accounts, and one curated collection."""
    from scientix.resources.models import CollectionItem, CollectionPage, ResourceIndexPage, ResourcePage, Review
    from scientix.resources.services import rating_submit, review_moderate, review_submit

    resources = {page.identifier: page for page in ResourcePage.objects.live().filter(identifier__startswith="scientix-demo:")}
    teacher = User.objects.get(email="teacher@scientix.example")
    ambassador = User.objects.get(email="ambassador@scientix.example")
    editor = User.objects.get(email="editor@scientix.example")
    for identifier, scores in [("scientix-demo:pendulum-lab", (5, 4, 5)), ("scientix-demo:moon", (4, 4, 5)),
                               ("scientix-demo:spektrum", (4, 3, 4))]:
        if identifier in resources:
            for person in (teacher, ambassador):
                rating_submit(user=person, resource=resources[identifier], pedagogical_value=scores[0],
                              curricular_integration=scores[1], clarity=scores[2])
    pendulum = resources.get("scientix-demo:pendulum-lab")
    if pendulum and not Review.objects.filter(resource_key=pendulum.translation_key, user=teacher).exists():
        review = review_submit(user=teacher, resource=pendulum, language="en",
                               text="My Year 10 class found the period-length relation themselves in one lesson.")
        review_moderate(review=review, moderator=editor, approve=True)
    index = ResourceIndexPage.objects.get(locale__language_code="en")
    if not CollectionPage.objects.child_of(index).filter(slug="light-and-motion").exists() and pendulum:
        collection = CollectionPage(title="Light and motion: a starter set", slug="light-and-motion",
                                    description="Hands-on materials for a first unit on pendulums and light.")
        index.add_child(instance=collection)
        for order, identifier in enumerate(["scientix-demo:pendulum-lab", "scientix-demo:spektrum", "scientix-demo:moon"]):
            if identifier in resources:
                CollectionItem.objects.create(collection=collection, resource=resources[identifier], sort_order=order)
        collection.save_revision().publish()


def _home_page() -> HomePage:
    return HomePage.objects.get(locale__language_code="en")


def _child_page(home: HomePage, spec: dict) -> int:
    model = spec["model"]
    if model.objects.child_of(home).filter(slug=spec["slug"]).exists():
        return 0
    page = model(
        title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=spec["body"],
        show_in_menus=spec["menu"], show_in_footer=spec["footer"],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return 1


def _contact_page(home: HomePage) -> int:
    if ContactPage.objects.child_of(home).filter(slug="contact").exists():
        return 0
    page = ContactPage(
        title="Contact", slug="contact", show_in_menus=True, show_in_footer=True,
        intro="<p>Questions about Scientix, a project or a material? Write to the editors.</p>",
        thank_you_text="<p>Thank you. The editors will answer within ten working days.</p>",
        to_address="editors@scientix.example", from_address="no-reply@scientix.example",
        subject="Message from the Scientix contact form",
    )
    home.add_child(instance=page)
    for order, (label, field_type, required) in enumerate([
        ("Your name", "singleline", True),
        ("Your email", "email", True),
        ("Subject", "singleline", True),
        ("Message", "multiline", True),
    ]):
        ContactFormField.objects.create(page=page, sort_order=order, label=label, field_type=field_type, required=required)
    page.save_revision().publish()
    return 1


def _home_translation(home: HomePage, code: str, intro: str) -> int:
    """The home and list pages in ``code``; the home introduction where we have one in that language."""
    existed = Page.objects.filter(translation_key=home.translation_key, locale__language_code=code).exists()
    translated, _sections = locale_tree_ensure(language=code)
    if intro and translated.intro != intro:
        translated.intro = intro
        translated.save_revision().publish()
    return int(not existed)


def _account(spec: DemoAccount) -> int:
    user, created = User.objects.get_or_create(
        email=spec.email,
        defaults={
            "username": spec.email.split("@")[0],
            "name": spec.name,
            "country": spec.country,
            "is_superuser": spec.superuser,
            "is_staff": spec.superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    user_roles_set(user=user, role_slugs=list(spec.roles))
    return int(created)
