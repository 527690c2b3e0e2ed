"""The public pages the benchmark measures, and how it asks for one of them uncached.

`bench/run.py` drives each with wrk through gunicorn, cached and uncached; `bench/inprocess.py`
renders each uncached in one process, where the server's own work is timed without the network.
"""

PAGES = [
    ("home", "/"),
    ("stories", "/stories/"),
    ("stories, filtered", "/stories/?country=VN&track=junior-diplomats"),
    ("one story", "/stories/{story}/"),
    ("one story in Khmer", "/km/stories/{story}/"),
    ("statistics", "/statistics/"),
    ("programme", "/programme/"),
    ("one batch", "/programme/junior-diplomats/13/"),
    ("graduates", "/graduates/"),
    ("one graduate", "/graduates/hoang-quoc-trung/"),
    ("one country", "/countries/vn/"),
    ("feed", "/feed/"),
    ("sitemap's index", "/sitemap.xml"),
    ("sitemap of graduates", "/sitemap-graduates.xml"),
]
# A query parameter no view reads: the page cache stores a page only when the view declares every
# parameter of the request, so with this one each request renders the page and stores nothing.
UNCACHED_PARAMETER = "uncached=1"


def uncached(path: str) -> str:
    """The same page with a query parameter no view reads, so it is rendered afresh every time."""
    return f"{path}{'&' if '?' in path else '?'}{UNCACHED_PARAMETER}"


def showcase_story():
    """The seeded story with the most to show (photos, credits, a career timeline), which the pages'
    `{story}` stands for; None when there is none. Needs Django set up."""
    from officers.models import GraduateStory

    return GraduateStory.objects.public().filter(is_synthetic=False).order_by("published_on", "id").first()


def showcase_story_slug() -> str:
    """The showcase story's slug; "" when there is none. Needs Django set up."""
    story = showcase_story()
    return story.slug if story else ""


def pages_with_story(slug: str) -> list[tuple[str, str]]:
    """(name, path) of every measured page, with this story's slug for `{story}`."""
    return [(name, path.format(story=slug)) for name, path in PAGES]


def public_pages() -> list[tuple[str, str]]:
    """(name, path) of every measured page, with the showcase story filled in. Needs Django set up."""
    return pages_with_story(showcase_story_slug())
