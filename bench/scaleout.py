"""Two app servers, one PostgreSQL, one Redis, one object store: the portal keeps no state of its own.

    .venv/bin/python bench/scaleout.py [--s3] [--server-url URL] [--redis-url URL] [--timeout SECONDS]

Starts gunicorn A and B on two ports of 127.0.0.1 with production settings (DEBUG off; only what
plain HTTP cannot have is relaxed), sharing a fresh PostgreSQL database and one Redis (under a key
prefix of this run's own), then checks, as a browser would:

1. an officer who signs in on A (through the sign-in form at /accounts/login/) is signed in on B:
   B answers /my/ with the officer's page for that session cookie, and with a redirect to sign in
   without it;
2. a story headline an editor changes through A's admin shows on B's next response, although B had
   the page cached (in the shared Redis) before the change;
3. a file saved in the private storage (where nomination letters and certificates go) is refused to
   the public on both: A and B answer its name under MEDIA_URL with 404, and on the filesystem it
   lies outside MEDIA_ROOT.

With --s3, media and private files are on an S3 API server started on 127.0.0.1 (moto's server
mode, standing in for S3, R2 or MinIO), with a public bucket anyone may read and a private one, and:

4. a portrait an officer uploads through A's /my/profile/ form is on B's pages (the officer's /my/
   and the public profile) at a URL of the public bucket, which answers anyone with the image;
5. the private file's plain bucket URL answers 403, and the short-lived signed URL the private
   storage gives answers with the file.

Exit status 0 when every check passes, 1 when one fails, 2 when PostgreSQL, Redis or (with --s3)
moto's server is missing. The database, the cache keys, the buckets and the servers are removed at
the end, whatever happened, and it gives up after --timeout seconds (180).
"""

import argparse
import html
import io
import re
import secrets
import shutil
import signal
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    DEFAULT_REDIS_URL,
    MOTO_SERVER,
    S3_CREDENTIALS,
    Gunicorn,
    S3Server,
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
PORTRAIT_SIZE = (48, 64)
PRIVATE_CONTENT = b"%PDF-1.4\n% A nomination letter: for the Secretariat and its author only.\n%%EOF\n"


@dataclass(frozen=True)
class Buckets:
    """The object store's address and the run's two buckets, and how the servers are told of them."""

    endpoint_url: str
    public: str
    private: str

    def environment(self) -> dict[str, str]:
        return {
            "MEDIA_STORAGE": "s3",
            "MEDIA_S3_ENDPOINT_URL": self.endpoint_url,
            "MEDIA_S3_BUCKET": self.public,
            "PRIVATE_S3_BUCKET": self.private,
            "CSP_MEDIA_ORIGINS": self.endpoint_url,
            **S3_CREDENTIALS,
        }


@dataclass(frozen=True)
class Setup:
    passwords: dict[str, str]
    # The public profile of the graduate whose login the officer checks use.
    profile_path: str


def main() -> int:
    options = parse_options()
    run_id = secrets.token_hex(4)
    database_url = f"{options.server_url.rstrip('/')}/portal_scaleout_{run_id}"
    missing = missing_service(options, database_url)
    if missing:
        print(missing, file=sys.stderr)
        return 2

    work_dir = Path(tempfile.mkdtemp(prefix="portal-scaleout-"))
    prefix = f"scaleout-{run_id}"
    buckets = None
    if options.s3:
        endpoint_url = f"http://127.0.0.1:{free_port()}"
        buckets = Buckets(endpoint_url, public=f"portal-media-{run_id}", private=f"portal-private-{run_id}")
    # One environment for both servers: the same SECRET_KEY signs the session cookie and CSRF token,
    # and the same MEDIA_ROOT or buckets hold the files.
    env = production_env(
        database_url=database_url,
        cache_url=options.redis_url,
        cache_key_prefix=prefix,
        static_root=work_dir / "static",
        MEDIA_ROOT=work_dir / "media",
        PRIVATE_MEDIA_ROOT=work_dir / "private-media",
        STAFF_REQUIRE_OTP="false",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        **(buckets.environment() if buckets else {}),
    )
    stop_after(options.timeout)
    ensure_database(database_url)
    try:
        print(f"Database {database_url}, cache {options.redis_url} (key prefix {prefix})")
        results = run_checks(
            env, buckets=buckets, work_dir=work_dir, cached_pages=lambda: count_cached_pages(options.redis_url, prefix)
        )
    except Exception:
        for log in sorted(work_dir.glob("*.log")):
            tail = "\n".join(log.read_text().splitlines()[-20:])
            print(f"--- last lines of {log.name} ---\n{tail}", file=sys.stderr)
        raise
    finally:
        signal.alarm(0)
        delete_cache_keys(options.redis_url, prefix)
        drop_database(database_url)
        shutil.rmtree(work_dir, ignore_errors=True)
    for passed, message in results:
        print(f"{'PASS' if passed else 'FAIL'}: {message}")
    return 0 if all(passed for passed, _ in results) else 1


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server-url", default=DEFAULT_SERVER_URL, help=f"PostgreSQL server (default {DEFAULT_SERVER_URL})"
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help=f"default {DEFAULT_REDIS_URL}")
    parser.add_argument(
        "--s3",
        action="store_true",
        help="media and private files on an S3 API server (moto) on 127.0.0.1, shared by both app servers",
    )
    parser.add_argument(
        "--timeout", type=int, default=180, help="seconds after which the check gives up and cleans up (default 180)"
    )
    return parser.parse_args()


def missing_service(options: argparse.Namespace, database_url: str) -> str | None:
    if not postgres_reachable(database_url):
        return f"PostgreSQL does not answer at {options.server_url}."
    if not redis_reachable(options.redis_url):
        return f"Redis does not answer at {options.redis_url}."
    if options.s3 and not MOTO_SERVER.exists():
        return f"moto's server is not installed at {MOTO_SERVER} (pip install -r requirements-dev.txt)."
    return None


def run_checks(
    env: dict, *, buckets: Buckets | None, work_dir: Path, cached_pages: Callable[[], int]
) -> list[tuple[bool, str]]:
    """Start the object store (with --s3), prepare the database, start A and B, check; every server
    is stopped on the way out."""
    with ExitStack() as servers:
        if buckets:
            port = urllib.parse.urlsplit(buckets.endpoint_url).port
            store = servers.enter_context(S3Server(port=port, log_path=work_dir / "s3.log"))
            store.create_buckets(public=buckets.public, private=buckets.private)
            print(f"Object store {buckets.endpoint_url}: buckets {buckets.public} (public), {buckets.private}")
        setup = prepare(env)
        a = servers.enter_context(Gunicorn(port=free_port(), env=env, log_path=work_dir / "a.log")).base_url
        b = servers.enter_context(Gunicorn(port=free_port(), env=env, log_path=work_dir / "b.log")).base_url
        print(f"A: {a}   B: {b}")
        results = [
            check_session_is_shared(a, b, setup.passwords[OFFICER_LOGIN]),
            check_change_shows_on_the_other(a, b, setup.passwords[EDITOR_LOGIN], cached_pages=cached_pages),
        ]
        if buckets:
            results.append(
                check_portrait_is_served_by_the_other(
                    a, b, setup.passwords[OFFICER_LOGIN], profile_path=setup.profile_path, buckets=buckets
                )
            )
        results.append(check_private_file_is_refused(a, b, buckets=buckets))
        return results


def stop_after(seconds: int) -> None:
    """After `seconds`, or on SIGTERM from whatever started the check, raise where the check is, so
    the servers it started are stopped and its database dropped on the way out."""

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError(
            f"the check stopped after {seconds} s" if signum == signal.SIGALRM else "the check was told to stop"
        )

    signal.signal(signal.SIGALRM, give_up)
    signal.signal(signal.SIGTERM, give_up)
    signal.alarm(seconds)


def prepare(env: dict) -> Setup:
    """Migrate, seed and collect static files in this process (which keeps these settings, so it
    writes to the same storages as the servers), and make the two logins used: a seeded public
    graduate's and a superuser editor's, with random passwords."""
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
    graduate = Officer.objects.public().filter(user__isnull=True).order_by("id").first()
    graduate.user = officer_user
    graduate.save()
    users.objects.create_superuser(EDITOR_LOGIN, email="editor@example.org", password=passwords[EDITOR_LOGIN])
    return Setup(passwords=passwords, profile_path=graduate.get_absolute_url())


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


def check_portrait_is_served_by_the_other(
    a: str, b: str, password: str, *, profile_path: str, buckets: Buckets
) -> tuple[bool, str]:
    officer = Browser()
    if not officer.sign_in(a, OFFICER_LOGIN, password):
        return False, "portrait uploaded on A is served on B: the officer could not sign in on A"
    form = FormReader.read(officer.get(f"{a}/my/profile/").text, action_contains="/my/profile/")
    saved = officer.post(
        f"{a}/my/profile/",
        {**form.fields, "portrait_alt": "In front of the ASEAN Secretariat"},
        files={"portrait": ("portrait.jpg", "image/jpeg", small_jpeg(PORTRAIT_SIZE))},
    )
    on_b = officer.get(f"{b}/my/")
    public_on_b = Browser().get(f"{b}{profile_path}")
    src = portrait_src(on_b.text)
    image = Browser().get(src) if src else None
    size = image_size(image.body) if image and image.status == 200 else None
    passed = (
        saved.status == 302
        and src.startswith(f"{buckets.endpoint_url}/{buckets.public}/portraits/")
        and public_on_b.status == 200
        and html.escape(src) in public_on_b.text
        and image.status == 200
        and image.headers.get("Content-Type", "").startswith("image/")
        and size == PORTRAIT_SIZE
    )
    return passed, (
        f"portrait uploaded on A is served on B: profile form on A -> {saved.status}; "
        f"B /my/ shows {src or 'no portrait'}; B {profile_path} -> {public_on_b.status}, "
        f"{'shows it' if src and html.escape(src) in public_on_b.text else 'does NOT show it'}; "
        f"anonymous GET of it -> {image.status if image else '-'} "
        f"{image.headers.get('Content-Type', '') if image else ''}, "
        f"{f'a {size[0]}x{size[1]}' if size else 'no'} image"
    )


def check_private_file_is_refused(a: str, b: str, *, buckets: Buckets | None) -> tuple[bool, str]:
    """Saved through the private storage as a feature would save a nomination letter."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    private = storages["private"]
    name = private.save("nominations/scaleout-letter.pdf", ContentFile(PRIVATE_CONTENT))
    on_a = Browser().get(f"{a}{settings.MEDIA_URL}{name}")
    on_b = Browser().get(f"{b}{settings.MEDIA_URL}{name}")
    passed = on_a.status == 404 and on_b.status == 404
    message = (
        f"private file refused to the public on both: "
        f"A and B {settings.MEDIA_URL}{name} -> {on_a.status}, {on_b.status}"
    )
    if buckets is None:
        outside = not (Path(settings.MEDIA_ROOT) / name).exists() and private.exists(name)
        passed = passed and outside
        return passed, f"{message}; {'stored outside' if outside else 'NOT stored outside'} MEDIA_ROOT"
    signed_url = private.url(name)
    unsigned = Browser().get(signed_url.split("?", 1)[0])
    signed = Browser().get(signed_url)
    expires = urllib.parse.parse_qs(urllib.parse.urlsplit(signed_url).query).get("X-Amz-Expires", ["none"])[0]
    passed = (
        passed
        and signed_url.startswith(f"{buckets.endpoint_url}/{buckets.private}/")
        and unsigned.status == 403
        and signed.status == 200
        and signed.body == PRIVATE_CONTENT
        and expires == "60"
    )
    return passed, (
        f"{message}; its bucket URL unsigned -> {unsigned.status}; signed for {expires} s -> {signed.status}"
        f"{' with the file' if signed.body == PRIVATE_CONTENT else ''}"
    )


def small_jpeg(size: tuple[int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def image_size(data: bytes) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except UnidentifiedImageError:
        return None


def portrait_src(page: str) -> str:
    found = re.search(r'<img src="([^"]*/portraits/[^"]+)"', page)
    return html.unescape(found.group(1)) if found else ""


def count_cached_pages(redis_url: str, prefix: str) -> int:
    import redis

    return sum(1 for _ in redis.Redis.from_url(redis_url).scan_iter(match=f"{prefix}:*public-pages:*:*"))


def first_story_path(listing: str) -> str:
    return re.search(r'href="(/stories/[\w-]+/)"', listing).group(1)


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body
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

    def post(self, url: str, data: dict, files: dict[str, tuple[str, str, bytes]] | None = None) -> Response:
        """A form post; with `files` (field: (file name, type, content)) encoded as multipart/form-data."""
        if not files:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            return self._send(urllib.request.Request(url, data=body, method="POST"))
        boundary = secrets.token_hex(16)
        parts = []
        for name, values in data.items():
            for value in values if isinstance(values, list) else [values]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
        for name, (filename, content_type, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(url, data=b"".join(parts), method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        return self._send(request)

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
