"""Give every new database the 24 content locales and a Scientix home page.

Follows Wagtail's own project template: replace the default welcome page
with our HomePage at the same place in the tree.
"""

from django.db import migrations

LANGUAGE_CODES = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("pages.HomePage")
    DjangoSite = apps.get_model("sites.Site")

    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)
    english = Locale.objects.get(language_code="en")

    DjangoSite.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Scientix"})

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    home = HomePage.objects.create(
        title="Scientix",
        draft_title="Scientix",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=english,
        intro="The community for science education in Europe.",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.pk, "site_name": "Scientix"},
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
