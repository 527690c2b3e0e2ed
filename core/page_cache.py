"""Whole-page caching of public pages, with invalidation that cannot miss a change.

A view decorated with `cache_public_page` declares that, for a visitor who is not signed in, its
page depends on nothing but the address and the programme records. `PublicPageCacheMiddleware`
keeps such pages whole, headers included, and answers the next visitor's GET for the same address
before sessions, authentication, CSRF, URL routing or the view run: that is most of the cost of a
request, and the page is the same for every visitor anyway.

Each stored page carries the "generation" it was rendered in. Any save or delete of a programme
record (whatever path it takes: admin, import, service, officer self-service) bumps the generation
after its transaction commits, so a stored page from an older generation is never served again;
the next request renders afresh. Old pages simply expire. Each process also keeps copies of the
pages it served last, under the same rule, so a popular page does not travel from the shared cache
on every request.

The generation lives in the cache, so every worker process must share one (Redis): with a cache
per process, a change would show on one worker and not on the others. Production settings refuse a
per-process cache, and gunicorn.conf.py runs a single worker when no shared cache is named.

Only visitors without a session or a pending message are served or given a stored page: a
signed-in person sees their own navigation and a CSRF token that must never be shared.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import set_response_etag

GENERATION_KEY = "public-pages:generation"
PAGE_KEY_PREFIX = "public-pages:page:"
# Set on a response by `cache_public_page`: the middleware stores only pages that declare it.
SHAREABLE_ATTRIBUTE = "is_shareable_public_page"
# Copies of popular pages each process keeps, at most about 100 KB each.
RECENT_PAGES_PER_PROCESS = 128

# A stored page: its body and its headers.
StoredPage = tuple[bytes, tuple[tuple[str, str], ...]]


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate_public_pages() -> None:
    """Make every cached public page stale. Call after writes that bypass model saves
    (`QuerySet.update()`, bulk inserts, a restore); saves and deletes call it by themselves, and so
    does every `migrate`, so a deployment never serves pages rendered by the previous release."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, fresh_generation(), timeout=None)


def fresh_generation() -> int:
    """A generation no page was ever stored under, for when the cache has lost the count (Redis
    restarted, or the key was evicted): starting again from 1 would let each process serve its own
    copies of pages from before the loss."""
    return time.time_ns()


def _invalidate_after_commit(**kwargs) -> None:
    # After commit, so a request racing the transaction cannot cache the old page under the new number.
    transaction.on_commit(invalidate_public_pages)


def connect_invalidation() -> None:
    """Listen to every save, delete and migrate of the apps whose records public pages show (the
    setting `PUBLIC_PAGE_CACHE_APPS`)."""
    for app_label in settings.PUBLIC_PAGE_CACHE_APPS:
        app_config = apps.get_app_config(app_label)
        for model in app_config.get_models():
            post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"public-cache-save-{model}")
            post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"public-cache-del-{model}")
        post_migrate.connect(_invalidate_after_commit, sender=app_config, dispatch_uid=f"public-cache-mig-{app_label}")
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


class RecentPages:
    """The pages this process served last, so that serving a popular page again needs only the
    generation from the shared cache. Keyed by address and generation, so a copy is never older than
    the records; a copy expires when the shared page does (a batch's status follows the date)."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> StoredPage | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            expires, page = entry
            if expires <= time.time():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, int], page: StoredPage, *, expires: float) -> None:
        with self._lock:
            self._pages[key] = (expires, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


recent_pages = RecentPages(size=RECENT_PAGES_PER_PROCESS)


class PublicPageCacheMiddleware:
    """Serve stored public pages to anonymous GETs, and store the pages that views declare shareable.
    It sits above the session middleware, so a hit costs one small cache read and nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_get(request):
            return self.get_response(request)
        key = page_key(request)
        # Read before rendering, so a write that commits while the page renders leaves the copy
        # stored below under an old generation: it is never served.
        generation = current_generation()
        page = stored_page(key, generation)
        if page is not None:
            content, headers = page
            return HttpResponse(content, headers=dict(headers))
        response = self.get_response(request)
        if is_shareable(request, response):
            store_page(key, generation, response)
        return response


def stored_page(key: str, generation: int) -> StoredPage | None:
    """The page stored for this address in this generation: this process's copy, else the shared one."""
    page = recent_pages.get((key, generation))
    if page is None:
        shared = cache.get(key)
        if shared is None:
            return None
        shared_generation, expires, content, headers = shared
        if shared_generation != generation:
            return None
        page = (content, headers)
        recent_pages.put((key, generation), page, expires=expires)
    return page


def store_page(key: str, generation: int, response: HttpResponse) -> None:
    set_response_etag(response)
    page = (response.content, tuple(response.items()))
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    # The expiry travels with the page (wall-clock time, the same for every process).
    expires = time.time() + timeout
    cache.set(key, (generation, expires, *page), timeout)
    recent_pages.put((key, generation), page, expires=expires)


def is_anonymous_get(request: HttpRequest) -> bool:
    """A GET from someone with no session and no message waiting: nothing personal can be on the page."""
    private_cookies = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    return request.method == "GET" and private_cookies.isdisjoint(request.COOKIES)


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, SHAREABLE_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A view may still mark one response as not for sharing.
        and "private" not in cache_control
        and "no-store" not in cache_control
        # Cannot be true for a request without a session cookie; checked so that no other way of
        # signing in can ever put a personal page in the cache.
        and not request.user.is_authenticated
    )


def page_key(request: HttpRequest) -> str:
    # The whole address, scheme and host included: pages carry absolute links (canonical, feed, sitemap).
    return PAGE_KEY_PREFIX + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
