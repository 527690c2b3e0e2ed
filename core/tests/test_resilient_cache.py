"""Redis is a cache, never a point of failure: with it unreachable the public pages render
uncached, `/healthz` stays 200, saves succeed; when it answers again no page stored before the
outage is served."""

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError

from bench.servers import DEFAULT_REDIS_URL, redis_reachable
from core import page_cache, resilient_cache
from core.tests.test_page_cache import counting_site, get
from officers.models import GraduateStory

pytestmark = pytest.mark.django_db

# A loopback port nothing listens on: the connection is refused at once.
UNREACHABLE_URL = "redis://127.0.0.1:9/0"


def resilient_cache_at(settings, monkeypatch, url: str) -> None:
    monkeypatch.setattr(resilient_cache, "_breakers", {})
    monkeypatch.setattr(page_cache, "_repaired_outages", 0)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"resilience-test-{id(settings)}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture
def redis_down(settings, monkeypatch):
    resilient_cache_at(settings, monkeypatch, UNREACHABLE_URL)


def test_public_pages_render_while_the_cache_is_unreachable(redis_down, seeded, client):
    story = GraduateStory.objects.public().first()
    for path in ["/", "/stories/", story.get_absolute_url(), "/statistics/", "/programme/"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Hoang Quoc Trung" in client.get("/stories/").content.decode()


def test_healthz_stays_200_and_reports_the_cache_down(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "down"}


def test_healthz_reports_a_working_cache(client):
    assert client.get("/healthz").json()["cache"] == "ok"


def test_an_admin_save_succeeds_while_the_cache_is_unreachable(
    redis_down, seeded, editor_client, django_capture_on_commit_callbacks
):
    story = GraduateStory.objects.get(officer__slug="hoang-quoc-trung")
    page = editor_client.get(f"/admin/officers/graduatestory/{story.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "officer"}
    data.update(
        officer=story.officer_id,
        headline="Saved while the cache was down",
        opened_version=story.version,
    )
    # Each inline table (photos, translations) sent as empty: only the story's own fields change.
    for inline in page.context["inline_admin_formsets"]:
        data.update({f"{inline.formset.prefix}-TOTAL_FORMS": 0, f"{inline.formset.prefix}-INITIAL_FORMS": 0})
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/officers/graduatestory/{story.pk}/change/", data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Saved while the cache was down"


def test_an_unreachable_cache_is_tried_once_then_left_alone_for_a_while(redis_down, monkeypatch):
    attempts = []

    def refused(*args, **kwargs):
        attempts.append(args)
        raise RedisConnectionError("refused")

    monkeypatch.setattr(RedisCacheClient, "get", refused)
    for _ in range(20):
        assert cache.get("anything", "default") == "default"
    assert len(attempts) == 1


def test_the_outage_is_logged_once_when_it_starts(redis_down, caplog):
    for _ in range(5):
        cache.get("anything")
    assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
    assert "Cache unreachable" in caplog.records[0].getMessage()


@pytest.mark.skipif(not redis_reachable(DEFAULT_REDIS_URL), reason=f"no Redis at {DEFAULT_REDIS_URL}")
def test_no_page_stored_before_an_outage_is_served_after_it(settings, monkeypatch):
    resilient_cache_at(settings, monkeypatch, DEFAULT_REDIS_URL)
    site, calls = counting_site()
    assert site(get()).content == b"render 1 for testserver"
    assert site(get()).content == b"render 1 for testserver"

    # Redis stops answering; a record is saved meanwhile, and its invalidation is lost.
    with monkeypatch.context() as outage:
        for method in ("get", "set", "add", "incr"):
            outage.setattr(RedisCacheClient, method, lambda *a, **k: (_ for _ in ()).throw(RedisConnectionError()))
        page_cache.invalidate_public_pages()
        assert site(get()).content == b"render 2 for testserver"  # uncached while it is down

    # Redis answers again (the pause before the next attempt is over): the old page stays unused.
    cache.breaker.down_until = 0
    assert site(get()).content == b"render 3 for testserver"
    assert site(get()).content == b"render 3 for testserver"
    cache.clear()


@pytest.mark.skipif(not redis_reachable(DEFAULT_REDIS_URL), reason=f"no Redis at {DEFAULT_REDIS_URL}")
def test_one_redis_client_serves_every_command(settings, monkeypatch):
    # Building a redis.Redis per command cost more than a page-cache hit's GET itself.
    resilient_cache_at(settings, monkeypatch, DEFAULT_REDIS_URL)
    built = []
    build = redis.Redis.__init__
    monkeypatch.setattr(redis.Redis, "__init__", lambda client, **options: built.append(1) or build(client, **options))

    cache.set("reused", 1)
    assert cache.get("reused") == 1
    assert cache.incr("reused") == 2
    cache.delete("reused")

    assert len(built) == 1
