"""Values computed from the programme records once per change of them, not once per page.

The figures pages count every placement (10,000 at the benchmark's size, 20 ms of SQL). Those
counts change only when a record does, and every save, delete, import or restore already starts a
new generation of the public pages (core/page_cache.py). So each process keeps the last value it
computed under a name with the generation and the date it computed it in, and computes again only
when either has moved on: the first page after a save pays for the counts once, and every other
page, in every language, cached or not, reads them from memory.

The date is part of the key because some counts follow it (a batch counts as run once it has
begun). While the shared cache cannot be reached there is no generation to trust, so the value is
computed afresh every time, as it would be without this module.

After a save, the threads of a process that ask for the same value at once wait for the first to
compute it rather than all counting together (as the page cache lets one request render a page).
"""

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils import timezone

from core.page_cache import current_generation

T = TypeVar("T")

# name -> ((generation, date), value): one entry per name, replaced when its key moves on.
_values: dict[str, tuple[tuple[int, Any], Any]] = {}
# name -> the lock its computation holds; the registry's own lock guards this dict.
_computing: dict[str, threading.Lock] = {}
_registry_lock = threading.Lock()


def once_per_change(name: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value as of the records' latest change. `compute` must depend on the records
    (of `settings.PUBLIC_PAGE_CACHE_APPS`) and today's date alone, never on the language or the
    visitor, and its value is shared: read it, never change it."""
    # The generation is read before computing, so a change that commits while `compute` runs
    # leaves the value under a generation that is already past: it is never read again.
    generation = current_generation()
    if generation is None:
        return compute()
    key = (generation, timezone.localdate())
    stored = _values.get(name)
    if stored is not None and stored[0] == key:
        return stored[1]
    with _lock_of(name):
        # Another thread may have computed it while this one waited.
        stored = _values.get(name)
        if stored is not None and stored[0] == key:
            return stored[1]
        value = compute()
        _values[name] = (key, value)
    return value


def _lock_of(name: str) -> threading.Lock:
    with _registry_lock:
        return _computing.setdefault(name, threading.Lock())
