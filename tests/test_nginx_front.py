"""nginx in front of gunicorn (deploy/): slow clients wait at nginx instead of taking gunicorn's threads,
and what nginx answers itself (413, 414, 502, 503) is the portal's own page, in the address's language.

gunicorn runs gunicorn.conf.py with DEBUG off on a throwaway SQLite database (/healthz and the pages
used here need no tables), as one worker of 4 threads: 50 slow clients are then sure to take every
thread of gunicorn alone. nginx is Debian's, with deploy/nginx/*.conf filled in, in a folder of its
own; both listen on free ports of 127.0.0.1 and are stopped whatever happens. The tests that need
nginx are skipped where it is not installed (.ci/run installs it).
"""

import json
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import translation

from bench.servers import ROOT, Gunicorn, free_port, production_env
from bench.slow_clients import SlowClients, probe
from core.i18n_urls import url_prefix
from deploy.nginx import NGINX, Nginx, Site
from tests.html_audit import audit

requires_nginx = pytest.mark.skipif(
    not NGINX.exists(), reason=f"nginx is not installed at {NGINX} (apt-get install nginx; .ci/run installs it)"
)
PORTAL_NAME = "ASEAN Attachment Programme"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/css/portal\.[0-9a-f]{12}\.css)">')
SCRIPT_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/css/lang-[a-z]+\.[0-9a-f]{12}\.css)">')
PAGES = ["413.html", "414.html", "502.html", "503.html", "504.html"]
# Every language but English, and the prefix of its addresses: its pages' folder.
PREFIX_OF = {
    code: url_prefix(code) for code, _name in django_settings.LANGUAGES if code != django_settings.LANGUAGE_CODE
}


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names in lower case
    body: str


def exchange(port: int, request: bytes, *, body: bytes = b"") -> Response:
    """One request on a connection of its own, read up to the end of the response's body.

    Raw, so that a request can be what no HTTP library would send (an 8 KB address, a body announced
    but never sent); nginx may reset the connection once it has answered such a request."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        try:
            connection.sendall(request + body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # nginx answered before taking the whole body: its answer is still there to read
        received = b""
        while b"\r\n\r\n" not in received or len(received.partition(b"\r\n\r\n")[2]) < _length(received):
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    head, _, content = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return Response(status=int(status_line.split()[1]), headers=headers, body=content.decode(errors="replace"))


def _length(received: bytes) -> int:
    found = re.search(rb"\r\nContent-Length: (\d+)\r\n", received, re.IGNORECASE)
    return int(found.group(1)) if found else 1 << 30


def get(port: int, path: str, *headers: str) -> Response:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return exchange(port, ("\r\n".join(lines) + "\r\n\r\n").encode())


def in_language(language: str, message: str) -> str:
    """The catalogue's translation of `message`, as the page in `language` shows it."""
    with translation.override(language):
        return translation.gettext(message)


def has_script_stylesheet(language: str) -> bool:
    """Whether the language has a font of its own (static/css/lang-<code>.css), as Khmer, Lao and Burmese do."""
    return (Path(django_settings.BASE_DIR) / "static" / "css" / f"lang-{language}.css").exists()


def assert_portal_page(response: Response, heading: str, *, language: str = django_settings.LANGUAGE_CODE) -> None:
    assert f'<html lang="{language}">' in response.body
    assert in_language(language, PORTAL_NAME) in response.body
    assert f'<h1 id="error-heading">{in_language(language, heading)}</h1>' in response.body
    assert STYLESHEET.search(response.body)
    assert audit(response.body) == ([], [])
    assert response.headers["cache-control"] == "no-store"


# --- The pages, rendered (no nginx, no database) ----------------------------------------------


def test_error_pages_render_in_the_portals_look_without_a_request_or_the_database(tmp_path):
    call_command("render_error_pages", output=tmp_path)

    pages = {path.name: path.read_text() for path in tmp_path.glob("*.html")}
    assert sorted(pages) == PAGES
    for name, page in pages.items():
        assert '<html lang="en-gb">' in page
        assert PORTAL_NAME in page
        assert f"Error {name.removesuffix('.html')}" in page
        assert '<link rel="stylesheet" href="/static/css/portal.css">' in page
        assert "/static/css/lang-" not in page
        assert '<a href="/">Go to the home page</a>' in page
        assert audit(page) == ([], []), name
    assert "A photo or portrait can be up to 8.0\xa0MB" in pages["413.html"]


@pytest.mark.parametrize("language", PREFIX_OF)
def test_every_other_language_has_the_pages_in_its_own_words_in_the_folder_of_its_prefix(tmp_path, language):
    call_command("render_error_pages", output=tmp_path)
    prefix = PREFIX_OF[language]

    assert sorted(path.name for path in tmp_path.iterdir() if path.is_dir()) == sorted(PREFIX_OF.values())
    pages = {path.name: path.read_text() for path in (tmp_path / prefix).iterdir()}
    assert sorted(pages) == PAGES
    for name, page in pages.items():
        assert f'<html lang="{language}">' in page
        assert in_language(language, PORTAL_NAME) in page
        assert f'<a href="/{prefix}/">{in_language(language, "Go to the home page")}</a>' in page
        assert '<link rel="stylesheet" href="/static/css/portal.css">' in page
        assert (f'<link rel="stylesheet" href="/static/css/lang-{language}.css">' in page) == has_script_stylesheet(
            language
        )
        assert audit(page) == ([], []), name
    assert in_language(language, "This upload is too large") in pages["413.html"]
    assert in_language(language, "The portal is not answering") in pages["502.html"]


def test_error_pages_are_refused_until_the_stylesheet_they_link_to_is_collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    with pytest.raises(CommandError, match="run collectstatic first"):
        call_command("render_error_pages", output=tmp_path / "errors")


def test_the_body_limit_is_the_image_upload_limit_and_a_form_around_it():
    config = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", config).group(1)) * 1024 * 1024
    form_overhead = 2 * 1024 * 1024

    assert django_settings.IMAGE_UPLOAD_MAX_BYTES < limit <= django_settings.IMAGE_UPLOAD_MAX_BYTES + form_overhead


def test_nginx_knows_the_prefix_of_every_language_the_portal_has():
    """A language added to settings.LANGUAGES must be added to portal.conf too, or its visitors get English pages."""
    config = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    listed = re.search(r'"~\^/\(\?<language>([^)]*)\)/"', config).group(1).split("|")

    assert sorted(listed) == sorted(PREFIX_OF.values())


# --- gunicorn and nginx ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    """A folder with the collected static files and the rendered error pages, and the environment."""
    folder = tmp_path_factory.mktemp("nginx-front")
    env = production_env(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        cache_url="dummycache://",
        cache_key_prefix="nginx-front",
        static_root=folder / "static",
        WEB_CONCURRENCY=1,
        GUNICORN_ACCESS_LOG="",
        AXES_PROXY_COUNT=1,
    )
    # As `make serve` does, in one process: Django starts once, not twice.
    build = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0); call_command('render_error_pages')"
    )
    subprocess.run([sys.executable, "-c", build], cwd=ROOT, env=env, check=True)
    return folder, env


def site_in(folder: Path, *, upstream: str) -> Site:
    return Site(
        listen=f"127.0.0.1:{free_port()}",
        server_name="127.0.0.1",
        upstream=upstream,
        static_root=folder / "static",
        media_root=folder / "media",
        error_pages=folder / "static" / "errors",
        maintenance_file=folder / "maintenance",
        includes=str(folder / "site.d" / "*.conf"),
        host_header="$host:$server_port",
    )


@pytest.fixture(scope="module")
def gunicorn(built):
    folder, env = built
    with Gunicorn(port=free_port(), env=env, log_path=folder / "gunicorn.log") as server:
        yield server


@pytest.fixture(scope="module")
def nginx(built, gunicorn):
    folder, _env = built
    with Nginx(site=site_in(folder, upstream=f"127.0.0.1:{gunicorn.port}"), prefix=folder / "nginx") as server:
        yield server


@requires_nginx
def test_healthz_answers_within_a_second_while_fifty_slow_clients_hold_nginx(nginx):
    probes = []
    with SlowClients(port=nginx.port, count=50, interval=2, seconds=6, ramp=0) as slow:
        while time.monotonic() - slow.started < 5:
            probes.append(probe(f"{nginx.base_url}/healthz", timeout=3))
            time.sleep(0.5)
        still_holding = slow.connected

    assert still_holding == 50, "nginx dropped slow clients before its 10 s header timeout"
    assert len(probes) >= 6
    assert [status for status, _seconds in probes] == [200] * len(probes)
    assert max(seconds for _status, seconds in probes) < 1.0, probes


@requires_nginx
def test_an_oversize_body_gets_the_portals_413_page_before_it_is_sent(nginx):
    announced = b"POST /my/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n" % (10 * 1024 * 1024 + 1)

    response = exchange(nginx.port, announced, body=b"x" * 65536)

    # /my/ is the officers' own page, in English: not Burmese (/my-mm/).
    assert response.status == 413
    assert_portal_page(response, "This upload is too large")


@requires_nginx
def test_an_oversize_body_to_a_khmer_page_gets_the_413_page_in_khmer_with_its_font(nginx):
    announced = b"POST /km/stories/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n" % (10 * 1024 * 1024 + 1)

    response = exchange(nginx.port, announced, body=b"x" * 65536)
    font_stylesheet = SCRIPT_STYLESHEET.search(response.body).group(1)

    assert response.status == 413
    assert_portal_page(response, "This upload is too large", language="km")
    assert '<a href="/km/">' in response.body
    assert font_stylesheet.startswith("/static/css/lang-km.")
    assert get(nginx.port, font_stylesheet).status == 200


@requires_nginx
def test_an_image_sized_upload_passes_nginx_and_reaches_django(nginx):
    size = django_settings.IMAGE_UPLOAD_MAX_BYTES + 256 * 1024
    request = b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % size

    response = exchange(nginx.port, request, body=b"x" * size)

    # Django's answer: a POST without a CSRF token is refused (no nginx page, no 413).
    assert response.status == 403
    assert "content-security-policy" in response.headers


@requires_nginx
def test_an_over_long_address_gets_the_portals_414_page_and_the_longest_allowed_reaches_django(nginx):
    longest = "/" + "a" * (8190 - len("GET / HTTP/1.1"))

    assert get(nginx.port, longest).status == 404
    response = get(nginx.port, longest + "a")
    assert response.status == 414
    assert_portal_page(response, "This address is too long")
    # An address nginx could not read has no language: English, whatever it began with.
    khmer = get(nginx.port, "/km" + longest)
    assert khmer.status == 414
    assert_portal_page(khmer, "This address is too long")


@requires_nginx
def test_maintenance_gets_the_portals_503_page_with_retry_after_while_static_files_still_serve(built, nginx):
    folder, _env = built
    (folder / "maintenance").touch()
    try:
        response = get(nginx.port, "/stories/")
        lao = get(nginx.port, "/lo/stories/")
        stylesheet = get(nginx.port, STYLESHEET.search(response.body).group(1))
    finally:
        (folder / "maintenance").unlink()

    assert response.status == 503
    assert response.headers["retry-after"] == "120"
    assert_portal_page(response, "The portal is closed for maintenance")
    assert lao.status == 503
    assert lao.headers["retry-after"] == "120"
    assert_portal_page(lao, "The portal is closed for maintenance", language="lo")
    assert stylesheet.status == 200
    assert get(nginx.port, "/healthz").status == 200


@requires_nginx
def test_static_files_are_served_by_nginx_hashed_ones_cached_for_a_year(built, nginx):
    folder, _env = built
    manifest = json.loads((folder / "static" / "staticfiles.json").read_text())
    hashed_path = f"/static/{manifest['paths']['css/portal.css']}"

    hashed = get(nginx.port, hashed_path)
    plain = get(nginx.port, "/static/css/portal.css")
    compressed = get(nginx.port, hashed_path, "Accept-Encoding: gzip")

    assert hashed.status == 200
    assert hashed.headers["content-type"] == "text/css"
    assert hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "content-security-policy" not in hashed.headers  # Django (WhiteNoise) never saw the request
    assert plain.status == 200
    assert plain.headers["cache-control"] == "public, max-age=60"
    assert compressed.headers["content-encoding"] == "gzip"
    assert get(nginx.port, "/_errors/502.html").status == 404  # error pages are nginx's alone


@requires_nginx
def test_media_is_served_as_images_only_never_run_or_sniffed(built, nginx):
    folder, _env = built
    (folder / "media" / "portraits").mkdir(parents=True, exist_ok=True)
    (folder / "media" / "portraits" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "media" / "portraits" / "b.html").write_text("<script>alert(1)</script>")

    image = get(nginx.port, "/media/portraits/a.jpg")
    other = get(nginx.port, "/media/portraits/b.html")

    assert image.status == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert "content-disposition" not in image.headers
    assert other.headers["content-disposition"] == "attachment"
    for response in (image, other):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"


@requires_nginx
def test_django_sees_the_address_the_client_used_and_not_a_scheme_the_client_claims(nginx):
    response = get(nginx.port, "/robots.txt", "X-Forwarded-Proto: https", "X-Forwarded-Ssl: on")

    assert response.status == 200
    assert f"Sitemap: http://127.0.0.1:{nginx.port}/sitemap.xml" in response.body


def test_fifty_slow_clients_stall_gunicorn_alone_until_they_leave(gunicorn):
    """Why nginx is there: the same slow clients take every thread of gunicorn without it."""
    with SlowClients(port=gunicorn.port, count=50, interval=2, seconds=3, ramp=0):
        stalled = probe(f"{gunicorn.base_url}/healthz", timeout=1)

    assert stalled[0] is None
    deadline = time.monotonic() + 10
    while probe(f"{gunicorn.base_url}/healthz", timeout=1)[0] != 200:
        assert time.monotonic() < deadline, "gunicorn did not recover after the slow clients left"
        time.sleep(0.2)


@requires_nginx
def test_a_stopped_gunicorn_gets_the_portals_502_page_and_its_stylesheet(built, tmp_path_factory):
    folder, env = built
    socket_path = tmp_path_factory.mktemp("socket") / "gunicorn.sock"
    app = Gunicorn(
        port=free_port(), env=env, log_path=folder / "gunicorn-502.log", extra_args=("--bind", f"unix:{socket_path}")
    )
    site = site_in(folder, upstream=f"unix:{socket_path}")
    with app, Nginx(site=site, prefix=folder / "nginx-502") as front:
        assert get(front.port, "/healthz").status == 200
        app.stop()

        response = get(front.port, "/healthz")
        vietnamese = get(front.port, "/vi/stories/")
        burmese = get(front.port, "/my-mm/")
        stylesheet = get(front.port, STYLESHEET.search(response.body).group(1))

    assert response.status == 502
    assert_portal_page(response, "The portal is not answering")
    assert stylesheet.status == 200
    assert vietnamese.status == 502
    assert_portal_page(vietnamese, "The portal is not answering", language="vi")
    assert burmese.status == 502
    assert_portal_page(burmese, "The portal is not answering", language="my")
