"""/sitemap.xml with language alternates and x-default, the index past the limit, robots.txt, Open Graph."""

from xml.etree import ElementTree

import pytest

from tests.conftest import publish_resource, translate

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def parsed(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def entry(root, loc: str):
    for url in root.findall("s:url", NS):
        if url.find("s:loc", NS).text == loc:
            return url
    raise AssertionError(f"{loc} not in the sitemap")


def test_every_language_version_is_listed_with_its_alternates(client, home):
    page = publish_resource("Light and colour")
    translate(page, "de", title="Licht und Farben", slug="licht-und-farben")
    lonely = publish_resource("Only in English")
    draft = publish_resource("Withdrawn")
    draft.unpublish()
    root = parsed(client.get("/sitemap.xml"))
    german = entry(root, "http://testserver/de/resources/licht-und-farben/")
    links = {link.get("hreflang"): link.get("href") for link in german.findall("x:link", NS)}
    assert links == {
        "en": "http://testserver/en/resources/light-and-colour/",
        "de": "http://testserver/de/resources/licht-und-farben/",
        "x-default": "http://testserver/en/resources/light-and-colour/",
    }
    assert entry(root, "http://testserver/en/resources/light-and-colour/").find("s:lastmod", NS) is not None
    assert entry(root, f"http://testserver{lonely.url}").findall("x:link", NS) == []
    locs = [url.find("s:loc", NS).text for url in root.findall("s:url", NS)]
    assert not any("withdrawn" in loc for loc in locs) and len(locs) == len(set(locs))


def test_past_the_limit_the_sitemap_becomes_an_index(client, home, settings):
    publish_resource("One")
    publish_resource("Two")
    settings.SITEMAP_LIMIT = 3
    index = parsed(client.get("/sitemap.xml"))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [node.text for node in index.findall("s:sitemap/s:loc", NS)]
    assert parts[0] == "http://testserver/sitemap-1.xml" and len(parts) > 1
    seen = []
    for part in parts:
        seen += [url.find("s:loc", NS).text for url in parsed(client.get(part.replace("http://testserver", ""))).findall("s:url", NS)]
    assert len(seen) == len(set(seen)) and any(loc.endswith("/en/resources/two/") for loc in seen)
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


def test_only_get(client, home):
    assert client.post("/sitemap.xml").status_code == 405
    assert client.post("/robots.txt").status_code == 405


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_private_and_endless_pages(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    for path in ("/admin/", "/*/accounts/", "/*/search/", "/api/"):
        assert f"Disallow: {path}" in body


def test_pages_carry_open_graph_tags(client, home, settings):
    page = publish_resource("Light and colour", description="A prism splits white light into colours.")
    body = client.get(page.url).content.decode()
    assert '<meta property="og:title" content="Light and colour">' in body
    assert '<meta property="og:description" content="A prism splits white light into colours.">' in body
    assert f'<meta property="og:url" content="{settings.SITE_URL}{page.url}">' in body


def test_the_sitemap_is_built_once_per_version_of_the_page_tree(client, home, django_assert_max_num_queries,
                                                                  django_capture_on_commit_callbacks):
    publish_resource("Kept")
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(0):
        cached = client.get("/sitemap.xml")
    assert b"/en/resources/kept/" in cached.content
    with django_capture_on_commit_callbacks(execute=True):
        publish_resource("Fresh")
    assert b"/en/resources/fresh/" in client.get("/sitemap.xml").content
