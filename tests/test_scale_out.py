"""Two gunicorn instances sharing one PostgreSQL and one Redis behave as one site (bench/scaleout.py).

It needs a PostgreSQL server and Redis on this machine (CI has both) and is skipped, saying which is
missing, where they are not. The script makes and drops a database of its own, so it never touches
the test database, whichever backend the suite runs on.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.servers import DEFAULT_REDIS_URL, GUNICORN, postgres_reachable, redis_reachable

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("SCALEOUT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", DEFAULT_REDIS_URL)

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason=f"gunicorn is not installed at {GUNICORN}"),
    pytest.mark.skipif(not postgres_reachable(SERVER_URL), reason=f"no PostgreSQL server at {SERVER_URL}"),
    pytest.mark.skipif(not redis_reachable(REDIS_URL), reason=f"no Redis at {REDIS_URL}"),
]


def test_two_app_servers_share_sessions_and_show_each_others_changes():
    result = subprocess.run(
        [sys.executable, "bench/scaleout.py", "--server-url", SERVER_URL, "--redis-url", REDIS_URL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS: session started on A is valid on B" in result.stdout
    assert "PASS: change through A shows on B" in result.stdout
    assert "FAIL" not in result.stdout
