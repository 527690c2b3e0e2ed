"""Anonymous visitors reach only the public pages DESIGN.md lists, whatever URLs are added later.

The test walks every pattern of the project's URL map, builds a real address for it from the test
data (slugs and ids of records that exist, public and not), and asks for it without signing in.
A pattern whose name is not in PUBLIC_URL_NAMES must send the visitor to sign in or answer
401/403/404/405, to GET and to POST alike. A new view is therefore private until someone adds
its name here on purpose, and a pattern the walker cannot build an address for fails the test
rather than being skipped (unless an earlier pattern of the same name takes its address on purpose,
as the portal's sign-in page takes Django's).

The pages in every language are walked at their English addresses, then at their Khmer and
Burmese ones (/km/..., /my-mm/...), one address a pattern: a prefix must not open a door.
"""

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django import urls
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from batches.tests.factories import ActivityFactory
from officers.models import StoryState
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The public pages of DESIGN.md, by URL name. Adding a name here makes a page public: do it on purpose.
PUBLIC_URL_NAMES = {
    "public:home",
    "public:story-list",
    "public:story-detail",
    "public:graduate-list",
    "public:graduate-detail",
    "public:country-detail",
    "public:statistics",
    "public:feed",
    "public:feed-about",
    "public:take-part",
    "public:sitemap",
    "public:sitemap-section",
    "public:robots",
    "public:track-list",
    "public:track-detail",
    "public:batch-detail",
    "healthz",
    # The read-only JSON API, its schema and the page describing it.
    "api:about",
    "api:schema",
    "api:v1:story-list",
    "api:v1:story-detail",
    "api:v1:graduate-list",
    "api:v1:graduate-detail",
    "api:v1:track-list",
    "api:v1:track-detail",
    "api:v1:batch-list",
    "api:v1:batch-detail",
    "api:v1:country-list",
    "api:v1:figures",
    # Anyone may check whether a certificate is genuine.
    "verify:form",
    "verify:certificate",
    # Signing in, and setting a password from an emailed link (reset or invitation).
    "login",
    "admin:login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # Signing out when not signed in does nothing, then goes home.
    "logout",
    # Anyone may read the portal in another language.
    "set-language",
}
# Static files and (in development) media are public by nature, wherever they are mounted.
PUBLIC_VIEWS = {"django.views.static.serve", "django.contrib.staticfiles.views.serve"}
REFUSED_STATUSES = {401, 403, 404, 405}


@dataclass(frozen=True)
class Pattern:
    name: str | None
    parts: tuple
    callback: object

    @property
    def description(self) -> str:
        return f"{self.name or '(unnamed)'} {''.join(str(part) for part in self.parts)!r}"

    @property
    def has_languages(self) -> bool:
        return any(isinstance(part, LocalePrefixPattern) for part in self.parts)

    @property
    def is_public(self) -> bool:
        view = f"{self.callback.__module__}.{self.callback.__name__}"
        return self.name in PUBLIC_URL_NAMES or view in PUBLIC_VIEWS


def every_pattern(patterns=None, parts=(), namespaces=()) -> list[Pattern]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            found += every_pattern(entry.url_patterns, (*parts, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            found.append(Pattern(name=name, parts=(*parts, entry.pattern), callback=entry.callback))
    return found


# --- Building real addresses from patterns ---------------------------------------------------

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def _route_options(pattern: RoutePattern, values: dict[str, list[str]]) -> list[str]:
    route = str(pattern)
    pieces, choices, position = [], [], 0
    for match in ROUTE_PARAMETER.finditer(route):
        pieces.append(route[position : match.start()])
        converter = pattern.converters[match["parameter"]]
        fitting = [v for v in values.get(match["parameter"], values["*"]) if re.fullmatch(converter.regex, v)]
        choices.append([converter.to_url(converter.to_python(v)) for v in fitting])
        position = match.end()
    pieces.append(route[position:])
    return _combine(pieces, choices)


def _group_end(regex: str, start: int) -> int:
    """The index just after the group opening at `start`, allowing for nesting, escapes and classes."""
    depth, i, in_class = 0, start, False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def _regex_options(pattern: RegexPattern, values: dict[str, list[str]]) -> list[str]:
    regex = str(pattern).removeprefix("^").removesuffix("$")
    pieces, choices, position, i = [], [], 0, 0
    while i < len(regex):
        if regex[i] == "\\":
            i += 2
            continue
        if regex[i] == "(":
            end = _group_end(regex, i)
            group = regex[i:end]
            named = re.match(r"\(\?P<(\w+)>", group)
            body = group[named.end() : -1] if named else group[1:-1]
            candidates = values.get(named[1], values["*"]) if named else values["*"]
            pieces.append(re.sub(r"\\(.)", r"\1", regex[position:i]))
            choices.append([v for v in candidates if re.fullmatch(body, v)])
            position = i = end
            continue
        i += 1
    pieces.append(re.sub(r"\\(.)", r"\1", regex[position:]))
    return _combine(pieces, choices)


def _combine(pieces: list[str], choices: list[list[str]]) -> list[str]:
    # A few combinations are enough: each parameter's values are tried, not every pairing of them.
    combinations = itertools.islice(itertools.product(*choices), 8)
    return [
        "".join(piece + value for piece, value in zip(pieces, (*combo, ""), strict=True)) for combo in combinations
    ]


def addresses(pattern: Pattern, values: dict[str, list[str]]) -> list[str]:
    """Real paths that resolve to this very pattern, built from the records that exist (in the
    active language), or None when they resolve to another pattern of the same name, which
    takes the address on purpose."""
    prefixes = [""]
    for part in pattern.parts:
        if isinstance(part, RoutePattern):
            options = _route_options(part, values)
        elif isinstance(part, RegexPattern):
            options = _regex_options(part, values)
        else:
            options = [str(part)]
        prefixes = [prefix + option for prefix in prefixes for option in options][:8]
    built, overridden = [], False
    for path in (f"/{p}" for p in prefixes):
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        if match.func is pattern.callback:
            built.append(path)
        overridden = overridden or match.view_name == pattern.name
    return None if overridden and not built else built


@pytest.fixture
def sample_values() -> dict[str, list[str]]:
    """Values for URL parameters: slugs and ids of records that exist, public and not."""
    public_story = GraduateStoryFactory()
    draft_story = GraduateStoryFactory(state=StoryState.DRAFT, published_on=None)
    hidden_graduate = OfficerFactory(public_profile_consent=False)
    placement = PlacementFactory(officer=hidden_graduate)
    StoryPhotoFactory(story=public_story)
    CareerMilestoneFactory(officer=public_story.officer)
    ActivityFactory(batch=placement.batch)
    user = UserFactory(username="someone@example.org")
    user.save()
    ids = sorted({str(public_story.pk), str(public_story.officer.pk), str(user.pk), "1"})
    return {
        "slug": [public_story.slug, public_story.officer.slug, draft_story.slug, hidden_graduate.slug],
        "track": [placement.batch.track.slug],
        "number": [str(placement.batch.number)],
        # A member state in the address's case, one in upper case (redirected), and one outside the programme.
        "code": ["vn", "KH", "fr"],
        # A section of the sitemap (public/sitemaps.py), and one there is not.
        "section": ["pages", "graduates", "no-such-section"],
        "object_id": ids,
        "pk": ids,
        "id": ids,
        "content_type_id": [str(ContentType.objects.get_for_model(type(public_story)).pk)],
        "app_label": ["officers", "batches", "auth", "axes", "otp_totp"],
        "uidb64": [urlsafe_base64_encode(force_bytes(user.pk))],
        "token": [default_token_generator.make_token(user)],
        "url": ["officers/no-such-page/"],
        "*": [*ids, "x", "00000000-0000-0000-0000-000000000001"],
    }


def sign_in_pages() -> set[str]:
    pages = {reverse("admin:login")}
    for language, _name in settings.LANGUAGES:
        with override(language):
            pages.add(reverse("login"))
    return pages


def refuses_anonymous(client: Client, method: str, path: str) -> tuple[bool, str]:
    """Whether this request ends at a sign-in page or a refusal (following redirects within the site)."""
    sign_in = sign_in_pages()
    response = getattr(client, method)(path)
    for _hop in range(5):
        if response.status_code not in (301, 302, 303, 307, 308):
            break
        location = urlsplit(response["Location"])
        if location.netloc or location.path in sign_in:
            return location.path in sign_in, f"redirects to {response['Location']}"
        response = client.get(location.path)
    return response.status_code in REFUSED_STATUSES, f"answers {response.status_code}"


def walk_as_anonymous(
    values: dict[str, list[str]], language: str = "en-gb", per_pattern: int = 8
) -> tuple[list[str], list[str], int]:
    """(patterns without a buildable address, non-public addresses that let an anonymous visitor in,
    checks made), at the addresses of `language`: in another than English, only the patterns that
    have an address in it."""
    client = Client()
    unbuildable, exposed, checked = [], [], 0
    for pattern in every_pattern():
        if language != settings.LANGUAGE_CODE and not pattern.has_languages:
            continue
        # Each request activates its own page's language: build the addresses in the one walked.
        with override(language):
            paths = addresses(pattern, values)
        if paths is None:
            continue
        if not paths:
            unbuildable.append(pattern.description)
            continue
        for path in paths[:per_pattern]:
            if pattern.is_public:
                # Public pages may answer anything but a server error.
                assert client.get(path).status_code < 500, path
                continue
            for method in ("get", "post"):
                refused, outcome = refuses_anonymous(client, method, path)
                checked += 1
                if not refused:
                    exposed.append(f"{method.upper()} {path} ({pattern.description}) {outcome}")
    return unbuildable, exposed, checked


def test_anonymous_visitors_reach_only_the_public_pages(sample_values):
    unbuildable, exposed, checked = walk_as_anonymous(sample_values)
    assert unbuildable == [], "The walker could not build an address for these patterns; teach it their parameters."
    assert exposed == [], "Not in PUBLIC_URL_NAMES, yet reachable without signing in."
    assert checked > 100


@pytest.mark.parametrize("language", ["km", "my"])
def test_anonymous_visitors_reach_only_the_public_pages_in_other_languages(sample_values, language):
    unbuildable, exposed, checked = walk_as_anonymous(sample_values, language, per_pattern=1)
    assert unbuildable == []
    assert exposed == [], "Not in PUBLIC_URL_NAMES, yet reachable without signing in."
    assert checked > 50


def test_the_walker_builds_prefixed_addresses_and_burmese_ones_under_my_mm(sample_values):
    dashboard = next(pattern for pattern in every_pattern() if pattern.name == "my:dashboard")
    with override("my"):
        assert addresses(dashboard, sample_values) == ["/my-mm/my/"]
    with override("en-gb"):
        assert addresses(dashboard, sample_values) == ["/my/"]


def _forgot_to_require_sign_in(request, pk):
    return HttpResponse(f"Private record {pk}")


# The project's URL map plus one view that forgot its access check, to prove the walker notices.
urlpatterns = [
    *get_resolver("attachment_portal.urls").url_patterns,
    urls.path("reports/<int:pk>/", _forgot_to_require_sign_in, name="forgotten-report"),
]


def test_a_new_view_without_an_access_check_is_caught(sample_values, settings):
    settings.ROOT_URLCONF = __name__
    _unbuildable, exposed, _checked = walk_as_anonymous(sample_values)
    assert exposed and all("forgotten-report" in entry for entry in exposed)


def test_the_walker_sees_the_whole_url_map():
    names = {pattern.name for pattern in every_pattern()}
    assert {"public:home", "healthz", "login", "admin:index", "accounts:otp-verify"} <= names
    assert any(name and name.startswith("my:") for name in names)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("public:story-detail", "draft story"), ("public:graduate-detail", "graduate without consent")],
)
def test_a_public_detail_page_is_404_for_a_record_that_is_not_public(client, name, kind):
    hidden = {
        "draft story": lambda: GraduateStoryFactory(state=StoryState.DRAFT, published_on=None).slug,
        "graduate without consent": lambda: (
            PlacementFactory(officer=OfficerFactory(public_profile_consent=False)).officer.slug
        ),
    }[kind]()
    assert client.get(reverse(name, kwargs={"slug": hidden})).status_code == 404
