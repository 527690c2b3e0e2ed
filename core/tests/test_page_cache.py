"""The page cache's rules, on a counting view: what is stored, for whom, and when it goes stale."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from core.page_cache import (
    STALE_HEADER,
    PublicPageCacheMiddleware,
    cache_public_page,
    claim_render,
    current_generation,
    invalidate_public_pages,
    keep_out_of_cache,
    page_key,
)
from officers.models import Officer
from officers.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def counting_site(*, shareable=True, status=200, sets_cookie=False, cache_control=None, query=("country",)):
    """The middleware in front of a view that counts its renders, as the real stack would call it."""
    calls = []

    def view(request):
        calls.append(request.get_full_path())
        response = HttpResponse(f"render {len(calls)} for {request.get_host()}", status=status)
        if sets_cookie:
            response.set_cookie("seen", "yes")
        if cache_control:
            response["Cache-Control"] = cache_control
        return response

    page = cache_public_page(view, query=query) if shareable else view

    def below_the_cache(request):
        request.user = AnonymousUser()  # as AuthenticationMiddleware would, for a visitor without a session
        return page(request)

    return PublicPageCacheMiddleware(below_the_cache), calls


def get(path="/page/", **extra):
    return RequestFactory().get(path, **extra)


def test_an_anonymous_get_is_rendered_once_then_served_from_the_cache():
    site, calls = counting_site()
    first = site(get())
    second = site(get())
    assert first.content == second.content == b"render 1 for testserver"
    assert second["ETag"] == first["ETag"]
    assert len(calls) == 1


def test_each_query_string_is_cached_on_its_own():
    site, calls = counting_site()
    site(get("/page/?country=VN"))
    site(get("/page/?country=KH"))
    assert site(get("/page/?country=VN")).content == b"render 1 for testserver"
    assert len(calls) == 2


def test_a_query_parameter_the_page_does_not_read_never_adds_an_entry():
    site, calls = counting_site(query=("country",))
    for n in range(3):
        site(get(f"/page/?utm_source={n}"))
        site(get(f"/page/?country=VN&made_up={n}"))
    site(get("/page/?country=VN"))
    site(get("/page/?country=VN"))
    assert len(calls) == 7  # the six made-up addresses each time, the real one once


def test_a_view_can_keep_one_response_out_of_the_cache():
    calls = []

    def view(request):
        calls.append(1)
        return keep_out_of_cache(HttpResponse("search results"))

    def below_the_cache(request):
        request.user = AnonymousUser()
        return cache_public_page(view, query=("q",))(request)

    site = PublicPageCacheMiddleware(below_the_cache)
    site(get("/page/?q=anything"))
    site(get("/page/?q=anything"))
    assert len(calls) == 2


def test_each_host_is_cached_on_its_own_because_pages_carry_absolute_links(settings):
    settings.ALLOWED_HOSTS = ["portal.example", "www.portal.example"]
    site, calls = counting_site()
    site(get(HTTP_HOST="portal.example"))
    assert site(get(HTTP_HOST="www.portal.example")).content == b"render 2 for www.portal.example"


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, "messages"])
def test_a_visitor_with_a_session_or_a_waiting_message_is_neither_served_nor_given_a_stored_page(cookie):
    site, calls = counting_site()
    site(get())
    request = get()
    request.COOKIES[cookie] = "something personal"
    assert site(request).content == b"render 2 for testserver"
    assert site(get()).content == b"render 1 for testserver"


@pytest.mark.parametrize(
    "page",
    [
        {"shareable": False},
        {"status": 404},
        {"sets_cookie": True},
        {"cache_control": "private"},
        {"cache_control": "no-store"},
    ],
    ids=[
        "not declared shareable by its view",
        "an error page",
        "a page that sets a cookie",
        "marked private",
        "marked no-store",
    ],
)
def test_a_page_is_never_stored_when_it_is(page):
    site, calls = counting_site(**page)
    site(get())
    site(get())
    assert len(calls) == 2


def test_a_post_is_never_answered_from_the_cache():
    site, calls = counting_site()
    site(get())
    site(RequestFactory().post("/page/"))
    assert len(calls) == 2


def test_a_saved_record_makes_cached_pages_stale_after_commit(django_capture_on_commit_callbacks):
    site, calls = counting_site()
    site(get())
    with django_capture_on_commit_callbacks(execute=True):
        OfficerFactory()
    assert site(get()).content == b"render 2 for testserver"


def test_a_deleted_record_makes_cached_pages_stale(django_capture_on_commit_callbacks):
    officer = OfficerFactory()
    site, calls = counting_site()
    site(get())
    with django_capture_on_commit_callbacks(execute=True):
        officer.delete()
    assert site(get()).content == b"render 2 for testserver"


def test_a_save_still_inside_its_transaction_does_not_make_pages_stale_yet(django_capture_on_commit_callbacks):
    site, calls = counting_site()
    site(get())
    with django_capture_on_commit_callbacks(execute=False):
        OfficerFactory()
        assert site(get()).content == b"render 1 for testserver"


def test_queryset_update_needs_an_explicit_invalidation():
    officer = OfficerFactory()
    before = current_generation()
    with transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(bio="changed")
    invalidate_public_pages()
    assert current_generation() == before + 1


def test_a_cache_that_lost_its_count_never_lets_a_process_serve_its_own_older_copies():
    site, calls = counting_site()
    site(get())
    cache.clear()  # as when Redis restarts: the generation and the shared pages are gone
    assert site(get()).content == b"render 2 for testserver"


def test_stored_pages_expire_in_every_process_after_the_configured_time(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    site, calls = counting_site()
    site(get())
    site(get())
    assert len(calls) == 2


def test_every_migrate_so_every_deployment_makes_cached_pages_stale(django_capture_on_commit_callbacks):
    site, calls = counting_site()
    site(get())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("migrate", verbosity=0)
    assert site(get()).content == b"render 2 for testserver"


def test_after_a_save_one_request_renders_while_the_others_get_the_previous_copy_marked_stale():
    """No stampede: of many visitors asking for a page that just went stale, one renders it."""
    site, calls = counting_site()
    site(get())
    invalidate_public_pages()
    # Another worker has claimed the render of the new generation and is still at it.
    assert claim_render(page_key(get()), current_generation())
    waiting = [site(get()) for _ in range(5)]
    assert {response.content for response in waiting} == {b"render 1 for testserver"}
    assert {response[STALE_HEADER] for response in waiting} == {"stale"}
    assert len(calls) == 1
    # Its claim lapses (it finished, or failed): the next request renders the new generation.
    cache.delete(f"{page_key(get())}:rendering:{current_generation()}")
    fresh = site(get())
    assert fresh.content == b"render 2 for testserver"
    assert STALE_HEADER not in fresh


def test_the_first_request_after_a_save_renders_the_new_page_itself():
    site, calls = counting_site()
    site(get())
    invalidate_public_pages()
    assert site(get()).content == b"render 2 for testserver"
    assert site(get()).content == b"render 2 for testserver"


def test_a_page_that_stopped_being_public_leaves_no_old_copy_to_serve():
    status = {"code": 200}
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(f"render {len(calls)}", status=status["code"])

    def below_the_cache(request):
        request.user = AnonymousUser()
        return cache_public_page(view)(request)

    site = PublicPageCacheMiddleware(below_the_cache)
    site(get())
    invalidate_public_pages()
    status["code"] = 404  # the story was unpublished
    assert site(get()).status_code == 404
    # Even while another request claims the render, nothing of the public page is left to serve.
    claim_render(page_key(get()), current_generation())
    assert site(get()).status_code == 404
