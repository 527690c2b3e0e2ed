"""Two gunicorn instances sharing one PostgreSQL, one Redis and one set of files behave as one site
(bench/scaleout.py): once with media on the filesystem, once on an S3 API server (moto's server mode,
started by the script on 127.0.0.1).

It needs a PostgreSQL server and Redis on this machine (CI has both), and moto for the S3 run
(requirements-dev.txt), and is skipped, saying which is missing, where they are not. The script makes
and drops a database of its own, so it never touches the test database, whichever backend the suite
runs on.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.servers import DEFAULT_REDIS_URL, GUNICORN, MOTO_SERVER, postgres_reachable, redis_reachable

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("SCALEOUT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", DEFAULT_REDIS_URL)
# The script gives up (and stops what it started) before the test would kill it.
SCRIPT_TIMEOUT = 180

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason=f"gunicorn is not installed at {GUNICORN}"),
    pytest.mark.skipif(not postgres_reachable(SERVER_URL), reason=f"no PostgreSQL server at {SERVER_URL}"),
    pytest.mark.skipif(not redis_reachable(REDIS_URL), reason=f"no Redis at {REDIS_URL}"),
]


def run_scaleout(*options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "bench/scaleout.py",
            "--server-url",
            SERVER_URL,
            "--redis-url",
            REDIS_URL,
            "--timeout",
            str(SCRIPT_TIMEOUT),
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT + 60,
    )


def test_two_app_servers_share_sessions_and_show_each_others_changes():
    result = run_scaleout()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS: session started on A is valid on B" in result.stdout
    assert "PASS: change through A shows on B" in result.stdout
    assert "PASS: private file refused to the public on both" in result.stdout
    assert "FAIL" not in result.stdout


@pytest.mark.skipif(not MOTO_SERVER.exists(), reason=f"moto's server is not installed at {MOTO_SERVER}")
def test_two_app_servers_share_one_object_store():
    result = run_scaleout("--s3")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS: session started on A is valid on B" in result.stdout
    assert "PASS: change through A shows on B" in result.stdout
    assert "PASS: portrait uploaded on A is served on B" in result.stdout
    assert "PASS: private file refused to the public on both" in result.stdout
    assert "its bucket URL unsigned -> 403" in result.stdout
    assert "FAIL" not in result.stdout
