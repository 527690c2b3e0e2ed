"""Batch pages' addresses built from their track's: the same as Django reverses, in every language."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from public.batch_pages import BatchPages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_each_address_is_the_one_django_reverses(language):
    with translation.override(language):
        pages = BatchPages()
        for track, number in [("junior-diplomats", 13), ("aec-ascc", 2), ("junior-diplomats", 112)]:
            expected = reverse("public:batch-detail", kwargs={"track": track, "number": number})
            assert pages.url(track, number) == expected


def test_the_track_page_links_each_batch_to_its_page(client):
    track = ProgrammeTrackFactory(slug="junior-diplomats")
    batches = [BatchFactory(track=track, number=number) for number in (8, 13)]
    for path, language in [("/programme/junior-diplomats/", "en-gb"), ("/lo/programme/junior-diplomats/", "lo")]:
        content = client.get(path).content.decode()
        with translation.override(language):
            for batch in batches:
                assert f'<a href="{batch.get_absolute_url()}">' in content
