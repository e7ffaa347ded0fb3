"""The search layer: analysis, the index following the content, the page, the API, hostile input.

Runs on SQLite and on PostgreSQL (marker ``postgres``): both engines must give the same answers.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from scientix.search import analysis, query, selectors
from scientix.search.models import SearchDocument
from scientix.search.services import index_rebuild
from tests.conftest import publish_project, publish_resource, terms, translate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def found(q: str = "", *, language: str = "en", **kwargs) -> list[str]:
    result = selectors.search(selectors.SearchRequest(q=q, language=language, **kwargs))
    return [hit.title for hit in result.hits]


# Analysis ---------------------------------------------------------------------


@pytest.mark.parametrize(("language", "typed", "indexed"), [
    ("fr", "energie", "énergies"),
    ("es", "educacion", "Educaciones"),
    ("pt", "educacao", "educação"),
    ("de", "Schueler", "Schüler"),
    ("el", "ενεργεια", "ΕΝΈΡΓΕΙΑΣ"),
    ("hu", "fizikabol", "fizikából"),
    ("pl", "fizyki", "fizyka"),
    ("cs", "fyzice", "fyzika"),
])
def test_a_word_matches_its_inflections_with_or_without_accents(language, typed, indexed):
    indexed_terms = set(analysis.analyse(indexed, language).split())
    assert indexed_terms & set(analysis.query_terms(typed, language)), (typed, indexed_terms)


def test_languages_without_snowball_use_the_nearest_stemmer_or_folding():
    assert analysis.query_terms("fizike", "hr") == analysis.query_terms("fizika", "hr")  # Serbian stemmer
    assert analysis.query_terms("fyziky", "sk") == analysis.query_terms("fyzika", "sk")  # Czech stemmer
    assert analysis.analyse("Ħolqien", "mt") == "holqien"  # folded only


def test_hostile_text_never_reaches_the_engine_syntax():
    parsed = query.parse('" OR 1=1; DROP TABLE x; -- ) ( NEAR( * ^ \' \x00', language="en")
    for render in (query.to_fts5, query.to_tsquery):
        rendered = render(parsed.node())
        assert "DROP" not in rendered and "drop" in rendered  # a word like any other, quoted


# The index follows the content ------------------------------------------------------


def test_the_index_follows_publish_edit_unpublish_and_delete(home):
    page = publish_resource("Pendulum lab", description="Measure gravity with a swinging mass.")
    assert found("gravity") == ["Pendulum lab"]
    page.description = "Measure the period of oscillation."
    page.save_revision().publish()
    assert found("gravity") == [] and found("oscillation") == ["Pendulum lab"]
    page.unpublish()
    assert found("oscillation") == []
    page.save_revision().publish()
    assert found("oscillation") == ["Pendulum lab"]
    Page.objects.get(pk=page.pk).delete()
    assert not SearchDocument.objects.filter(object_id=page.pk).exists()


def test_a_draft_is_not_found_until_published(home):
    page = publish_resource("Pendulum lab")
    page.title = "Secret new title"
    page.save_revision()
    assert found("secret") == [] and found("pendulum") == ["Pendulum lab"]


def test_a_translation_is_indexed_in_its_own_language(home):
    page = publish_resource("Light and colour", description="A prism splits white light.")
    translate(page, "de", title="Licht und Farben", description="Ein Prisma zerlegt weißes Licht.")
    assert found("Lichtes", language="de") == ["Licht und Farben"]  # German genitive; only the German version has it
    assert found("prism", language="en") == ["Light and colour"]
    assert SearchDocument.objects.filter(translation_key=page.translation_key).count() == 2


def test_a_rollback_leaves_the_index_as_it_was(home):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        publish_resource("Doomed material")
        raise RuntimeError("the change fails after indexing")
    assert found("doomed") == []


def test_moving_a_page_reindexes_its_address(home):
    from scientix.pages.services import locale_tree_ensure
    from scientix.resources.models import ResourceIndexPage

    page = publish_resource("Pendulum lab")
    _home, sections = locale_tree_ensure(language="en")
    sections[ResourceIndexPage].specific.save_revision()  # no-op; address comes from the tree
    page.slug = "pendulum-renamed"
    page.save_revision().publish()
    assert SearchDocument.objects.get(object_id=page.pk).url.endswith("/pendulum-renamed/")


def test_reindex_rebuilds_everything_with_a_progress_bar(home):
    from io import StringIO

    from django.core.management import call_command

    publish_resource("Pendulum lab")
    publish_project("Sun power", subjects=("physics",))
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "2/2" in out.getvalue() and "Indexed 2 documents" in out.getvalue()
    assert sorted(found()) == ["Pendulum lab", "Sun power"]


# Query features ---------------------------------------------------------------


@pytest.fixture
def library(home):
    return [
        publish_resource("Climate change in the classroom", description="How the climate is changing, with data.",
                         subjects=("climate",)),
        publish_resource("Change of state", description="Water and climate of the planet: ice melts.",
                         subjects=("chemistry",)),
        publish_resource("Photosynthesis lab", description="Plants turn light into sugar.", subjects=("biology",)),
        publish_project("Robots at school", description="Programming robots with pupils.", subjects=("technology",),
                        start_date="2020-01-01", end_date="2021-12-31"),
    ]


def test_words_are_anded_and_a_phrase_must_be_adjacent(library):
    assert sorted(found("climate change")) == ["Change of state", "Climate change in the classroom"]
    assert found('"climate change"') == ["Climate change in the classroom"]


def test_when_no_item_has_every_word_any_word_will_do(library):
    result = selectors.search(selectors.SearchRequest(q="photosynthesis robots", language="en"))
    assert result.any_word and {hit.title for hit in result.hits} == {"Photosynthesis lab", "Robots at school"}


def test_prefix_matching_for_suggestions(library):
    assert found("photosyn", prefix=True) == ["Photosynthesis lab"]
    assert found("photosyn") == []


def test_a_subject_named_in_any_language_finds_what_is_classified_under_it(library):
    assert found("Biologie", language="de") == ["Photosynthesis lab"]  # no German word in the material
    assert found("biologia", language="pl") == ["Photosynthesis lab"]
    assert found("βιολογία", language="el") == ["Photosynthesis lab"]


def test_snippets_mark_the_matched_words_and_escape_the_rest(db):
    # Pages refuse HTML; a document straight into the index shows that snippets escape anyway.
    import uuid

    from scientix.search.registry import Document
    from scientix.search.services import documents_store

    documents_store([Document(kind="resource", object_id=1, translation_key=uuid.uuid4(), language="en",
                              title="Tags <b>test</b>", url="/en/resources/x/",
                              body="Before <script>alert(1)</script> the pendulums swing.")])
    hit = selectors.search(selectors.SearchRequest(q="pendulum", language="en")).hits[0]
    assert "<mark>pendulums</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<b>" not in hit.title_html


def test_facets_count_items_and_filters_combine(library):
    result = selectors.search(selectors.SearchRequest(
        language="en", facets=["type", "subject"], filters={"subject": ["earth-sciences"]}))
    counts = {group.name: {v.value: v.count for v in group.values} for group in result.facets}
    assert counts == {"type": {"resource": 1}, "subject": {"earth-sciences": 1, "climate": 1}}  # broader finds narrower
    assert found(filters={"subject": ["chemistry"]}) == ["Change of state"]
    assert found("climate", filters={"subject": ["climate", "chemistry"]}, sort="title") == [
        "Change of state", "Climate change in the classroom"]
    assert found(kinds=["project"]) == ["Robots at school"]
    assert found(kinds=["project"], filters={"status": ["finished"]}) == ["Robots at school"]
    assert found(kinds=["project"], filters={"status": ["active"]}) == []


def test_one_result_per_item_in_the_readers_language(home):
    page = publish_resource("Light and colour", description="A prism and light.")
    translate(page, "fr", title="Lumière et couleurs", description="Un prisme et la lumière.")
    assert found("prism", language="fr") == ["Lumière et couleurs"]  # the English words matched, French shown
    result = selectors.search(selectors.SearchRequest(language="fr", facets=["language"]))
    assert result.count == 1
    assert {v.value: v.count for v in result.facets[0].values} == {"en": 1, "fr": 1}


def test_a_search_costs_three_queries_and_a_list_one(library):
    request = selectors.SearchRequest(q="climate", language="en", facets=list(selectors.FACET_LABELS))
    selectors.search(request)  # builds the facet bitmaps for this state of the index
    with CaptureQueriesContext(connection) as queries:
        selectors.search(request)
    assert len(queries) == 3  # index state token, text match, the shown hits
    with CaptureQueriesContext(connection) as queries:
        selectors.search(selectors.SearchRequest(language="en", facets=["type"], filters={"subject": ["biology"]},
                                                 with_hits=False))
    assert len(queries) == 1  # filters, counts and order come from the bitmaps


def _as_keys(snap) -> dict:
    """A snapshot in terms of translation keys (item numbers differ between builds)."""
    from scientix.search.snapshot import members

    def keys(bits):
        return sorted(str(snap.keys[item]) for item in members(bits & snap.everything))

    return {
        "items": keys(snap.everything),
        "tokens": {token: keys(bits) for token, bits in snap.tokens.items() if keys(bits)},
        "languages": {language: keys(bits) for language, bits in snap.languages.items() if keys(bits)},
        "statuses": {status: keys(bits) for status, bits in snap.statuses.items() if keys(bits)},
        "orders": {sort: [str(snap.keys[item]) for item in snap.walk(sort)] for sort in ("newest", "title", "rating")},
        "versions": {str(snap.keys[item]): sorted(snap.versions[item]) for item in members(snap.everything)},
    }


def test_bitmaps_replay_changes_instead_of_rebuilding(library, alice):
    from scientix.resources.services import rating_submit
    from scientix.search import snapshot

    before = snapshot.current()
    new = publish_resource("Cell biology", subjects=("genetics",))
    translate(library[2], "fr", title="Laboratoire de photosynthèse")
    library[1].unpublish()
    rating_submit(user=alice, resource=library[0], pedagogical_value=4, curricular_integration=4, clarity=4)
    new.title = "Cell biology for all"
    new.save_revision().publish()
    after = snapshot.current()
    assert after.replays == before.replays + 1 and after.last_change > before.last_change
    assert _as_keys(after) == _as_keys(snapshot.build(after.token))
    assert found(filters={"subject": ["biology"]}, sort="title") == ["Cell biology for all", "Photosynthesis lab"]
    assert found(kinds=["resource"], sort="rating")[0] == "Climate change in the classroom"


def test_bitmaps_follow_every_change_and_a_rollback(library):
    from django.db import transaction

    assert found(filters={"subject": ["biology"]}) == ["Photosynthesis lab"]
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_resource("Cell biology", subjects=("biology",))
        assert sorted(found(filters={"subject": ["biology"]})) == ["Cell biology", "Photosynthesis lab"]
        raise RuntimeError("roll back")
    assert found(filters={"subject": ["biology"]}) == ["Photosynthesis lab"]


# The page and the API ---------------------------------------------------------------


def test_the_search_page_in_every_language(client, library):
    from scientix.languages import LANGUAGE_CODES

    for code in LANGUAGE_CODES:
        response = client.get(f"/{code}/search/", {"q": "climate"})
        assert response.status_code == 200, code
        assert f'<html lang="{code}"' in response.content.decode()
    body = client.get("/fr/search/", {"q": "climate"}).content.decode()
    assert 'href="/fr/resources/climate-change-in-the-classroom/"' in body  # opened under the reader's prefix
    assert "<mark>Climate</mark>" in body


def test_the_search_page_query_budget(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/en/search/", {"q": "climate", "subject": "earth-sciences"}).status_code == 200


def test_api_answers_in_the_documented_shape(client, library):
    response = client.get("/api/v1/search", {"q": "klimatu", "lang": "pl", "subject": "earth-sciences"})
    data = response.json()
    assert response.status_code == 200 and data["count"] >= 0
    data = client.get("/api/v1/search", {"q": "climate", "lang": "en", "type": "resource"}).json()
    assert data["count"] == 2
    first = data["results"][0]
    assert set(first) == {"type", "id", "title", "language", "url", "snippet"}
    assert first["url"].startswith("http://testserver/en/resources/")
    assert set(data["facets"]) == {"type", "language", "subject", "age", "country", "licence", "programme", "year"}
    assert {"value": "resource", "label": "Resource", "count": 2} in data["facets"]["type"]
    german = client.get("/api/v1/search", {"q": "climate", "lang": "de"}).json()
    assert any(v["label"] == "Geowissenschaften" or v["value"] == "earth-sciences" for v in german["facets"]["subject"])


def test_api_pages(client, library):
    data = client.get("/api/v1/search", {"page_size": 1, "page": 2, "sort": "title"}).json()
    assert data["count"] == 4 and len(data["results"]) == 1 and data["results"][0]["title"] == "Climate change in the classroom"


@pytest.mark.parametrize("params", [
    {"lang": "xx"}, {"subject": "no-such-subject"}, {"type": "spaceship"}, {"page": "two"}, {"page_size": "1000"},
    {"page": "-1"}, {"sort": "random"}, {"country": "ZZ"}, {"age": "\x00"},
])
def test_api_refuses_what_it_cannot_use_with_a_reason(client, library, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400 and response.json()["error"]


HOSTILE = [
    '"', '"unbalanced', "((((", "a OR", "NOT", "NEAR(a b)", "*", "title:x", "^a", "-", "'; DROP TABLE search_searchdocument; --",
    "x" * 10_000, "a " * 5_000, "\x00\x01\x1b[31m", "😀🎉", "ʻokina", "<script>alert(1)</script>", "%00", "\\", "''",
    "& | ! <->", ":*", "a:*", "{title_terms}: x", "\u202e\u200b",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_any_string_gets_results_or_an_empty_list(client, library, q):
    for url in ("/api/v1/search", "/api/v1/search/suggest"):
        response = client.get(url, {"q": q, "lang": "en"})
        assert response.status_code == 200, (url, q)
    assert client.get("/en/search/", {"q": q}).status_code == 200
    assert client.get("/en/resources/", {"q": q}).status_code == 200
    assert SearchDocument.objects.count() == 4


def test_suggestions_complete_the_last_word(client, library):
    data = client.get("/api/v1/search/suggest", {"q": "photos", "lang": "en"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Photosynthesis lab"]
    assert client.get("/api/v1/search/suggest", {"q": "p", "lang": "en"}).json() == {"suggestions": []}


def test_lists_use_the_layer_with_their_own_search_box(client, library):
    body = client.get("/en/resources/", {"q": "climate"}).content.decode()
    assert "Climate change in the classroom" in body and "Photosynthesis lab" not in body
    body = client.get("/en/projects/", {"status": "finished", "subjects": "no-such-code"}).content.decode()
    assert "Robots at school" in body  # an unknown value in a list's filter is ignored


def test_rating_reorders_the_index(library, alice):
    from scientix.resources.services import rating_submit

    rating_submit(user=alice, resource=library[2], pedagogical_value=5, curricular_integration=5, clarity=5)
    assert found(kinds=["resource"], sort="rating")[0] == "Photosynthesis lab"


def test_rebuild_matches_incremental_indexing(library):
    before = sorted(SearchDocument.objects.values_list("object_id", "title_terms", "body_terms", "facet_terms"))
    index_rebuild()
    after = sorted(SearchDocument.objects.values_list("object_id", "title_terms", "body_terms", "facet_terms"))
    assert before == after


def test_terms_give_subjects_with_their_broader_subjects():
    from scientix.search.registry import term_facets

    facets = term_facets(terms("subject", "mechanics"))
    assert facets["subject"][0] == "mechanics" and "physics" in facets["subject"]


def test_api_json_is_utf8(client, home):
    publish_resource("Ενέργεια και κίνηση", language="el", description="Φυσική για μαθητές.")
    response = client.get("/api/v1/search", {"q": "ενεργεια", "lang": "el"})
    assert json.loads(response.content)["results"][0]["title"] == "Ενέργεια και κίνηση"
