"""Schemathesis against the API's own OpenAPI document: for every operation, generated requests
(valid and invalid) never get a 5xx, and every answer is documented and matches its schema.

The schema is fetched from the WSGI application itself (scientix.wsgi), with demo-like data in
the database and a valid personal token, so the write operations get past authentication.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scientix.api.services import api_token_create
from scientix.wsgi import application
from tests.conftest import publish_project, publish_resource, translate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


@pytest.fixture
def token(home, alice, settings):
    """Demo-like data and a valid token; throttles out of the way (their 429 is tested in test_api.py)."""
    from scientix.projects.models import Organisation

    settings.API_THROTTLE_TOKEN = settings.API_THROTTLE_WRITE = "100000/min"
    project = publish_project("Robots at school", description="Programming robots with pupils.",
                              coordinator=Organisation.objects.create(name="Escola X", country="PT"),
                              start_date="2020-01-01", end_date="2030-12-31")
    resource = publish_resource("Pendulum lab", subjects=("mechanics",), project=project)
    translate(resource, "de", title="Pendellabor")
    publish_resource("Cell division", subjects=("biology",), licence="cc-by-sa-4-0")
    _token, secret = api_token_create(user=alice, name="schemathesis")
    # The requests go to the WSGI application, not Django's test client: keep it, as the test
    # client does, from closing the test's database connection (inside its transaction) after each.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield secret
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Fetched from the application itself; reading the document touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_documented_promises(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
