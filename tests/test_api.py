"""The REST API at /api/v1/: public reads, token-authenticated submissions, tokens, limits, the OpenAPI document.

Search itself (/api/v1/search, /suggest) is tested with the search layer in test_search.py.
"""

import hashlib
import json

import pytest
import requests
from django.urls import reverse
from wagtail.models import PageViewRestriction, WorkflowState

from scientix.api.models import ApiToken
from scientix.api.services import api_token_create
from scientix.projects.models import ProjectPage
from scientix.resources.models import ResourcePage
from tests.conftest import make_user, publish_project, publish_resource, translate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def publish_collection(title: str, resources: list, **fields):
    from scientix.pages.services import locale_tree_ensure
    from scientix.resources.models import CollectionItem, CollectionPage, ResourceIndexPage

    _home, sections = locale_tree_ensure(language="en")
    collection = CollectionPage(title=title, description=fields.pop("description", f"About {title}."))
    sections[ResourceIndexPage].add_child(instance=collection)
    collection.items = [CollectionItem(resource=resource, sort_order=order) for order, resource in enumerate(resources)]
    collection.save_revision().publish()
    return collection


@pytest.fixture
def repository(home):
    from scientix.projects.models import Organisation

    coordinator = Organisation.objects.create(name="Universität Wien", country="AT")
    project = publish_project("Robots at school", description="Programming robots with pupils.",
                              subjects=("technology",), start_date="2020-01-01", end_date="2021-12-31",
                              acronym="ROBS", coordinator=coordinator)
    pendulum = publish_resource("Pendulum lab", subjects=("mechanics",), licence="cc-by-sa-4-0", project=project,
                                age_min=12, age_max=15)
    cells = publish_resource("Cell division", subjects=("biology",), types=("lesson-plan",))
    german = translate(pendulum, "de", title="Pendellabor", description="Schwingungen messen.")
    collection = publish_collection("Starter kit", [cells, pendulum])
    return {"project": project, "pendulum": pendulum, "cells": cells, "pendel": german, "collection": collection}


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# Reads --------------------------------------------------------------------------------------------


def test_resources_list_in_the_documented_shape(client, repository):
    response = client.get("/api/v1/resources", {"sort": "title"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert (data["count"], data["page"], data["page_size"]) == (2, 1, 20)
    assert [item["title"] for item in data["results"]] == ["Cell division", "Pendulum lab"]
    pendulum = data["results"][1]
    assert pendulum["url"] == "http://testserver/en/resources/pendulum-lab/"
    assert pendulum["licence"] == {"code": "cc-by-sa-4-0", "label": "Creative Commons Attribution-ShareAlike 4.0", "spdx_id": "CC-BY-SA-4.0",
                                   "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
    assert {"code": "mechanics", "label": "Mechanics"} in pendulum["subjects"]
    assert pendulum["project"]["title"] == "Robots at school" and pendulum["project"]["url"].startswith("http://")
    assert (pendulum["age_min"], pendulum["age_max"], pendulum["kind"]["code"]) == (12, 15, "teaching_material")
    assert pendulum["first_published_at"].startswith("20") and "T" in pendulum["first_published_at"]
    assert {(t["language"], t["url"]) for t in pendulum["translations"]} == {
        ("en", "http://testserver/en/resources/pendulum-lab/"), ("de", "http://testserver/de/resources/pendulum-lab/")}
    assert {"value": "mechanics", "label": "Mechanics", "count": 1} in data["facets"]["subject"]


def test_lang_gives_labels_and_the_version_in_that_language(client, repository):
    data = client.get("/api/v1/resources", {"lang": "de", "sort": "title"}).json()
    by_title = {item["title"]: item for item in data["results"]}
    assert set(by_title) == {"Cell division", "Pendellabor"}
    assert by_title["Pendellabor"]["language"] == "de" and by_title["Pendellabor"]["in_requested_language"]
    assert by_title["Cell division"]["language"] == "en" and not by_title["Cell division"]["in_requested_language"]
    assert {"code": "mechanics", "label": "Mechanik"} in by_title["Pendellabor"]["subjects"]
    pendulum = repository["pendulum"]
    detail = client.get(f"/api/v1/resources/{pendulum.pk}", {"lang": "de"}).json()
    assert detail["id"] == repository["pendel"].pk and detail["description"] == "Schwingungen messen."
    assert client.get(f"/api/v1/resources/{pendulum.pk}").json()["title"] == "Pendulum lab"
    fallback = client.get(f"/api/v1/resources/{repository['cells'].pk}", {"lang": "fr"}).json()
    assert fallback["language"] == "en" and fallback["in_requested_language"] is False


def test_filters_and_search_are_the_sites(client, repository):
    assert [r["title"] for r in client.get("/api/v1/resources", {"subject": "physics"}).json()["results"]] == [
        "Pendulum lab"]  # a broader subject finds what is classified under a narrower one
    assert client.get("/api/v1/resources", {"licence": "cc-by-sa-4-0,cc-by-4-0"}).json()["count"] == 2
    assert client.get("/api/v1/resources", {"q": "pendulum"}).json()["count"] == 1
    assert client.get("/api/v1/resources", {"resource_type": "lesson-plan"}).json()["count"] == 1
    projects = client.get("/api/v1/projects", {"status": "finished", "country": "AT"}).json()
    assert [p["acronym"] for p in projects["results"]] == ["ROBS"]
    assert projects["results"][0]["coordinator"] == {"name": "Universität Wien", "country": {"code": "AT", "label": "Austria"}}
    assert projects["results"][0]["programme"]["code"] == "horizon-2020"
    assert (projects["results"][0]["start_date"], projects["results"][0]["status"]) == ("2020-01-01", "finished")
    assert client.get("/api/v1/projects", {"status": "active"}).json()["count"] == 0


def test_collections_list_their_live_resources_in_order(client, repository):
    repository["cells"].unpublish()
    data = client.get("/api/v1/collections").json()
    assert data["count"] == 1
    assert [r["title"] for r in data["results"][0]["resources"]] == ["Pendulum lab"]
    detail = client.get(f"/api/v1/collections/{repository['collection'].pk}").json()
    assert detail["type"] == "collection" and detail["resources"][0]["url"].startswith("http://testserver/")


def test_pages_and_page_size(client, repository):
    data = client.get("/api/v1/resources", {"page": 2, "page_size": 1, "sort": "title"}).json()
    assert (data["count"], data["page"], [r["title"] for r in data["results"]]) == (2, 2, ["Pendulum lab"])
    assert client.get("/api/v1/resources", {"page_size": 0}).json()["results"] == []


@pytest.mark.parametrize(("path", "params", "reason"), [
    ("/api/v1/resources", {"subject": "no-such-subject"}, "subject: unknown value 'no-such-subject'"),
    ("/api/v1/resources", {"lang": "xx"}, "lang:"),
    ("/api/v1/resources", {"page": "two"}, "page:"),
    ("/api/v1/resources", {"page_size": "1000"}, "page_size:"),
    ("/api/v1/resources", {"sort": "random"}, "sort:"),
    ("/api/v1/projects", {"sort": "rating"}, "sort:"),  # projects are not rated
    ("/api/v1/projects", {"country": "ZZ"}, "country: unknown value"),
    ("/api/v1/projects", {"age": "\x00"}, "age: unknown value"),
    ("/api/v1/collections", {"year": "1492"}, "year: unknown value"),
    ("/api/v1/resources/abc", {}, "id:"),
])
def test_what_cannot_be_used_is_a_400_with_the_reason(client, repository, path, params, reason):
    response = client.get(path, params)
    assert response.status_code == 400 and response.json()["error"].startswith(reason)
    assert set(response.json()) == {"error"}


def test_unknown_draft_and_private_items_are_404(client, repository):
    draft = repository["cells"]
    draft.unpublish()
    private = repository["pendulum"]
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for path in (f"/api/v1/resources/{draft.pk}", f"/api/v1/resources/{private.pk}", "/api/v1/resources/99999",
                 f"/api/v1/projects/{private.pk}", f"/api/v1/collections/{repository['project'].pk}"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"error": "Not found."}, path
    assert client.get("/api/v1/resources").json()["count"] == 1  # the private one is not listed either


def test_a_list_page_costs_a_fixed_number_of_queries(client, repository, django_assert_max_num_queries):
    for number in range(6):
        translate(publish_resource(f"Optics {number}", subjects=("optics",)), "fr", title=f"Optique {number}")
    client.get("/api/v1/resources")  # warms the search snapshot and the vocabulary cache
    with django_assert_max_num_queries(9):
        assert len(client.get("/api/v1/resources", {"lang": "fr"}).json()["results"]) == 8
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v1/projects").json()["results"]) == 1
    with django_assert_max_num_queries(9):
        assert len(client.get("/api/v1/collections").json()["results"]) == 1


# Tokens -----------------------------------------------------------------------------------------


def test_a_person_makes_a_token_sees_it_once_and_revokes_it(client, alice):
    client.force_login(alice)
    assert reverse("accounts:api_tokens") in client.get("/en/accounts/profile/").content.decode()
    response = client.post("/en/accounts/api-tokens/", {"name": "School website"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.content.decode()
    token = ApiToken.objects.get(user=alice)
    secret = body.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert secret.startswith(f"stx_{token.prefix}_") and secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get("/en/accounts/api-tokens/").content.decode()  # shown once
    assert client.get("/api/v1/submissions", **bearer(secret)).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    response = client.post(f"/en/accounts/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert client.get("/api/v1/submissions", **bearer(secret)).status_code == 401


def test_nobody_revokes_someone_elses_token(client, alice):
    token, secret = api_token_create(user=make_user("bob@example.org"), name="bob's")
    client.force_login(alice)
    client.post(f"/en/accounts/api-tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/submissions", **bearer(secret)).status_code == 200


def test_the_token_page_needs_sign_in_and_a_name(client, alice):
    assert client.get("/en/accounts/api-tokens/").status_code == 302
    client.force_login(alice)
    response = client.post("/en/accounts/api-tokens/", {"name": ""})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert 'for="id_name"' in response.content.decode()


def test_a_token_dies_with_its_account(client, alice):
    from scientix.accounts.services import account_delete

    _token, secret = api_token_create(user=alice, name="script")
    alice.is_active = False
    alice.save()
    assert client.get("/api/v1/submissions", **bearer(secret)).status_code == 401
    assert client.get("/api/v1/resources", **bearer(secret)).status_code == 401  # even on public reads
    account_delete(user=alice)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nope", "Basic YWxpY2U6eA==", "Bearer stx_" + "x" * 300,
                                    "Bearer stx_\x00"])
def test_bad_tokens_are_401_with_the_error_shape(client, alice, header):
    response = client.get("/api/v1/submissions", **({"HTTP_AUTHORIZATION": header} if header else {}))
    assert response.status_code == 401 and response.json()["error"] and response["WWW-Authenticate"].startswith("Bearer")


def test_tokens_are_in_the_personal_data_export_without_secrets(client, alice):
    token, secret = api_token_create(user=alice, name="script")
    client.force_login(alice)
    data = client.get("/en/accounts/profile/my-data.json").json()
    assert data["api_tokens"][0]["name"] == "script" and data["api_tokens"][0]["revoked_at"] is None
    assert token.secret_hash not in json.dumps(data) and secret not in json.dumps(data)


# Submissions ------------------------------------------------------------------------------------

PROJECT = {
    "title": "Maths trails", "description": "Pupils walk through town solving problems.", "coordinator_name": "Escola X",
    "coordinator_country": "PT", "programme": "erasmus-plus", "subjects": ["mathematics"], "start_date": "2024-01-01",
    "end_date": "2025-06-30", "languages": ["pt", "en"],
}
RESOURCE = {
    "title": "Build a spectroscope", "description": "Pupils build a spectroscope from a CD and a box.",
    "kind": "teaching_material", "link": "https://example.org/spectroscope", "licence": "cc-by-4-0",
    "subjects": ["optics"], "resource_types": ["experiment"], "age_min": 12, "age_max": 15,
}


def post(client, path, data, secret):
    return client.post(path, json.dumps(data), content_type="application/json", **bearer(secret))


def test_a_submitted_project_enters_moderation_in_its_language(client, alice, home):
    _token, secret = api_token_create(user=alice, name="script")
    response = post(client, "/api/v1/submissions/projects", {**PROJECT, "language": "pt"}, secret)
    assert response.status_code == 201, response.content
    data = response.json()
    page = ProjectPage.objects.get(pk=data["id"])
    assert (data["status"], data["type"], data["language"]) == ("in_moderation", "project", "pt")
    assert not page.live and page.submitted_by == alice and page.locale.language_code == "pt"
    assert page.coordinator.country.code == "PT" and [t.code for t in page.terms_of("subject")] == ["mathematics"]
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    mine = client.get("/api/v1/submissions", **bearer(secret)).json()["results"]
    assert [(item["id"], item["status"], item["url"]) for item in mine] == [(page.pk, "in_moderation", None)]
    assert "Access-Control-Allow-Origin" not in response


def test_a_submitted_resource_is_a_link_with_codes(client, alice, home):
    _token, secret = api_token_create(user=alice, name="script")
    response = post(client, "/api/v1/submissions/resources", RESOURCE, secret)
    assert response.status_code == 201, response.content
    page = ResourcePage.objects.get(pk=response.json()["id"])
    assert page.link == RESOURCE["link"] and page.licence.code == "cc-by-4-0" and not page.live


@pytest.mark.parametrize(("changes", "field"), [
    ({"licence": "all-mine"}, "licence"),
    ({"subjects": ["astrology"]}, "subjects"),
    ({"link": "javascript:alert(1)"}, "link"),
    ({"age_min": 15, "age_max": 12}, "age_max"),
    ({"title": "x\x00y"}, "title"),
    ({"kind": "spaceship"}, "kind"),
])
def test_a_bad_submission_is_a_400_naming_the_field(client, alice, home, changes, field):
    _token, secret = api_token_create(user=alice, name="script")
    response = post(client, "/api/v1/submissions/resources", {**RESOURCE, **changes}, secret)
    assert response.status_code == 400 and field in response.json()["fields"], response.content
    assert not ResourcePage.objects.exists()


@pytest.mark.parametrize("body", ["{", "[]", '{"title": 5}', json.dumps({**PROJECT, "start_date": "yesterday"})])
def test_a_malformed_body_is_a_400(client, alice, home, body):
    _token, secret = api_token_create(user=alice, name="script")
    response = client.post("/api/v1/submissions/projects", body, content_type="application/json", **bearer(secret))
    assert response.status_code == 400 and response.json()["error"]
    assert not ProjectPage.objects.exists()


def test_writes_need_a_token_and_a_verified_address(client, home):
    response = client.post("/api/v1/submissions/projects", json.dumps(PROJECT), content_type="application/json")
    assert response.status_code == 401
    _token, secret = api_token_create(user=make_user("new@example.org", verified=False), name="script")
    response = post(client, "/api/v1/submissions/projects", PROJECT, secret)
    assert response.status_code == 403 and "Verify" in response.json()["error"]
    assert not ProjectPage.objects.exists()


# Limits -----------------------------------------------------------------------------------------


def test_reads_are_rate_limited_per_address_and_token(client, alice, settings, home):
    settings.API_THROTTLE_ANON = "3/min"
    settings.API_THROTTLE_TOKEN = "5/min"
    assert [client.get("/api/v1/projects").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = client.get("/api/v1/search")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json() == {"error": "Too many requests."}
    _token, secret = api_token_create(user=alice, name="script")
    assert [client.get("/api/v1/projects", **bearer(secret)).status_code for _ in range(6)] == [200] * 5 + [429]
    # A second token of the same account shares its budget.
    _token, other = api_token_create(user=alice, name="other")
    assert client.get("/api/v1/projects", **bearer(other)).status_code == 429


def test_writes_have_their_own_budget(client, alice, settings, home):
    settings.API_THROTTLE_WRITE = "2/hour"
    _token, secret = api_token_create(user=alice, name="script")
    statuses = [post(client, "/api/v1/submissions/resources", RESOURCE, secret).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert client.get("/api/v1/submissions", **bearer(secret)).status_code == 200


# The document and its docs ------------------------------------------------------------------------


def test_the_openapi_document_documents_every_answer(client):
    response = client.get("/api/v1/openapi.json")
    schema = response.json()
    assert response.status_code == 200 and schema["openapi"].startswith("3.")
    paths = schema["paths"]
    expected = {"/api/v1/search", "/api/v1/search/suggest", "/api/v1/submissions", "/api/v1/submissions/projects",
                "/api/v1/submissions/resources"}
    for kind in ("projects", "resources", "collections", "events", "news", "blog", "observatory"):
        expected |= {f"/api/v1/{kind}", f"/api/v1/{kind}/{{id}}"}
    assert set(paths) == expected
    assert set(paths["/api/v1/resources/{id}"]["get"]["responses"]) == {"200", "400", "401", "404", "429"}
    assert set(paths["/api/v1/submissions/resources"]["post"]["responses"]) == {"201", "400", "401", "403", "429"}
    assert paths["/api/v1/resources"]["get"]["security"] == [{"PersonalToken": []}, {}]
    assert paths["/api/v1/submissions/projects"]["post"]["security"] == [{"PersonalToken": []}]
    assert schema["components"]["securitySchemes"]["PersonalToken"]["scheme"] == "bearer"
    assert all(operation.get("description") or operation.get("summary")
               for item in paths.values() for operation in item.values())


def test_the_docs_load_only_our_own_files_under_our_csp(client, settings):
    from django.contrib.staticfiles import finders

    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "https://" not in body and "cdn" not in body.lower()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in body
    # The only inline <script> is a JSON data block, which CSP does not execute.
    assert body.count("<script>") == 0 and body.count('<script type="application/json"') == 1
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name  # collected with the portal's own static files
    index = client.get("/api/v1/").json()
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"


@pytest.mark.django_db(transaction=True)
def test_a_real_client_over_http(live_server, site):
    """requests against the running server: a token, a submission, the list of mine."""
    _token, secret = api_token_create(user=make_user("alice@example.org"), name="script")
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {secret}"
        response = session.post(f"{live_server.url}/api/v1/submissions/resources", json=RESOURCE, timeout=30)
        assert response.status_code == 201, response.text
        mine = session.get(f"{live_server.url}/api/v1/submissions", timeout=30).json()["results"]
        assert [item["title"] for item in mine] == ["Build a spectroscope"]
        response = requests.get(f"{live_server.url}/api/v1/resources", params={"lang": "xx"}, timeout=30)
        assert response.status_code == 400 and response.headers["Content-Type"].startswith("application/json")


def test_events_with_their_time_place_and_calendar_link(client, home):
    import datetime

    from tests.test_events import TODAY, DAY, publish_event

    publish_event("STEM teachers conference", event_type="conference", languages=["en", "pt"],
                  organiser="European Schoolnet")
    publish_event("Science week", event_type="campaign", start_time=None, end_time=None, start_date=TODAY + 20 * DAY,
                  end_date=TODAY + 24 * DAY, city="Berlin", country="DE", time_zone="Europe/Berlin")
    publish_event("Robotics workshop 2020", event_type="workshop", start_date=datetime.date(2020, 3, 5),
                  city="Brno", country="CZ", time_zone="Europe/Prague")
    data = client.get("/api/v1/events", {"sort": "title", "status": "planned"}).json()
    assert [item["title"] for item in data["results"]] == ["Science week", "STEM teachers conference"]
    week, stem = data["results"]
    assert stem["event_type"] == {"code": "conference", "label": "Conference"} and stem["all_day"] is False
    assert stem["start"].endswith(("+00:00", "+01:00")) and stem["time_zone"] == "Europe/Lisbon"
    assert stem["country"] == {"code": "PT", "label": "Portugal"} and stem["languages"] == ["en", "pt"]
    assert stem["ical_url"] == "http://testserver/en/events/stem-teachers-conference/?format=ics"
    assert week["all_day"] is True and week["end"] == (TODAY + 24 * DAY).isoformat()
    soonest_first = client.get("/api/v1/events", {"sort": "start"}).json()["results"]
    assert [item["title"] for item in soonest_first] == [
        "Robotics workshop 2020", "STEM teachers conference", "Science week"]
    assert client.get("/api/v1/events", {"event_type": "workshop", "status": "finished"}).json()["count"] == 1
    assert client.get("/api/v1/events", {"event_type": "party"}).status_code == 400
    detail = client.get(f"/api/v1/events/{stem['id']}").json()
    assert detail["organiser"] == "European Schoolnet"


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/resources/extra/part", "/api/v1/%E2%9C%93"])
def test_an_address_that_is_no_endpoint_gets_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"].startswith("no such endpoint")
