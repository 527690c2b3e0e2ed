"""`/api/` tells people how to use the API, in the site's own page, and `/api/schema/` tells programs."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from officers.tests.factories import OfficerFactory, PlacementFactory
from public.api.about import ENDPOINTS, EXAMPLE_REQUEST, EXAMPLE_RESPONSE, ORIGIN
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db


def v1_url_names() -> set[str]:
    api = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api")
    v1 = next(p for p in api.url_patterns if isinstance(p, URLResolver) and p.namespace == "v1")
    return {f"api:v1:{pattern.name}" for pattern in v1.url_patterns if isinstance(pattern, URLPattern)}


@pytest.mark.parametrize("count", RECORD_COUNTS)
def test_the_page_reads_no_records(client, django_assert_num_queries, count):
    for officer in OfficerFactory.create_batch(count):
        PlacementFactory(officer=officer)
    with django_assert_num_queries(0):
        response = client.get("/api/")
    assert response.status_code == 200
    assert "The public API" in response.content.decode()


def test_the_page_describes_every_endpoint_and_links_an_example_of_each(client, seeded):
    assert {endpoint.url_name for endpoint in ENDPOINTS} == v1_url_names()
    page = client.get("/api/").content.decode()
    for endpoint in ENDPOINTS:
        assert f'href="{endpoint.path}"' in page
        assert client.get(endpoint.path).status_code == 200, endpoint.path


def test_the_page_says_the_limits_the_api_applies(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100/hour"}}
    page = re.sub(r"\s+", " ", client.get("/api/").content.decode())
    assert "Each address may make 100 requests an hour" in page
    assert "Lists come 20 records a page" in page
    assert "for up to 100 a page" in page


def test_the_example_is_what_the_api_answers(client, seeded):
    answer = client.get(EXAMPLE_REQUEST).json()
    assert answer == json.loads(json.dumps(EXAMPLE_RESPONSE).replace(ORIGIN, "http://testserver"))
    page = client.get("/api/").content.decode()
    assert "http://testserver/api/v1/tracks/junior-diplomats/batches/13/" in page
    assert ORIGIN not in page


def test_the_schema_is_openapi_3_as_json_and_describes_every_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/stories/",
        "/api/v1/stories/{slug}/",
        "/api/v1/graduates/",
        "/api/v1/graduates/{slug}/",
        "/api/v1/tracks/",
        "/api/v1/tracks/{track}/",
        "/api/v1/tracks/{track}/batches/",
        "/api/v1/tracks/{track}/batches/{number}/",
        "/api/v1/countries/",
        "/api/v1/figures/",
    }
    assert {op for path in schema["paths"].values() for op in path} == {"get"}


def test_no_browsable_or_swagger_page_breaks_the_content_security_policy(client):
    for path in ("/api/v1/tracks/", "/api/schema/"):
        response = client.get(path, headers={"accept": "text/html"})
        assert response.status_code == 406
    for path in ("/api/schema/swagger-ui/", "/api/schema/redoc/"):
        assert client.get(path)["Content-Type"] == "application/json"
    policy = client.get("/api/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("path", ["/api/v2/stories/", "/api/v1/stories/a%0Ab/", "/api/v1/tracks/x/batches/1.5/"])
def test_an_address_the_api_does_not_have_is_a_404_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "The API has no such address: /api/ lists its addresses."}


def test_an_address_without_its_last_slash_is_sent_to_the_one_with_it(client):
    response = client.get("/api/v1/stories")
    assert (response.status_code, response["Location"]) == (301, "/api/v1/stories/")
