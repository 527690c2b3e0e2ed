"""Logs are one JSON object a line on stdout, so a collector can filter on fields."""

import json
import logging
import subprocess
import sys
from pathlib import Path

from core.logging import JsonFormatter

BASE_DIR = Path(__file__).resolve().parents[2]


def test_a_record_becomes_one_json_line_with_its_fields():
    record = logging.LogRecord("officers", logging.WARNING, __file__, 1, "Saved %s", ("Officer Alpha",), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "officers" and entry["message"] == "Saved Officer Alpha"
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_kept_inside_the_one_line():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Failed", (), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: broken\nacross lines" in json.loads(line)["exception"]


def test_the_portal_writes_its_logs_to_stdout_as_json():
    code = "import logging; logging.getLogger('attachment_portal').warning('checked')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {"level": "WARNING", "logger": "attachment_portal", "message": "checked"}.items() <= lines[-1].items()
