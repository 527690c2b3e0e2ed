"""Two app servers, one PostgreSQL, one Redis: the portal keeps no state of its own.

    .venv/bin/python bench/scaleout.py [--server-url postgres://postgres@127.0.0.1:5432] [--redis-url URL]

Starts gunicorn A and B on two ports of 127.0.0.1 with production settings (DEBUG off; only what
plain HTTP cannot have is relaxed), sharing a fresh PostgreSQL database and one Redis (under a key
prefix of this run's own), then checks, as a browser would:

1. an officer who signs in on A (through the sign-in form at /accounts/login/) is signed in on B:
   B answers /my/ with the officer's page for that session cookie, and with a redirect to sign in
   without it;
2. a story headline an editor changes through A's admin shows on B's next response, although B had
   the page cached (in the shared Redis) before the change.

Exit status 0 when every check passes, 1 when one fails, 2 when PostgreSQL or Redis is missing.
The database, the cache keys and the servers are removed at the end, whatever happened.
"""

import argparse
import html
import re
import secrets
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    DEFAULT_REDIS_URL,
    Gunicorn,
    delete_cache_keys,
    drop_database,
    ensure_database,
    free_port,
    postgres_reachable,
    production_env,
    redis_reachable,
)

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
OFFICER_LOGIN = "scaleout-officer@example.org"
EDITOR_LOGIN = "scaleout-editor"
REPEATS = 6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server-url", default=DEFAULT_SERVER_URL, help=f"PostgreSQL server (default {DEFAULT_SERVER_URL})"
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help=f"default {DEFAULT_REDIS_URL}")
    options = parser.parse_args()

    run_id = secrets.token_hex(4)
    database_url = f"{options.server_url.rstrip('/')}/portal_scaleout_{run_id}"
    if not postgres_reachable(database_url):
        print(f"PostgreSQL does not answer at {options.server_url}.", file=sys.stderr)
        return 2
    if not redis_reachable(options.redis_url):
        print(f"Redis does not answer at {options.redis_url}.", file=sys.stderr)
        return 2

    work_dir = Path(tempfile.mkdtemp(prefix="portal-scaleout-"))
    prefix = f"scaleout-{run_id}"
    # One environment for both servers: the same SECRET_KEY signs the session cookie and CSRF token.
    env = production_env(
        database_url=database_url,
        cache_url=options.redis_url,
        cache_key_prefix=prefix,
        static_root=work_dir / "static",
        MEDIA_ROOT=work_dir / "media",
        STAFF_REQUIRE_OTP="false",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
    )
    ensure_database(database_url)
    try:
        passwords = prepare(env)
        print(f"Database {database_url}, cache {options.redis_url} (key prefix {prefix})")
        port_a, port_b = free_port(), free_port()
        with (
            Gunicorn(port=port_a, env=env, log_path=work_dir / "a.log") as server_a,
            Gunicorn(port=port_b, env=env, log_path=work_dir / "b.log") as server_b,
        ):
            print(f"A: {server_a.base_url}   B: {server_b.base_url}")
            results = [
                check_session_is_shared(server_a.base_url, server_b.base_url, passwords[OFFICER_LOGIN]),
                check_change_shows_on_the_other(
                    server_a.base_url,
                    server_b.base_url,
                    passwords[EDITOR_LOGIN],
                    cached_pages=lambda: count_cached_pages(options.redis_url, prefix),
                ),
            ]
    except Exception:
        for log in sorted(work_dir.glob("*.log")):
            tail = "\n".join(log.read_text().splitlines()[-20:])
            print(f"--- last lines of {log.name} ---\n{tail}", file=sys.stderr)
        raise
    finally:
        delete_cache_keys(options.redis_url, prefix)
        drop_database(database_url)
        shutil.rmtree(work_dir, ignore_errors=True)
    for passed, message in results:
        print(f"{'PASS' if passed else 'FAIL'}: {message}")
    return 0 if all(passed for passed, _ in results) else 1


def prepare(env: dict) -> dict[str, str]:
    """Migrate, seed and collect static files in this process, and make the two logins used:
    a seeded graduate's and a superuser editor's, with random passwords."""
    import os

    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from officers.models import Officer

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_programme", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    users = get_user_model()
    passwords = {login: secrets.token_urlsafe(16) for login in (OFFICER_LOGIN, EDITOR_LOGIN)}
    officer_user = users.objects.create_user(OFFICER_LOGIN, email=OFFICER_LOGIN, password=passwords[OFFICER_LOGIN])
    graduate = Officer.objects.filter(user__isnull=True).order_by("id").first()
    graduate.user = officer_user
    graduate.save()
    users.objects.create_superuser(EDITOR_LOGIN, email="editor@example.org", password=passwords[EDITOR_LOGIN])
    return passwords


def check_session_is_shared(a: str, b: str, password: str) -> tuple[bool, str]:
    officer = Browser()
    signed_in = officer.sign_in(a, OFFICER_LOGIN, password)
    session = officer.cookies.get("sessionid", "")
    on_b = Browser(cookies={"sessionid": session}).get(f"{b}/my/")
    anonymous_on_b = Browser().get(f"{b}/my/")
    passed = (
        signed_in
        and bool(session)
        and on_b.status == 200
        and anonymous_on_b.status == 302
        and "/accounts/login/" in anonymous_on_b.headers.get("Location", "")
    )
    return passed, (
        f"session started on A is valid on B: sign-in on A {'succeeded' if signed_in else 'FAILED'}; "
        f"B /my/ with A's session cookie -> {on_b.status}; without it -> {anonymous_on_b.status} "
        f"{anonymous_on_b.headers.get('Location', '')}"
    )


def check_change_shows_on_the_other(
    a: str, b: str, password: str, *, cached_pages: Callable[[], int]
) -> tuple[bool, str]:
    visitor = Browser()
    story_path = first_story_path(visitor.get(f"{b}/stories/").text)
    # Several requests, so every worker of B has served the page (from the one shared cache).
    before = [visitor.get(f"{b}{story_path}") for _ in range(REPEATS)][-1]
    pages_in_redis = cached_pages()

    editor = Browser()
    if not editor.sign_in(a, EDITOR_LOGIN, password):
        return False, "change through A shows on B: the editor could not sign in on A"
    slug = story_path.strip("/").split("/")[-1]
    changelist = editor.get(f"{a}/admin/officers/graduatestory/?q={urllib.parse.quote(slug)}")
    change_url = a + re.search(r'href="(/admin/officers/graduatestory/\d+/change/)[^"]*"', changelist.text).group(1)
    form = FormReader.read(editor.get(change_url).text, form_id="graduatestory_form")
    new_headline = f"{form.fields['headline']} (changed through A)"
    form.fields["headline"] = new_headline
    saved = editor.post(change_url, {**form.fields, "_save": "Save"})

    after = [visitor.get(f"{b}{story_path}") for _ in range(REPEATS)]
    shown = sum(html.escape(new_headline) in response.text for response in after)
    passed = (
        before.status == 200
        and pages_in_redis >= 2
        and new_headline not in before.text
        and saved.status == 302
        and shown == REPEATS
    )
    return passed, (
        f"change through A shows on B: {story_path} on B -> {before.status}, {pages_in_redis} pages cached in Redis; "
        f"admin save on A -> {saved.status}; "
        f"B's next {REPEATS} responses: {shown} show the new headline"
    )


def count_cached_pages(redis_url: str, prefix: str) -> int:
    import redis

    return sum(1 for _ in redis.Redis.from_url(redis_url).scan_iter(match=f"{prefix}:*public-pages:*:*"))


def first_story_path(listing: str) -> str:
    return re.search(r'href="(/stories/[\w-]+/)"', listing).group(1)


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", errors="replace")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: cookies of its own, forms with their CSRF token, no redirects followed."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})
        self.opener = urllib.request.build_opener(_NoRedirects)

    def get(self, url: str) -> Response:
        return self._send(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._send(urllib.request.Request(url, data=body, method="POST"))

    def sign_in(self, base_url: str, username: str, password: str) -> bool:
        """Through the sign-in form, as a person would; True when it redirects away from it."""
        form = FormReader.read(self.get(f"{base_url}/accounts/login/").text, action_contains="/accounts/login/")
        response = self.post(
            f"{base_url}/accounts/login/", {**form.fields, "username": username, "password": password}
        )
        return response.status == 302 and "sessionid" in self.cookies

    def _send(self, request: urllib.request.Request) -> Response:
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=30) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response


class FormReader(HTMLParser):
    """The values one form would submit: inputs, checked boxes, selected options and textareas."""

    def __init__(self, *, form_id: str = "", action_contains: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.action_contains = action_contains
        self.inside = False
        self.fields: dict[str, object] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    @classmethod
    def read(cls, page: str, **which) -> "FormReader":
        reader = cls(**which)
        reader.feed(page)
        return reader

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = (self.form_id and attributes.get("id") == self.form_id) or (
                self.action_contains and self.action_contains in attributes.get("action", "")
            )
        if not self.inside or not attributes.get("name") and tag != "option":
            return
        name = attributes.get("name", "")
        if tag == "input" and attributes.get("type", "text") not in ("submit", "button", "file", "image"):
            if attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
                return
            self._add(name, attributes.get("value", "on" if attributes.get("type") == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self._add(self._select, attributes.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            self.fields[self._textarea] += data if self.fields[self._textarea] else data.removeprefix("\n")

    def _add(self, name: str, value: str) -> None:
        if name in self.fields:
            existing = self.fields[name]
            self.fields[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            self.fields[name] = value


if __name__ == "__main__":
    sys.exit(main())
