"""News, blog and Observatory: lists with filters, detail pages, RSS/Atom feeds, partner rights, search."""

import datetime
import json
import re

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from scientix.editorial.models import (
    BlogIndexPage, BlogPostPage, NewsIndexPage, NewsPage, ObservatoryIndexPage, ObservatoryPage,
)
from tests.conftest import make_user, terms, translate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

INDEXES = {NewsPage: NewsIndexPage, BlogPostPage: BlogIndexPage, ObservatoryPage: ObservatoryIndexPage}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def publish_item(model, title: str, *, language: str = "en", date=None, subjects=(), tags=(), **fields):
    """A live item in ``language`` under that language's list page."""
    from scientix.pages.services import locale_tree_ensure

    _home, sections = locale_tree_ensure(language=language)
    page = model(title=title, summary=fields.pop("summary", f"About {title}."), date=date, **fields)
    sections[INDEXES[model]].add_child(instance=page)
    page.terms = terms("subject", *subjects) if subjects else []
    for tag in tags:
        page.tags.add(tag)
    page.save_revision().publish()
    return page


def pdf_document(name: str = "report.pdf", content: bytes = PDF):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def titles(response) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def json_ld(response) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(found.group(1))


@pytest.fixture
def newsroom(db):
    return {
        "old": publish_item(NewsPage, "Robotics contest results", date=datetime.date(2024, 5, 2),
                            subjects=("physics",), tags=("robotics",)),
        "mid": publish_item(NewsPage, "New maths resources", date=datetime.date(2025, 3, 1),
                            subjects=("mathematics",), tags=("maths", "resources")),
        "new": publish_item(NewsPage, "Call for STEM ambassadors", date=datetime.date(2026, 1, 15),
                            subjects=("physics",), tags=("ambassadors",)),
    }


# --- Lists ---------------------------------------------------------------------


@pytest.mark.parametrize("address", ["/en/news/", "/en/blog/", "/en/observatory/", "/fr/news/", "/de/blog/"])
def test_every_language_has_the_three_lists(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_news_list_newest_first_with_filters(client, newsroom):
    assert titles(client.get("/en/news/")) == [
        "Call for STEM ambassadors", "New maths resources", "Robotics contest results"]
    assert titles(client.get("/en/news/?subject=physics")) == ["Call for STEM ambassadors", "Robotics contest results"]
    assert titles(client.get("/en/news/?tag=maths")) == ["New maths resources"]
    assert titles(client.get("/en/news/?year=2024")) == ["Robotics contest results"]


def test_a_broad_subject_finds_items_filed_under_a_narrower_one(client, db):
    from scientix.vocabularies.models import Term

    narrow = Term.objects.filter(vocabulary="subject", parent__isnull=False).select_related("parent").first()
    page = publish_item(NewsPage, "Narrow subject news")
    page.terms = [narrow]
    page.save_revision().publish()
    assert titles(client.get(f"/en/news/?subject={narrow.parent.code}")) == ["Narrow subject news"]


def test_one_version_per_item_in_the_readers_language(client, newsroom):
    translate(newsroom["new"], "fr", title="Appel aux ambassadeurs STEM", summary="En français.")
    french = titles(client.get("/fr/news/"))
    assert french[0] == "Appel aux ambassadeurs STEM"
    assert "Call for STEM ambassadors" not in french and len(french) == 3
    # The language filter: only versions written in that language.
    assert titles(client.get("/en/news/?language=fr")) == ["Appel aux ambassadeurs STEM"]


def test_observatory_kind_filter(client, db):
    publish_item(ObservatoryPage, "STEM teachers in Europe 2025", kind="report", report=pdf_document())
    publish_item(ObservatoryPage, "What inquiry learning means", kind="article")
    assert titles(client.get("/en/observatory/?kind=report")) == ["STEM teachers in Europe 2025"]
    assert titles(client.get("/en/observatory/?kind=article")) == ["What inquiry learning means"]


@pytest.mark.parametrize("query", ["?year=abc", "?year=99999", "?page=999", "?page=-1", "?subject=nope",
                                   "?language=xx", "?kind=poem", "?tag=" + "x" * 500, "?subject=%00", "?tag=%00",
                                   "?year=2025&year=x", "?format=xml"])
def test_hostile_filters_show_the_list_not_an_error(client, newsroom, query):
    response = client.get("/en/news/" + query)
    assert response.status_code == 200


def test_pagination(client, db):
    for number in range(14):
        publish_item(NewsPage, f"Item {number:02}", date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number))
    first = client.get("/en/news/")
    assert len(titles(first)) == 12 and titles(first)[0] == "Item 13"
    second = client.get("/en/news/?page=2")
    assert titles(second) == ["Item 01", "Item 00"]
    assert b'rel="prev"' in second.content


def test_list_query_budget(client, django_assert_max_num_queries, db):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    org = _organisation()
    image = get_image_model().objects.create(title="Lab", file=get_test_image_file())
    for number in range(12):
        publish_item(BlogPostPage, f"Post {number}", subjects=("physics",), tags=("lab",), organisation=org,
                     author_name="Ada", listing_image=image, listing_image_alt=f"Lab bench {number}")
    client.get("/en/blog/")  # makes the image's rendition once
    with django_assert_max_num_queries(12):
        response = client.get("/en/blog/?subject=physics")
    assert len(titles(response)) == 12
    assert 'alt="Lab bench 11"' in response.content.decode()


# --- Detail pages ----------------------------------------------------------------


def test_news_item_page_with_json_ld_and_feeds_announced(client, newsroom):
    response = client.get(newsroom["new"].url)
    assert response.status_code == 200
    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Call for STEM ambassadors"
    assert data["datePublished"] == "2026-01-15"
    html = response.content.decode()
    assert '<link rel="alternate" type="application/rss+xml" href="http://testserver/en/news/feed.rss"' in html \
        or 'type="application/rss+xml"' in html and "/en/news/feed.rss" in html
    assert "/en/news/feed.atom" in html


def test_blog_post_author_and_organisation(client, db):
    author = make_user("bob@example.org", name="Bob Blogger")
    page = publish_item(BlogPostPage, "Our project's first year", author=author, organisation=_organisation())
    response = client.get(page.url)
    data = json_ld(response)
    assert data["@type"] == "BlogPosting"
    assert data["author"] == {"@type": "Person", "name": "Bob Blogger"}
    assert data["sourceOrganization"]["name"] == "Example Partner"
    html = response.content.decode()
    assert "Bob Blogger" in html and "/en/blog/feed.rss" in html and "/en/news/feed.rss" in html


def test_report_page_links_its_pdf(client, db):
    page = publish_item(ObservatoryPage, "Report 2025", kind="report", report=pdf_document())
    response = client.get(page.url)
    assert json_ld(response)["@type"] == "Report"
    assert page.report.url.encode() in response.content


def test_every_page_announces_the_news_feed_of_its_language(client, home):
    html = client.get("/de/").content.decode()
    assert re.search(r'<link rel="alternate" type="application/rss\+xml" href="[^"]*/de/news/feed\.rss"', html)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="[^"]*/de/news/feed\.atom"', html)


def test_publication_date_defaults_to_first_publication(db):
    page = publish_item(NewsPage, "Undated")
    page.refresh_from_db()
    assert page.date == datetime.date.today() or page.date == page.first_published_at.date()


def test_image_needs_alt_text(db):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Lab", file=get_test_image_file())
    page = NewsPage(title="With image", slug="with-image", summary="x", listing_image=image)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "listing_image_alt" in error.value.message_dict
    page.listing_image_alt = "Pupils at a lab bench"
    page.clean()


def test_report_needs_a_real_pdf(db):
    page = ObservatoryPage(title="R", slug="r", summary="x", kind="report")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "report" in error.value.message_dict
    page.report = pdf_document("fake.pdf", b"PK\x03\x04 this is a zip, not a PDF" + b"\0" * 100)
    with pytest.raises(ValidationError):
        page.clean()
    page.report = pdf_document()
    page.clean()


# --- Feeds -------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_news_feed_parses_with_a_standard_parser(client, newsroom, flavour):
    response = client.get(f"/en/news/feed.{flavour}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(f"application/{flavour}+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == ("rss20" if flavour == "rss" else "atom10")
    assert [entry.title for entry in feed.entries] == [
        "Call for STEM ambassadors", "New maths resources", "Robotics contest results"]
    entry = feed.entries[0]
    assert entry.summary == "About Call for STEM ambassadors."
    assert entry.link.endswith(newsroom["new"].url)
    assert entry.id.startswith("tag:") and entry.id.endswith(f",2026:news:{newsroom['new'].translation_key}")
    assert [tag.term for tag in entry.tags] == ["Physics"]
    assert entry.published_parsed[:3] == (2026, 1, 15)
    assert feed.feed.language == "en"


def test_feed_guid_is_stable_across_edits_and_languages(client, newsroom):
    before = feedparser.parse(client.get("/en/news/feed.rss").content).entries[0].id
    page = newsroom["new"]
    page.title = "Call for STEM ambassadors (updated)"
    page.save_revision().publish()
    translate(page, "fr", title="Appel aux ambassadeurs")
    after_en = feedparser.parse(client.get("/en/news/feed.rss").content).entries[0]
    after_fr = feedparser.parse(client.get("/fr/news/feed.rss").content)
    assert after_en.id == before and after_en.title == "Call for STEM ambassadors (updated)"
    assert after_fr.entries[0].id == before and after_fr.entries[0].title == "Appel aux ambassadeurs"
    assert after_fr.feed.language == "fr"
    assert after_fr.bozo == 0


def test_a_language_without_its_own_items_gets_the_originals_in_its_feed(client, newsroom):
    response = client.get("/pt/news/feed.atom")
    feed = feedparser.parse(response.content)
    assert response.status_code == 200 and feed.bozo == 0
    assert feed.feed.language == "pt"
    assert [entry.title for entry in feed.entries][0] == "Call for STEM ambassadors"
    assert client.get("/xx/news/feed.rss").status_code == 404
    assert client.get("/en/events/feed.rss").status_code == 404


def test_observatory_feed_has_the_report_as_enclosure(client, db):
    page = publish_item(ObservatoryPage, "Report 2025", kind="report", report=pdf_document())
    feed = feedparser.parse(client.get("/en/observatory/feed.rss").content)
    assert feed.bozo == 0
    enclosure = feed.entries[0].enclosures[0]
    assert enclosure.type == "application/pdf" and enclosure.href.endswith(page.report.url)


def test_blog_feed_names_the_author_and_the_list_links_to_it(client, db):
    import re

    publish_item(BlogPostPage, "Partner news", author_name="Carla Partner")
    html = client.get("/en/blog/").content.decode()
    for flavour in ("rss", "atom"):
        link = re.search(rf'class="exports">.*?<a href="([^"]+)" type="application/{flavour}\+xml"', html, re.S).group(1)
        assert link == f"/en/blog/feed.{flavour}"
        feed = feedparser.parse(client.get(link).content)
        assert feed.bozo == 0 and feed.entries[0].author == "Carla Partner"


# --- Blog partners ----------------------------------------------------------------


def _organisation():
    from scientix.projects.models import Organisation

    return Organisation.objects.get_or_create(name="Example Partner", country="BE")[0]


def _partner(email="pat@example.org"):
    from django.contrib.auth.models import Group

    from scientix.editorial.services import BLOG_PARTNERS

    user = make_user(email, name="Pat Partner")
    user.groups.add(Group.objects.get(name=BLOG_PARTNERS))
    return user


def _post_form(title: str) -> dict:
    return {"title": title, "slug": re.sub(r"\W+", "-", title.lower()), "summary": "A partner's summary.",
            "body": json.dumps({"blocks": [], "entityMap": {}}), "date": "", "listing_image": "",
            "listing_image_alt": "", "tags": "partners", "author": "", "author_name": "", "organisation": "",
            "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
            "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000"}


def test_partner_drafts_and_submits_a_post_but_cannot_publish(client, db):
    blog = BlogIndexPage.objects.get(locale__language_code="en")
    partner = _partner()
    assert blog.permissions_for_user(partner).can_add_subpage()
    assert not blog.permissions_for_user(partner).can_publish_subpage()
    client.force_login(partner)
    url = f"/admin/pages/add/editorial/blogpostpage/{blog.pk}/"
    response = client.post(url, {**_post_form("Our partner news"), "action-submit": "Submit for moderation"})
    assert response.status_code == 302, response.content.decode()[:3000]
    post = BlogPostPage.objects.get(title="Our partner news")
    assert not post.live
    assert post.author_id == partner.pk  # the creator signs by default
    assert post.workflow_in_progress
    # Asking to publish does not publish.
    client.post(f"/admin/pages/{post.pk}/edit/", {**_post_form("Our partner news"), "action-publish": "Publish"})
    post.refresh_from_db()
    assert not post.live
    assert not post.permissions_for_user(partner).can_publish()
    # Not on the news list.
    news = NewsIndexPage.objects.get(locale__language_code="en")
    assert not news.permissions_for_user(partner).can_add_subpage()


def test_teacher_cannot_post_and_editor_publishes(client, alice, edith):
    blog = BlogIndexPage.objects.get(locale__language_code="en")
    assert not blog.permissions_for_user(alice).can_add_subpage()
    client.force_login(alice)
    response = client.post(f"/admin/pages/add/editorial/blogpostpage/{blog.pk}/",
                           {**_post_form("Teacher post"), "action-publish": "Publish"})
    assert response.status_code in (302, 403)
    assert not BlogPostPage.objects.filter(title="Teacher post").exists()
    client.force_login(edith)
    response = client.post(f"/admin/pages/add/editorial/blogpostpage/{blog.pk}/",
                           {**_post_form("Editor post"), "action-publish": "Publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert BlogPostPage.objects.get(title="Editor post").live


def test_partners_may_post_in_every_languages_blog(db):
    from scientix.pages.services import locale_tree_ensure

    partner = _partner()
    _home, sections = locale_tree_ensure(language="pt")
    assert sections[BlogIndexPage].permissions_for_user(partner).can_add_subpage()


# --- Search ---------------------------------------------------------------------------


def test_news_blog_and_observatory_are_searchable(client, db):
    pages = [publish_item(NewsPage, "Quantum classroom news"), publish_item(BlogPostPage, "Quantum blog diary"),
             publish_item(ObservatoryPage, "Quantum report", kind="report", report=pdf_document())]
    response = client.get("/en/search/?q=quantum")
    html = response.content.decode()
    assert response.status_code == 200
    for page in pages:
        assert f'href="{page.url}"' in html
    for value in ("news", "blog", "observatory"):
        assert f'name="type" value="{value}"' in html  # the Type facet offers each kind
    only_news = client.get("/en/search/?q=quantum&type=news").content.decode()
    assert f'href="{pages[0].url}"' in only_news and f'href="{pages[1].url}"' not in only_news


def test_deleted_item_leaves_the_lists(client, newsroom):
    Page.objects.get(pk=newsroom["old"].pk).delete()
    assert "Robotics contest results" not in titles(client.get("/en/news/"))


# --- REST API ------------------------------------------------------------------------------


def test_api_serves_news_blog_and_observatory(client, newsroom):
    publish_item(BlogPostPage, "API blog post", author_name="Dana", organisation=_organisation())
    report = publish_item(ObservatoryPage, "API report", kind="report", report=pdf_document())
    data = client.get("/api/v1/news?sort=newest").json()
    assert data["count"] == 3
    assert [item["title"] for item in data["results"]][0] == "Call for STEM ambassadors"
    item = client.get(f"/api/v1/news/{newsroom['new'].pk}").json()
    assert item["type"] == "news" and item["publication_date"] == "2026-01-15"
    assert item["tags"] == ["ambassadors"] and item["subjects"][0]["code"] == "physics"
    blog = client.get("/api/v1/blog").json()["results"][0]
    assert blog["author"] == "Dana" and blog["organisation"]["name"] == "Example Partner"
    observatory = client.get("/api/v1/observatory?kind=report").json()
    assert observatory["count"] == 1
    assert observatory["results"][0]["report_url"].endswith(report.report.url)
    assert client.get("/api/v1/news?year=abc").status_code in (200, 400, 422)


# --- Admin and translation ---------------------------------------------------------------


@pytest.mark.parametrize("model", ["newspage", "blogpostpage", "observatorypage"])
def test_editor_gets_the_add_form_of_each_type(client, edith, model):
    index = {"newspage": NewsIndexPage, "blogpostpage": BlogIndexPage, "observatorypage": ObservatoryIndexPage}[model]
    parent = index.objects.get(locale__language_code="en")
    client.force_login(edith)
    response = client.get(f"/admin/pages/add/editorial/{model}/{parent.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="summary"' in html and 'name="listing_image_alt"' in html and 'name="tags"' in html


def test_wagtail_localize_offers_the_texts_for_translation(db):
    from wagtail_localize.models import StringSegment, TranslationSource

    page = publish_item(NewsPage, "Translatable news", summary="A summary to translate.",
                        body="<p>A body paragraph.</p>")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    texts = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert {"Translatable news", "A summary to translate.", "A body paragraph."} <= texts
