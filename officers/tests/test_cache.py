import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from officers.cache import cache_public_page, current_generation, invalidate_public_pages
from officers.models import Officer
from officers.tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def counting_view():
    calls = []

    @cache_public_page
    def view(request):
        calls.append(request.get_full_path())
        return HttpResponse(f"render {len(calls)}")

    return view, calls


def anonymous_get(path="/page/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_an_anonymous_get_is_rendered_once_then_served_from_the_cache():
    view, calls = counting_view()
    assert view(anonymous_get()).content == b"render 1"
    assert view(anonymous_get()).content == b"render 1"
    assert len(calls) == 1


def test_each_query_string_is_cached_on_its_own():
    view, calls = counting_view()
    view(anonymous_get("/page/?country=VN"))
    view(anonymous_get("/page/?country=KH"))
    assert len(calls) == 2


def test_a_signed_in_person_is_never_served_a_cached_page():
    view, calls = counting_view()
    view(anonymous_get())
    request = RequestFactory().get("/page/")
    request.user = UserFactory()
    assert view(request).content == b"render 2"


def test_a_saved_record_makes_cached_pages_stale_after_commit(django_capture_on_commit_callbacks):
    view, calls = counting_view()
    view(anonymous_get())
    with django_capture_on_commit_callbacks(execute=True):
        OfficerFactory()
    assert view(anonymous_get()).content == b"render 2"


def test_a_deleted_record_makes_cached_pages_stale(django_capture_on_commit_callbacks):
    officer = OfficerFactory()
    view, calls = counting_view()
    view(anonymous_get())
    with django_capture_on_commit_callbacks(execute=True):
        officer.delete()
    assert view(anonymous_get()).content == b"render 2"


def test_queryset_update_needs_an_explicit_invalidation():
    officer = OfficerFactory()
    before = current_generation()
    with transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(bio="changed")
    invalidate_public_pages()
    assert current_generation() == before + 1


def test_an_error_page_is_not_cached():
    calls = []

    @cache_public_page
    def missing(request):
        calls.append(1)
        return HttpResponse("gone", status=404)

    missing(anonymous_get())
    missing(anonymous_get())
    assert len(calls) == 2
