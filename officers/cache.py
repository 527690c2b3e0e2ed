"""Whole-page caching of public pages, with invalidation that cannot miss a change.

A view decorated with `cache_public_page` declares that, for a visitor who is not signed in, its
page depends on nothing but the address and the programme records. `PublicPageCacheMiddleware`
keeps such pages whole, headers included, and answers the next visitor's GET for the same address
before sessions, authentication, CSRF, URL routing or the view run: that is most of the cost of a
request, and the page is the same for every visitor anyway.

Each stored page carries the "generation" it was rendered in. Any save or delete of a programme
record (whatever path it takes: admin, import, service, officer self-service) bumps the generation
after its transaction commits, so a stored page from an older generation is never served again;
the next request renders afresh. Old pages simply expire.

Only visitors without a session or a pending message are served or given a stored page: a
signed-in person sees their own navigation and a CSRF token that must never be shared.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import set_response_etag

GENERATION_KEY = "public-pages:generation"
PAGE_KEY_PREFIX = "public-pages:page:"
CACHED_APPS = ("batches", "officers")
# Set on a response by `cache_public_page`: the middleware stores only pages that declare it.
SHAREABLE_ATTRIBUTE = "is_shareable_public_page"


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def invalidate_public_pages() -> None:
    """Make every cached public page stale. Call after writes that bypass model saves
    (`QuerySet.update()`, bulk inserts); saves and deletes call it by themselves."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _invalidate_after_commit(**kwargs) -> None:
    # After commit, so a request racing the transaction cannot cache the old page under the new number.
    transaction.on_commit(invalidate_public_pages)


def connect_invalidation() -> None:
    for app_label in CACHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"public-cache-save-{model}")
            post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"public-cache-del-{model}")
    m2m_changed.connect(_invalidate_after_commit, dispatch_uid="public-cache-m2m")


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Declare that this view's page, for a visitor who is not signed in, may be stored and served
    to every such visitor until a record changes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, SHAREABLE_ATTRIBUTE, True)
        return response

    return wrapper


class PublicPageCacheMiddleware:
    """Serve stored public pages to anonymous GETs, and store the pages that views declare shareable.
    It sits above the session middleware, so a hit costs one cache round trip and nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_get(request):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            _generation, content, headers = stored
            return HttpResponse(content, headers=dict(headers))
        # The generation was read before rendering: a write committed meanwhile leaves this page stale.
        response = self.get_response(request)
        if is_shareable(request, response):
            set_response_etag(response)
            stored = (generation, response.content, tuple(response.items()))
            cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response


def is_anonymous_get(request: HttpRequest) -> bool:
    """A GET from someone with no session and no message waiting: nothing personal can be on the page."""
    private_cookies = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    return request.method == "GET" and private_cookies.isdisjoint(request.COOKIES)


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        getattr(response, SHAREABLE_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
    )


def page_key(request: HttpRequest) -> str:
    # The whole address, scheme and host included: pages carry absolute links (canonical, feed, sitemap).
    return PAGE_KEY_PREFIX + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
