"""Every public page is well-formed HTML5 that keeps the portal's accessibility and CSP rules."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import get_template
from django.test import Client

from officers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG children written as self-closing tags (<line/>) are reported by the parser as start-end tags.
PUBLIC_PAGES = [
    "/",
    "/stories/",
    "/stories/?country=VN&track=junior-diplomats&batch=13",
    "/stories/?q=zeppelin",
    "/stories/?country=FR",
    "/stories/ekkaphab-phanthavong/",
    "/stories/hoang-quoc-trung/",
    "/stories/chhy-ratha/",
    "/stories/htet-htet-htoo/",
    "/graduates/ekkaphab-phanthavong/",
    "/graduates/chhy-ratha/",
    "/programme/",
    "/programme/junior-diplomats/",
    "/programme/aec-ascc/3/",
    "/programme/junior-diplomats/16/",
    "/statistics/",
]


class PageChecker(HTMLParser):
    """Collects what an HTML validator would object to, as far as the portal's pages go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: Counter = Counter()
        self.references: list[str] = []
        self.tags: Counter = Counter()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, dict(attrs))

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag for void element </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]
        else:
            self.stack.pop()

    def _check(self, tag, attrs):
        self.tags[tag] += 1
        if "style" in attrs:
            self.problems.append(f"inline style on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.problems.append(f"event handler attribute on <{tag}>")
        if tag == "script" and "src" not in attrs:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        for name in ("aria-labelledby", "aria-describedby"):
            if attrs.get(name):
                self.references.extend(attrs[name].split())
        if tag == "label" and attrs.get("for"):
            self.references.append(attrs["for"])
        if tag == "a" and attrs.get("href", "").startswith("#") and len(attrs["href"]) > 1:
            self.references.append(attrs["href"][1:])
        if tag == "img":
            self.images.append(attrs)

    def close(self):
        super().close()
        if self.stack:
            self.problems.append(f"unclosed elements: {self.stack}")
        self.problems.extend(f"duplicate id {name!r}" for name, count in self.ids.items() if count > 1)
        self.problems.extend(f"reference to missing id {name!r}" for name in self.references if name not in self.ids)
        for image in self.images:
            missing = {"alt", "width", "height", "src"} - image.keys()
            if missing:
                self.problems.append(f"<img> without {sorted(missing)}")


def check(content: str) -> PageChecker:
    assert content.startswith("<!doctype html>")
    checker = PageChecker()
    checker.feed(content)
    checker.close()
    return checker


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_is_well_formed_and_accessible(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    checker = check(response.content.decode())
    assert checker.problems == []
    assert checker.tags["h1"] == 1
    assert checker.tags["main"] == 1
    assert checker.tags["header"] >= 1 and checker.tags["footer"] >= 1 and checker.tags["nav"] >= 1
    assert re.search(r'<html lang="en-gb">', response.content.decode())
    assert '<a class="skip-link" href="#main">' in response.content.decode()


def test_the_404_page_has_the_portals_look(client, seeded):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert check(content).problems == []
    assert "This page is not here" in content
    assert 'href="/stories/"' in content


def test_the_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        content = get_template("500.html").render()
    assert check(content).problems == []
    assert "Something went wrong on our side" in content
    assert "/static/css/portal.css" in content


class TestNavigation:
    def test_anonymous_visitors_are_offered_sign_in(self, client):
        content = client.get("/").content.decode()
        for label in ("Home", "Stories", "Programme", "Statistics", "Sign in"):
            assert f">{label}</a>" in content
        assert "Sign out" not in content

    def test_the_current_section_is_marked(self, client, seeded):
        assert '<a href="/stories/" aria-current="page">Stories</a>' in client.get("/stories/").content.decode()
        story = client.get("/stories/chhy-ratha/").content.decode()
        assert '<a href="/stories/" aria-current="true">Stories</a>' in story
        batch = client.get("/programme/aec-ascc/2/").content.decode()
        assert '<a href="/programme/" aria-current="true">Programme</a>' in batch

    def test_signed_in_people_get_a_working_sign_out_form(self, seeded):
        client = Client(enforce_csrf_checks=True)
        client.force_login(get_user_model().objects.get(pk=UserFactory().pk))
        content = client.get("/stories/").content.decode()
        assert "Sign in" not in content
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert "Sign in" in client.get("/stories/").content.decode()
