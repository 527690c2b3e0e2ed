"""Programme statistics: figures from the records, and the page that draws them."""

import re

import pytest
from django.contrib.humanize.templatetags.humanize import ordinal

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import OfficerFactory, PlacementFactory
from public.figures import programme_statistics
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db


def test_figures_of_the_seeded_programme(seeded):
    stats = programme_statistics()
    assert stats.graduates == 4
    assert [(b.label, b.by_country) for b in stats.per_batch] == [
        ("Junior Diplomats, 8th Batch", {"LA": 1}),
        ("Junior Diplomats, 13th Batch", {"VN": 1}),
        ("AEC and ASCC Involvement, 2nd Batch", {"KH": 1}),
        ("AEC and ASCC Involvement, 3rd Batch", {"MM": 1}),
    ]
    assert [(f.key, f.graduates) for f in stats.per_track] == [("junior-diplomats", 2), ("aec-ascc", 2)]
    assert [(f.label, f.graduates) for f in stats.per_country] == [
        ("Cambodia", 1),
        ("Lao PDR", 1),
        ("Myanmar", 1),
        ("Viet Nam", 1),
    ]
    assert [(f.label, f.graduates) for f in stats.per_year] == [("2007", 1), ("2015", 1), ("2016", 1), ("2017", 1)]


def test_counts_include_officers_without_consent_but_not_unfinished_placements():
    batch = BatchFactory(number=13)
    PlacementFactory(batch=batch, officer=OfficerFactory(country="VN"))
    PlacementFactory(batch=batch, officer=OfficerFactory(country="VN", public_profile_consent=False))
    PlacementFactory(batch=batch, officer=OfficerFactory(country="KH"))
    PlacementFactory(batch=batch, officer=OfficerFactory(country="LA"), outcome="active")
    PlacementFactory(batch=batch, officer=OfficerFactory(country="MM"), outcome="withdrawn")
    stats = programme_statistics()
    assert stats.graduates == 3
    assert stats.per_batch[0].by_country == {"KH": 1, "VN": 2}
    assert stats.per_batch[0].graduates == 3


def test_a_graduate_of_two_batches_counts_in_each_and_once_overall():
    track = ProgrammeTrackFactory()
    officer = OfficerFactory()
    PlacementFactory(officer=officer, batch=BatchFactory(track=track, number=1))
    PlacementFactory(officer=officer, batch=BatchFactory(track=track, number=2))
    stats = programme_statistics()
    assert stats.graduates == 1
    assert [b.graduates for b in stats.per_batch] == [1, 1]
    assert [f.graduates for f in stats.per_track] == [1]


class TestStatisticsPage:
    def test_every_chart_is_an_accessible_svg_with_a_table_of_the_same_figures(self, client, seeded):
        response = client.get("/statistics/")
        assert response.status_code == 200
        content = response.content.decode()
        svgs = re.findall(r"<svg[^>]*>.*?</svg>", content, flags=re.S)
        assert len(svgs) == 4
        for svg in svgs:
            labelled_by = re.search(r'role="img" aria-labelledby="([^"]+)"', svg).group(1).split()
            title_id, desc_id = labelled_by
            assert f'<title id="{title_id}">' in svg
            assert f'<desc id="{desc_id}">' in svg
            assert "style=" not in svg
        assert len(re.findall(r"<table>", content)) == 4
        assert (
            "Bar chart, Graduates per batch, by country. Junior Diplomats, 8th Batch: 1 graduate (Lao PDR 1)"
            in content
        )
        assert '<a href="/programme/junior-diplomats/8/">Junior Diplomats, 8th Batch</a>' in content

    def test_the_page_works_with_no_records(self, client):
        response = client.get("/statistics/")
        assert response.status_code == 200
        assert "No graduates are on record yet." in response.content.decode()
        assert "<svg" not in response.content.decode()

    def test_names_nobody(self, client):
        PlacementFactory(officer=OfficerFactory(full_name="Private Person", public_profile_consent=False))
        content = client.get("/statistics/").content.decode()
        assert "Private Person" not in content
        assert "1 graduate is on record" in content

    @pytest.mark.parametrize("officers", RECORD_COUNTS)
    def test_query_count_does_not_grow_with_officers(self, client, django_assert_num_queries, officers):
        track = ProgrammeTrackFactory()
        batches = [BatchFactory(track=track, number=n) for n in range(1, 6)]
        countries = ["KH", "LA", "MM", "VN"]
        for index, officer in enumerate(OfficerFactory.create_batch(officers, country="VN")):
            officer.country = countries[index % 4]
            officer.save()
            PlacementFactory(officer=officer, batch=batches[index % 5])
        # graduations per batch and country; the people who graduated twice; the batches with their tracks
        with django_assert_num_queries(3):
            assert client.get("/statistics/").status_code == 200


def test_the_batch_chart_shows_each_tracks_latest_ten_batches_and_the_table_lists_all(client):
    junior = ProgrammeTrackFactory(short_name="Junior Diplomats", first_year=2002)
    economic = ProgrammeTrackFactory(short_name="AEC", first_year=2010)
    for number in range(1, 13):
        PlacementFactory(batch=BatchFactory(track=junior, number=number), officer=OfficerFactory(country="KH"))
    PlacementFactory(batch=BatchFactory(track=economic, number=1), officer=OfficerFactory(country="VN"))

    content = client.get("/statistics/").content.decode()
    chart = re.search(r'<svg[^>]*aria-labelledby="chart-batches-title.*?</svg>', content, flags=re.S).group(0)
    table = re.search(r"<table>.*?</table>", content, flags=re.S).group(0)

    charted = re.findall(r'class="chart__label"[^>]*>([^<]+)<', chart)
    assert charted == [f"Junior Diplomats, {ordinal(n)} Batch" for n in range(3, 13)] + ["AEC, 1st Batch"]
    assert "Graduates in each track&#x27;s 10 most recent batches, by country" in chart
    assert "Junior Diplomats, 1st Batch" in table and "Junior Diplomats, 2nd Batch" in table
    assert len(re.findall(r'<th scope="row">', table)) == 13
    assert "The chart leaves out 2 older batches; the table lists every batch." in content
