"""The projects repository: facets (programme, country, active/finished), details, JSON-LD, export."""

import datetime
import json
import re

import pytest

from scientix.projects.models import Organisation
from tests.conftest import publish_project, publish_resource

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TODAY = datetime.date.today()


@pytest.fixture
def projects(db):
    leiden = Organisation.objects.create(name="Leiden University", country="NL")
    eun = Organisation.objects.create(name="European Schoolnet", country="BE")
    return {
        "space": publish_project("Space Awareness", acronym="SPACE", subjects=("astronomy",), programme="horizon-2020",
                                 coordinator=leiden, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2017, 12, 31)),
        "steam": publish_project("STEAM for all", subjects=("engineering",), programme="erasmus-plus", coordinator=eun,
                                 start_date=TODAY - datetime.timedelta(days=100), end_date=TODAY + datetime.timedelta(days=300)),
        "klima": publish_project("Klimaschule", language="de", subjects=("climate",), programme="national",
                                 coordinator=eun, start_date=TODAY - datetime.timedelta(days=10)),
    }


def titles(response):
    return re.findall(r'<h2><a href="[^"]+">(?:[^<:]+: )?([^<]+)</a></h2>', response.content.decode())


def test_filters_by_programme_country_status_and_language(client, projects):
    assert titles(client.get("/en/projects/?programme=erasmus-plus")) == ["STEAM for all"]
    assert set(titles(client.get("/en/projects/?country=BE"))) == {"STEAM for all", "Klimaschule"}
    assert titles(client.get("/en/projects/?status=finished")) == ["Space Awareness"]
    assert set(titles(client.get("/en/projects/?status=active"))) == {"STEAM for all", "Klimaschule"}
    assert titles(client.get("/en/projects/?language=de")) == ["Klimaschule"]


def test_facets_show_counts(client, projects):
    body = client.get("/en/projects/").content.decode()
    assert re.search(r'name="status" value="active"[^>]*> Active <span class="count">\(2\)', body)
    assert re.search(r'name="country" value="BE"[^>]*> Belgium <span class="count">\(2\)', body)


def test_detail_links_resources_and_describes_itself_in_json_ld(client, projects):
    publish_resource("Star map worksheet", project=projects["space"])
    body = client.get("/en/projects/space-awareness/").content.decode()
    assert "Star map worksheet" in body and "Leiden University" in body and "Netherlands" in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Project" and data["alternateName"] == "SPACE" and data["endDate"] == "2017-12-31"


def test_export_json(client, projects):
    data = json.loads(client.get("/en/projects/?format=json&programme=horizon-2020").content)
    assert [(row["acronym"], row["coordinator_country"]) for row in data] == [("SPACE", "NL")]


def test_list_query_budget(client, projects, django_assert_max_num_queries):
    client.get("/en/projects/")
    with django_assert_max_num_queries(12):
        assert client.get("/en/projects/?country=BE&sort=title").status_code == 200
    client.get("/en/projects/space-awareness/")
    with django_assert_max_num_queries(12):
        assert client.get("/en/projects/space-awareness/").status_code == 200


def test_a_project_may_not_end_before_it_starts(projects):
    from django.core.exceptions import ValidationError

    page = projects["space"]
    page.end_date = datetime.date(2014, 1, 1)
    with pytest.raises(ValidationError):
        page.full_clean()
