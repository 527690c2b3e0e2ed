"""Whole-page caching of public pages, with invalidation that cannot miss a change.

Every cached page's key carries a "generation" number. Any save or delete of a programme record
(whatever path it takes: admin, import, service, officer self-service) bumps the generation, so
the next request renders afresh; old entries simply expire. Only anonymous GETs are cached: a
signed-in person sees their own navigation and a CSRF token that must never be shared.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "public-pages:generation"
CACHED_APPS = ("batches", "officers")


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
    """Serve an anonymous GET from the cache when the records have not changed since it was rendered."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-pages:{current_generation()}:{path_hash}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapper
