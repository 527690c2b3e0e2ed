"""gunicorn.conf.py: as many workers as the cores can use, but only when they share one cache."""

import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def workers(**env: str) -> int:
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **env}
    output = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return int(re.search(r"^workers\s+= (\d+)$", output, re.MULTILINE).group(1))


@pytest.mark.skipif((BASE_DIR / ".env").exists(), reason="a .env file beside manage.py sets the configuration")
def test_without_a_shared_cache_one_worker_serves_so_every_request_sees_every_change():
    assert workers() == 1
    assert workers(CACHE_URL="locmemcache://") == 1


def test_with_a_shared_cache_the_workers_follow_the_cores():
    assert workers(CACHE_URL="redis://127.0.0.1:6379/1") == min(2 * multiprocessing.cpu_count() + 1, 12)
    assert workers(CACHE_URL="redis://127.0.0.1:6379/1", WEB_CONCURRENCY="3") == 3
