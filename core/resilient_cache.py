"""Redis as a cache, never as a point of failure.

`ResilientRedisCache` is Django's Redis backend that answers as an empty cache while Redis cannot be
reached: a read finds nothing, a write is dropped, nothing raises. So with Redis down the public
pages render uncached, saves succeed and `/healthz` stays up. After the first failure the backend
stops trying for `RETRY_AFTER_SECONDS`, so a hung or missing Redis costs each request nothing, not a
socket timeout; short socket timeouts (settings) bound the one request that finds out.

The outage is logged once when it starts and once when it ends, not per request. Each outage is
counted (`outages`), so code that keeps state in the cache can tell that writes may have been lost
meanwhile and repair it when Redis answers again (see `core.page_cache.current_generation`).
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a client raises when Redis is down, refusing, hung or mid-restart.
UNREACHABLE = (RedisError, OSError)
RETRY_AFTER_SECONDS = 5.0


class Breaker:
    """Whether a Redis server is reachable, as this process last found it. Shared by every thread's
    cache object for that server (Django makes one per thread), so one failure spares them all."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down = False
        self.outages = 0

    def is_open(self) -> bool:
        return self.down and time.monotonic() < self.down_until

    def failed(self, error: Exception) -> None:
        with self.lock:
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            if not self.down:
                self.down = True
                self.outages += 1
                logger.warning("Cache unreachable (%s): pages are served uncached until it answers", error)

    def answered(self) -> None:
        if not self.down:
            return
        with self.lock:
            if self.down:
                self.down = False
                logger.warning("Cache reachable again")


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool instead of building one
    per command: its constructor fills a table of some 170 reply handlers, which cost more than the
    GET of a page-cache hit itself. A `redis.Redis` only borrows connections from its pool, so one
    object serves every command."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    # django-stubs leave RedisCacheClient's private members undeclared; they are Django's own.
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        if index not in self._clients:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return self._clients[index]


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedRedisClient
        with _breakers_lock:
            self.breaker = _breakers.setdefault(str(server), Breaker())

    def is_down(self) -> bool:
        """True while the last attempt failed and the pause before the next one runs."""
        return self.breaker.is_open()

    @property
    def outages(self) -> int:
        return self.breaker.outages

    def _attempt(self, operation: Callable[[], Any], fallback: Any) -> Any:
        if self.breaker.is_open():
            return fallback
        try:
            result = operation()
        except UNREACHABLE as error:
            self.breaker.failed(error)
            return fallback
        self.breaker.answered()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._attempt(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None) -> Any:
        return self._attempt(lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._attempt(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._attempt(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None) -> bool:
        return self._attempt(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None) -> dict:
        return self._attempt(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None) -> bool:
        return self._attempt(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None) -> int:
        # 0 when dropped: counters kept in the cache start from 1 or from a timestamp, never 0.
        return self._attempt(lambda: super(ResilientRedisCache, self).incr(key, delta, version), 0)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._attempt(lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys, version=None) -> None:
        self._attempt(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._attempt(lambda: super(ResilientRedisCache, self).clear(), None)


def cache_is_down(cache: Any) -> bool:
    """Whether this cache (any backend) is known to be unreachable right now."""
    return bool(getattr(cache, "is_down", lambda: False)())


def cache_outages(cache: Any) -> int:
    """How many outages this process has seen of this cache (0 for backends that cannot have one)."""
    return int(getattr(cache, "outages", 0))
