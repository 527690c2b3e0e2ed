"""The addresses of batch pages, for pages that list many batches.

A batch's page is its track's page and its number ("/programme/junior-diplomats/13/", public/urls.py).
A list of a hundred batches reverses each track's address once and appends the numbers, rather than
reversing once per batch (35 µs each, and the statistics table lists every batch of every track).
"""

from django.urls import reverse


class BatchPages:
    """Batch pages' addresses in the active language, each track's address reversed once."""

    def __init__(self) -> None:
        self._track_pages: dict[str, str] = {}

    def url(self, track_slug: str, number: int) -> str:
        if track_slug not in self._track_pages:
            self._track_pages[track_slug] = reverse("public:track-detail", kwargs={"track": track_slug})
        return f"{self._track_pages[track_slug]}{number}/"
