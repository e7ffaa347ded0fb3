"""The resources repository: lists with facets, details, ratings, reviews, export."""

import csv
import io
import json
import re

import pytest

from scientix.resources.models import Rating, ResourcePage, Review, ReviewStatus
from scientix.resources.services import review_moderate
from tests.conftest import make_user, publish_resource, translate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def library(db):
    return {
        "pendulum": publish_resource("Pendulum lab", subjects=("mechanics",), types=("simulation",)),
        "cells": publish_resource("Cell division", subjects=("genetics",), types=("video",), licence="cc-by-nd-4-0"),
        "licht": publish_resource("Licht und Farben", language="de", subjects=("optics",), types=("experiment",)),
        "fractions": publish_resource("Fractions game", subjects=("algebra",), types=("game",), kind="student_material"),
    }


def titles(response) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def test_list_shows_every_language_with_facet_counts(client, library):
    response = client.get("/en/resources/")
    assert response.status_code == 200
    assert set(titles(response)) == {"Pendulum lab", "Cell division", "Licht und Farben", "Fractions game"}
    body = response.content.decode()
    assert re.search(r'name="language" value="de"[^>]*> Deutsch <span class="count">\(1\)', body)
    assert re.search(r'name="subjects" value="physics"[^>]*> Physics <span class="count">\(0\)', body) is None


def test_a_broader_subject_finds_the_narrower_ones(client, library):
    response = client.get("/en/resources/?subjects=physics")
    assert set(titles(response)) == {"Pendulum lab", "Licht und Farben"}


def test_filters_combine_and_across_facets_or_within(client, library):
    assert set(titles(client.get("/en/resources/?subjects=physics&resource_types=simulation"))) == {"Pendulum lab"}
    assert set(titles(client.get("/en/resources/?resource_types=video&resource_types=game"))) == {"Cell division", "Fractions game"}
    assert titles(client.get("/en/resources/?language=de")) == ["Licht und Farben"]
    assert titles(client.get("/en/resources/?kind=student_material")) == ["Fractions game"]
    assert titles(client.get("/en/resources/?licence=cc-by-nd-4-0")) == ["Cell division"]


def test_facet_labels_follow_the_reader_language(client, library):
    body = client.get("/de/resources/").content.decode()
    assert "Mechanik" in body and "Simulation" in body


def test_unknown_filter_values_match_nothing_and_do_not_fail(client, library):
    for query in ["subjects=alchemy", "language=xx", "kind=poem", "sort=drop table", "page=999", "page=-1", "licence=%00"]:
        response = client.get(f"/en/resources/?{query}")
        assert response.status_code == 200, query


def test_sort_by_title_and_paginate(client, library):
    for n in range(25):
        publish_resource(f"Worksheet {n:02d}")
    first = titles(client.get("/en/resources/?sort=title"))
    assert len(first) == 20 and first[0] == "Cell division"
    second = titles(client.get("/en/resources/?sort=title&page=2"))
    assert len(second) == 9 and second[-1] == "Worksheet 24"


def test_sort_by_rating(client, library, alice):
    from scientix.resources.services import rating_submit

    rating_submit(user=alice, resource=library["fractions"], pedagogical_value=5, curricular_integration=5, clarity=5)
    rating_submit(user=alice, resource=library["cells"], pedagogical_value=2, curricular_integration=2, clarity=2)
    assert titles(client.get("/en/resources/?sort=rating"))[:2] == ["Fractions game", "Cell division"]


def test_reader_sees_their_language_version_only(client, library):
    translate(library["pendulum"], "de", title="Pendel-Labor")
    assert "Pendel-Labor" in titles(client.get("/de/resources/"))
    assert "Pendulum lab" not in titles(client.get("/de/resources/"))
    assert "Pendulum lab" in titles(client.get("/en/resources/"))
    assert "Pendel-Labor" not in titles(client.get("/en/resources/"))


def test_export_csv_and_json_follow_the_filters(client, library):
    response = client.get("/en/resources/?subjects=physics&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["title"] for row in rows} == {"Pendulum lab", "Licht und Farben"}
    data = json.loads(client.get("/en/resources/?format=json&kind=student_material").content)
    assert [row["title"] for row in data] == ["Fractions game"]
    assert data[0]["licence"] == "CC-BY-4.0"


def test_detail_page_shows_metadata_json_ld_and_language_versions(client, library):
    pendulum = library["pendulum"]
    translate(pendulum, "fr", title="Laboratoire du pendule")
    body = client.get("/en/resources/pendulum-lab/").content.decode()
    assert "Mechanics" in body and "Creative Commons Attribution 4.0" in body
    assert 'hreflang="fr" lang="fr"' in body  # the "Read this in" row
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "LearningResource"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["inLanguage"] == "en"


def test_resource_in_another_language_opens_under_the_readers_prefix(client, library):
    response = client.get("/fr/resources/licht-und-farben/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr"' in body and 'class="notice"' in body and '<div lang="de"' in body


def test_one_rating_per_person_and_averages_on_every_language_version(client, library, alice):
    pendulum = library["pendulum"]
    german = translate(pendulum, "de")
    bob = make_user("bob@example.org")
    client.force_login(alice)
    url = f"/en/resources/{pendulum.pk}/rate/"
    client.post(url, {"pedagogical_value": 5, "curricular_integration": 4, "clarity": 3})
    client.post(url, {"pedagogical_value": 3, "curricular_integration": 3, "clarity": 3})  # changes, not adds
    client.force_login(bob)
    client.post(f"/en/resources/{german.pk}/rate/", {"pedagogical_value": 5, "curricular_integration": 5, "clarity": 5})
    assert Rating.objects.filter(resource_key=pendulum.translation_key).count() == 2
    averages = set(ResourcePage.objects.filter(translation_key=pendulum.translation_key).values_list("rating_average", flat=True))
    assert [float(a) for a in averages] == [4.0]


@pytest.mark.parametrize("scores", [
    {"pedagogical_value": 6, "curricular_integration": 4, "clarity": 3},
    {"pedagogical_value": 0, "curricular_integration": 4, "clarity": 3},
    {"pedagogical_value": "x", "curricular_integration": 4, "clarity": 3},
    {"pedagogical_value": 4},
])
def test_bad_ratings_are_refused(client, library, alice, scores):
    client.force_login(alice)
    response = client.post(f"/en/resources/{library['pendulum'].pk}/rate/", scores)
    assert response.status_code == 302
    assert not Rating.objects.exists()


def test_rating_and_reviewing_need_sign_in(client, library):
    pk = library["pendulum"].pk
    assert client.post(f"/en/resources/{pk}/rate/", {"pedagogical_value": 5})["Location"].startswith("/en/accounts/login/")
    assert client.post(f"/en/resources/{pk}/review/", {"text": "Great"})["Location"].startswith("/en/accounts/login/")
    assert client.get(f"/en/resources/{pk}/rate/").status_code in (302, 405)


def test_reviews_wait_for_an_editor(client, library, alice, edith):
    client.force_login(alice)
    client.post(f"/en/resources/{library['pendulum'].pk}/review/", {"text": "My pupils loved the sliders."})
    review = Review.objects.get()
    assert review.status == ReviewStatus.PENDING and review.language == "en"
    assert "My pupils loved" not in client.get("/en/resources/pendulum-lab/").content.decode()
    review_moderate(review=review, moderator=edith, approve=True)
    assert "My pupils loved" in client.get("/en/resources/pendulum-lab/").content.decode()


def test_markup_in_a_review_is_refused(client, library, alice):
    client.force_login(alice)
    client.post(f"/en/resources/{library['pendulum'].pk}/review/", {"text": "<img src=x onerror=alert(1)>"})
    assert not Review.objects.exists()


def test_list_and_detail_query_budgets(client, library, django_assert_max_num_queries):
    client.get("/en/resources/")
    client.get("/en/resources/pendulum-lab/")
    with django_assert_max_num_queries(12):
        assert client.get("/en/resources/?subjects=physics").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/en/resources/pendulum-lab/").status_code == 200


def test_my_data_download_includes_ratings_reviews_and_submissions(client, library, alice):
    from scientix.resources.services import rating_submit, review_submit

    rating_submit(user=alice, resource=library["cells"], pedagogical_value=4, curricular_integration=3, clarity=5)
    review_submit(user=alice, resource=library["cells"], text="Clear and short.", language="en")
    client.force_login(alice)
    data = json.loads(client.get("/en/accounts/profile/my-data.json").content)
    assert data["ratings_and_reviews"]["ratings"][0]["clarity"] == 5
    assert data["ratings_and_reviews"]["reviews"][0]["text"] == "Clear and short."
    assert data["submissions"] == []


def test_deleting_an_account_keeps_reviews_without_the_author(client, library, alice):
    from scientix.resources.services import review_submit

    review = review_submit(user=alice, resource=library["cells"], text="Clear and short.", language="en")
    client.force_login(alice)
    client.post("/en/accounts/delete/", {"password": "correct-horse-battery-7", "confirm": "on"})
    review.refresh_from_db()
    assert review.user is None and review.text == "Clear and short."


def test_an_editor_moderates_a_review_in_the_admin(client, library, alice, edith):
    from scientix.resources.services import review_submit

    review = review_submit(user=alice, resource=library["cells"], text="Clear and short.", language="en")
    client.force_login(edith)
    assert client.get("/admin/snippets/resources/review/").status_code == 200
    response = client.post(f"/admin/snippets/resources/review/edit/{review.pk}/", {"status": "approved"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "approved" and review.moderated_by == edith


def test_a_wagtail_localize_translation_shares_the_metadata(client, library, django_capture_on_commit_callbacks):
    """Title, description and keywords are translated segments; links and terms are synchronised."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    from scientix.pages.services import locale_tree_ensure

    pendulum = library["pendulum"]
    locale_tree_ensure(language="de")
    source, _ = TranslationSource.get_or_create_from_instance(pendulum)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="de"))
    for segment in source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(translation_of=segment.string, locale=translation.target_locale,
                                         context=segment.context, data=f"[de] {segment.string.data}")
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    german = ResourcePage.objects.get(translation_key=pendulum.translation_key, locale__language_code="de")
    assert german.title == "[de] Pendulum lab" and german.description.startswith("[de] ")
    assert german.link == pendulum.link
    assert {t.code for t in german.terms.all()} == {t.code for t in pendulum.terms.all()}
    assert "[de] Pendulum lab" in client.get("/de/resources/?subjects=physics").content.decode()


def test_a_broader_subject_counts_the_items_under_its_narrower_ones_once(client, library):
    both = publish_resource("Waves", subjects=("mechanics", "optics"))  # two narrower terms of physics
    assert both.live
    body = client.get("/en/resources/").content.decode()
    assert re.search(r'name="subjects" value="physics"[^>]*> Physics <span class="count">\(3\)', body)
    assert re.search(r'name="subjects" value="mechanics"[^>]*> Mechanics <span class="count">\(2\)', body)
    assert len(titles(client.get("/en/resources/?subjects=physics"))) == 3


def test_a_collection_lists_its_live_resources_in_order_with_json_ld(client, library):
    import json as jsonlib

    from scientix.pages.services import locale_tree_ensure
    from scientix.resources.models import CollectionItem, CollectionPage, ResourceIndexPage

    _home, sections = locale_tree_ensure(language="en")
    collection = CollectionPage(title="Starter kit", description="Three good ones.")
    sections[ResourceIndexPage].add_child(instance=collection)
    collection.items = [CollectionItem(resource=library[name], sort_order=order)
                        for order, name in enumerate(["cells", "pendulum", "fractions"])]
    collection.save_revision().publish()
    library["fractions"].unpublish()
    body = client.get(collection.url).content.decode()
    assert titles(client.get(collection.url)) == ["Cell division", "Pendulum lab"]
    data = jsonlib.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Collection" and data["name"] == "Starter kit"
    assert [part["name"] for part in data["hasPart"]] == ["Cell division", "Pendulum lab"]
