"""A production configuration passes Django's deployment checks, and a broken one refuses to start.

Each case runs manage.py in a fresh process with only the variables given, as a server would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-of-sixty-characters-with-variety-0123456789",
    "ALLOWED_HOSTS": "attachment.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://attachment.example.org",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


def settings_values(names: list[str], env: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}, default=str))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_variables_pass_the_deployment_checks_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_are_the_secure_ones():
    values = settings_values(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "X_FRAME_OPTIONS",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_PROXY_SSL_HEADER",
            "STAFF_REQUIRE_OTP",
            "PASSWORD_HASHERS",
        ],
        PRODUCTION,
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        # Only behind a proxy that sets it; trusting it otherwise would let a client claim HTTPS.
        "SECURE_PROXY_SSL_HEADER": None,
        "STAFF_REQUIRE_OTP": True,
        "PASSWORD_HASHERS": [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ],
    }


def test_behind_a_tls_proxy_the_forwarded_protocol_is_trusted_by_setting():
    values = settings_values(["SECURE_PROXY_SSL_HEADER"], {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "true"})
    assert values == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_local_development_needs_no_second_factor_and_no_https():
    values = settings_values(["DEBUG", "STAFF_REQUIRE_OTP", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"], {})
    assert values == {
        "DEBUG": True,
        "STAFF_REQUIRE_OTP": False,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
    }


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off." in result.stderr


def test_production_refuses_a_cache_of_its_own_in_each_worker():
    result = manage("check", env={**PRODUCTION, "CACHE_URL": "locmemcache://"})
    assert result.returncode != 0
    assert "CACHE_URL must name a cache every worker shares" in result.stderr


def test_a_weak_secret_key_fails_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_idle_time_and_sign_in_lock_are_configurable():
    env = {
        "SESSION_IDLE_MINUTES": "5",
        "AXES_COOLOFF_MINUTES": "30",
        "AXES_FAILURE_LIMIT": "10",
        "AXES_PROXY_COUNT": "1",
    }
    values = settings_values(
        ["SESSION_COOKIE_AGE", "AXES_COOLOFF_TIME", "AXES_FAILURE_LIMIT", "TRUSTED_PROXY_COUNT"], env
    )
    assert values == {
        "SESSION_COOKIE_AGE": 300,
        "AXES_COOLOFF_TIME": "0:30:00",
        "AXES_FAILURE_LIMIT": 10,
        "TRUSTED_PROXY_COUNT": 1,
    }
