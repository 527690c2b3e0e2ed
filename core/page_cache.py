"""Whole-page caching of public pages, with invalidation that cannot miss a change.

A view decorated with `cache_public_page` declares that, for a visitor who is not signed in, its
page depends on nothing but the address and the programme records. `PublicPageCacheMiddleware`
keeps such pages whole, headers included, and answers the next visitor's GET for the same address
before sessions, authentication, CSRF, URL routing or the view run: that is most of the cost of a
request, and the page is the same for every visitor anyway.

Each stored page carries the "generation" it was rendered in. Any save or delete of a programme
record (whatever path it takes: admin, import, service, officer self-service) bumps the generation
after its transaction commits, so a stored page from an older generation is no longer served as
current: the next request renders afresh. While that one request renders, other visitors asking for
the same page get the previous copy marked `X-Page-Cache: stale` (for the render's milliseconds, at
most RENDER_CLAIM_SECONDS) instead of all rendering it at once; a page that is no longer public is
never served from an old copy. Old pages simply expire. Each process also keeps copies of the
pages it served last, under the same rule, so a popular page does not travel from the shared cache
on every request.

The generation lives in the cache, so every worker process must share one (Redis): with a cache
per process, a change would show on one worker and not on the others. Production settings refuse a
per-process cache, and gunicorn.conf.py runs a single worker when no shared cache is named.

Only visitors without a session or a pending message are served or given a stored page: a
signed-in person sees their own navigation and a CSRF token that must never be shared.

A page's language is its address's (/km/stories/ is Khmer), so the address keys the language too.
The one request that depends on who asks, an unprefixed address from a visitor who reads another
language, goes past the cache to be redirected.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial, wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import set_response_etag

from core.locale_middleware import language_from_header, language_redirect
from core.resilient_cache import cache_is_down, cache_outages

GENERATION_KEY = "public-pages:generation"
PAGE_KEY_PREFIX = "public-pages:page:"
# Set on a response by `cache_public_page`: the middleware stores only pages that declare it.
SHAREABLE_ATTRIBUTE = "is_shareable_public_page"
NOT_FOR_SHARING_ATTRIBUTE = "is_kept_out_of_public_page_cache"
# How long one request may hold the right to render a page that went stale, while the others get
# the previous copy: a render takes milliseconds, so this bounds how stale a page can be served.
RENDER_CLAIM_SECONDS = 5
STALE_HEADER = "X-Page-Cache"
# Copies of popular pages each process keeps, at most about 100 KB each.
RECENT_PAGES_PER_PROCESS = 128

# A stored page: its body and its headers.
StoredPage = tuple[bytes, tuple[tuple[str, str], ...]]


# The outages of the shared cache this process has repaired (see `current_generation`).
_repaired_outages = 0


def current_generation() -> int | None:
    """The generation pages are stored and served under now; None while the shared cache cannot be
    reached, when pages are rendered afresh and not stored.

    A save made while the cache was unreachable could not make the stored pages stale. So when a
    process that saw an outage reaches the cache again, it first starts a fresh generation: no page
    stored before the outage is ever served after it."""
    global _repaired_outages
    if cache_is_down(cache):
        return None
    outages = cache_outages(cache)
    if outages != _repaired_outages:
        cache.set(GENERATION_KEY, fresh_generation(), timeout=None)
        if cache_is_down(cache):
            return None
        _repaired_outages = outages
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    # The cache may have failed between these calls: then nothing is stored under a guess.
    return None if cache_is_down(cache) else generation


def invalidate_public_pages() -> None:
    """Make every cached public page stale. Call after writes that bypass model saves
    (`QuerySet.update()`, bulk inserts, a restore); saves and deletes call it by themselves, and so
    does every `migrate`, so a deployment never serves pages rendered by the previous release.
    Never raises: with the cache unreachable the increment is lost, and `current_generation`
    makes up for it when the cache answers again."""
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


def cache_public_page(
    view: Callable[..., HttpResponse] | None = None, *, query: Iterable[str] = ()
) -> Callable[..., Any]:
    """Declare that this view's page, for a visitor who is not signed in, may be stored and served
    to every such visitor until a record changes.

    `query` names the query parameters the page reads. A request carrying any other is rendered as
    usual but not stored, so made-up parameters (`?x=1`, `?x=2`, ...) never add entries to the cache.
    Use as `@cache_public_page` or `@cache_public_page(query=("page",))`."""
    if view is None:
        return partial(cache_public_page, query=query)
    allowed = frozenset(query)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if set(request.GET) <= allowed and not getattr(response, NOT_FOR_SHARING_ATTRIBUTE, False):
            setattr(response, SHAREABLE_ATTRIBUTE, True)
        return response

    return wrapper


def keep_out_of_cache(response: HttpResponse) -> HttpResponse:
    """Mark one response of a cached view as not to be stored: input whose values have no bound
    (free text, numbers past the last page) would otherwise add an entry per value."""
    setattr(response, NOT_FOR_SHARING_ATTRIBUTE, True)
    return response


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
        if not is_anonymous_get(request) or language_redirect(request) or language_from_header(request):
            # A visitor who reads another language is sent from an English address to their own, and
            # an API answer in the language of the browser's header is made afresh
            # (core/locale_middleware.py): neither is served the English copy stored for the address.
            return self.get_response(request)
        key = page_key(request)
        # Read before rendering, so a write that commits while the page renders leaves the copy
        # stored below under an old generation: it is never served.
        generation = current_generation()
        if generation is None:
            return self.get_response(request)
        page, previous = stored_page(key, generation)
        if page is not None:
            return as_response(page)
        if previous is not None and not claim_render(key, generation):
            # Another request is rendering this page for the new generation: rather than every
            # visitor rendering it at once after a save, they get the previous copy, marked stale,
            # for as long as that render takes and at most RENDER_CLAIM_SECONDS.
            response = as_response(previous)
            response[STALE_HEADER] = "stale"
            return response
        response = self.get_response(request)
        if is_shareable(request, response):
            store_page(key, generation, response)
        elif previous is not None:
            # The page is no longer one to share (a story unpublished, a consent withdrawn: now a
            # 404): no copy of what it was may be served while another request renders.
            cache.delete(key)
        return response


def as_response(page: StoredPage) -> HttpResponse:
    content, headers = page
    return HttpResponse(content, headers=dict(headers))


def claim_render(key: str, generation: int) -> bool:
    """True for the one request that should render this page for this generation; the claim lapses
    after RENDER_CLAIM_SECONDS, so a render that failed never leaves a stale copy in place for long."""
    return cache.add(f"{key}:rendering:{generation}", 1, timeout=RENDER_CLAIM_SECONDS)


def stored_page(key: str, generation: int) -> tuple[StoredPage | None, StoredPage | None]:
    """The page stored for this address in this generation (this process's copy, else the shared
    one), or None and the copy from an earlier generation when that is all there is."""
    page = recent_pages.get((key, generation))
    if page is not None:
        return page, None
    shared = cache.get(key)
    if shared is None:
        return None, None
    shared_generation, expires, content, headers = shared
    if shared_generation != generation:
        return None, (content, headers)
    recent_pages.put((key, generation), (content, headers), expires=expires)
    return (content, headers), None


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
