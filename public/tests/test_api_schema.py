"""Every endpoint answers as its OpenAPI schema says, for inputs generated from the schema itself
(schemathesis, property-based): valid and invalid filters, page numbers and sizes, slugs and
numbers in the path. Each answer is checked for its status code, content type, body and headers."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from attachment_portal.wsgi import application

pytestmark = pytest.mark.django_db

# Small and fixed, so the whole run takes seconds and runs the same every time.
EXAMPLES_PER_ENDPOINT = 30


# A filter naming a track or batch that does not exist is a 400 (it cannot match), though the
# schema cannot list which exist: tracks and batches are records, not part of the API's contract.
FILTERS_NAME_RECORDS = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-path-regex": "^/api/v1/(stories|graduates)/$",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "429"]}},
            }
        ]
    }
)
# Read from the portal itself, as a client would (building the schema reads no records).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=FILTERS_NAME_RECORDS)


@pytest.fixture
def connection_kept_across_requests():
    """The application is called as a server calls it, so each request's end would close the test's
    database connection, and with it the transaction that holds the test's records (on PostgreSQL).
    Django's own test client keeps it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def generous_limit(settings):
    # The run sends hundreds of requests from one address: the limit itself has tests of its own.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/minute"}}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_ENDPOINT,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_endpoint_answers_as_its_schema_says(case, seeded, generous_limit, connection_kept_across_requests):
    case.call_and_validate()
