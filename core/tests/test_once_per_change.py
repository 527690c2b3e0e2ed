"""Counts computed once per change of the records: the next call after a save, a delete or a new day
computes afresh, every other call reads the value kept; with the shared cache down, every call
computes."""

import datetime
import threading

import pytest
from django.utils import timezone

from core import once_per_change as module
from core.once_per_change import once_per_change
from core.page_cache import invalidate_public_pages
from core.tests.test_resilient_cache import redis_down  # noqa: F401 - a fixture
from officers.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


class Counter:
    """A computation that counts how often it ran."""

    def __init__(self):
        self.runs = 0

    def __call__(self) -> int:
        self.runs += 1
        return self.runs


def test_a_value_is_computed_once_until_a_record_changes(django_capture_on_commit_callbacks):
    compute = Counter()
    assert once_per_change("count", compute) == 1
    assert once_per_change("count", compute) == 1
    with django_capture_on_commit_callbacks(execute=True):
        OfficerFactory()
    assert once_per_change("count", compute) == 2
    assert once_per_change("count", compute) == 2


def test_a_deleted_record_and_a_bulk_write_compute_afresh(django_capture_on_commit_callbacks):
    officer = OfficerFactory()
    compute = Counter()
    once_per_change("count", compute)
    with django_capture_on_commit_callbacks(execute=True):
        officer.delete()
    assert once_per_change("count", compute) == 2
    invalidate_public_pages()  # what every bulk write that bypasses saves calls
    assert once_per_change("count", compute) == 3


def test_a_save_still_inside_its_transaction_does_not_change_the_value_yet(django_capture_on_commit_callbacks):
    compute = Counter()
    once_per_change("count", compute)
    with django_capture_on_commit_callbacks(execute=False):
        OfficerFactory()
        assert once_per_change("count", compute) == 1


def test_each_name_keeps_its_own_value():
    assert once_per_change("one", lambda: "first") == "first"
    assert once_per_change("two", lambda: "second") == "second"
    assert once_per_change("one", lambda: "not computed") == "first"


def test_a_new_day_computes_afresh(monkeypatch):
    compute = Counter()
    once_per_change("count", compute)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(module.timezone, "localdate", lambda: tomorrow)
    assert once_per_change("count", compute) == 2
    assert once_per_change("count", compute) == 2


def test_with_the_shared_cache_down_every_call_computes(redis_down):  # noqa: F811
    compute = Counter()
    assert [once_per_change("count", compute) for _ in range(3)] == [1, 2, 3]


def test_threads_asking_at_once_wait_for_one_computation():
    started, release = threading.Event(), threading.Event()
    runs = []

    def slow_count() -> int:
        runs.append(1)
        started.set()
        release.wait(timeout=5)
        return 42

    results = []
    first = threading.Thread(target=lambda: results.append(once_per_change("slow", slow_count)))
    first.start()
    assert started.wait(timeout=5)
    others = [threading.Thread(target=lambda: results.append(once_per_change("slow", slow_count))) for _ in range(3)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(timeout=5)
    assert results == [42, 42, 42, 42]
    assert len(runs) == 1
