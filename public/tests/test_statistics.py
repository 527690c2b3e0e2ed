"""Programme statistics: figures from the records, and the page that draws them."""

import re

import pytest
from django.contrib.humanize.templatetags.humanize import ordinal
from django.urls import reverse
from django.utils import translation

from batches.models import BatchStatus
from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import OfficerFactory, PlacementFactory, ReportedFigureFactory
from public.figures import graduates_per_track, programme_statistics, reported_beside_records
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

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


def test_the_articles_figures_stand_beside_the_records(seeded):
    stats = programme_statistics()
    compared = [(item.reported.subject, item.reported.value, item.recorded) for item in reported_beside_records(stats)]
    assert compared == [
        ("Graduates", 88, 4),
        ("Junior Diplomats batches run", 15, 15),
        ("AEC and ASCC Involvement batches run", 4, 4),
    ]


def test_each_kind_of_reported_figure_meets_its_count_from_the_records():
    junior = ProgrammeTrackFactory(short_name="Junior Diplomats", first_year=2001)
    aec = ProgrammeTrackFactory(short_name="AEC", first_year=2013)
    PlacementFactory(batch=BatchFactory(track=junior, number=1))
    PlacementFactory(batch=BatchFactory(track=junior, number=2))
    PlacementFactory(batch=BatchFactory(track=aec, number=1))
    BatchFactory(track=aec, number=2, start_date=None, end_date=None, recorded_status=BatchStatus.PLANNED)
    ReportedFigureFactory(value=9, statement="9 graduates")
    ReportedFigureFactory(track=junior, value=7, statement="7 graduates")
    ReportedFigureFactory(track=aec, value=3, statement="3 graduates")
    ReportedFigureFactory(kind="batches_run", value=4, statement="4 batches")
    ReportedFigureFactory(kind="batches_run", track=aec, value=2, statement="2 batches")
    compared = {
        item.reported.subject: (item.reported.value, item.recorded)
        for item in reported_beside_records(programme_statistics())
    }
    assert compared == {
        "Graduates": (9, 3),
        "Junior Diplomats graduates": (7, 2),
        "AEC graduates": (3, 1),
        "Batches run": (4, 3),
        "AEC batches run": (2, 1),
    }


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
        # The reported figures' table, then one beside each chart.
        assert len(re.findall(r"<table>", content)) == 5
        assert (
            "Bar chart, Graduates per batch, by country. Junior Diplomats, 8th Batch: 1 graduate (Lao PDR 1)"
            in content
        )
        assert '<a href="/programme/junior-diplomats/8/">Junior Diplomats, 8th Batch</a>' in content

    def test_the_page_works_with_no_records(self, client):
        response = client.get("/statistics/")
        assert response.status_code == 200
        assert "No graduates are on record yet." in response.content.decode()
        assert "No figures reported by a source are on record yet." in response.content.decode()
        assert "<svg" not in response.content.decode()

    def test_shows_the_reported_figures_with_source_date_and_words_beside_the_records(self, client, seeded):
        response = client.get("/statistics/")
        page = text_of(response)
        assert (
            "What is counted Reported by a source On record here "
            "Graduates 88 reported by JAIF Management Team, as of 29 September 2019 4 "
            "Junior Diplomats batches run 15 reported by JAIF Management Team, as of 29 September 2019 15 "
            "AEC and ASCC Involvement batches run 4 reported by JAIF Management Team, as of 29 September 2019 4"
        ) in page
        # The sentence the three figures come from, quoted once, with its source.
        quote = "To-date, it has a total of 88 graduates from 15 Batches for Junior Diplomats"
        assert page.count(quote) == 1
        assert (
            "JAIF Management Team, ASEAN Deepens Integration Through the Attachment Programme, 29 September 2019"
            in page
        )
        assert "planned batches are not counted" in page

    def test_a_source_with_an_address_is_linked_and_cited(self, client):
        ReportedFigureFactory(source_url="https://www.jaif.asean.org/report")
        content = client.get("/statistics/").content.decode()
        assert '<a href="https://www.jaif.asean.org/report">the source' in content
        assert '<blockquote cite="https://www.jaif.asean.org/report">' in content

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
        ReportedFigureFactory()
        ReportedFigureFactory(kind="batches_run", track=track, value=5, statement="5 batches")
        # graduations per batch and country; the people who graduated twice; the batches with their
        # tracks; the batches run per track; the reported figures with their tracks
        with django_assert_num_queries(5):
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


@pytest.mark.parametrize("language", ["en-gb", "km", "my"])
def test_each_batch_row_links_to_its_batch_page_in_the_page_language(client, language):
    batch = BatchFactory(number=13, track=ProgrammeTrackFactory(slug="junior-diplomats"))
    PlacementFactory(batch=batch, officer=OfficerFactory(country="KH"))
    with translation.override(language):
        statistics, batch_page = reverse("public:statistics"), batch.get_absolute_url()
        assert batch_page == reverse("public:batch-detail", kwargs={"track": "junior-diplomats", "number": 13})
    content = client.get(statistics).content.decode()
    # The batch's row: its name linked to its page, one graduate from Cambodia, none from the others.
    row = re.search(rf'<tr><th scope="row"><a href="{re.escape(batch_page)}">[^<]+</a></th>(.*?)</tr>', content)
    assert row is not None
    assert re.findall(r'<td class="numeric">(\d+)</td>', row.group(1)) == ["1", "0", "0", "0", "1"]


def test_graduates_per_track_count_people_once_per_track():
    first_batch, second_batch = BatchFactory(), BatchFactory()
    PlacementFactory(batch=first_batch, officer=OfficerFactory(country="VN"))
    twice = PlacementFactory(batch=first_batch, officer=OfficerFactory(country="KH")).officer
    PlacementFactory(batch=second_batch, officer=OfficerFactory(country="KH"))
    PlacementFactory(batch=second_batch, outcome="active")
    # A graduate of two batches of one track counts once for the track.
    PlacementFactory(batch=BatchFactory(track=first_batch.track), officer=twice)
    assert graduates_per_track() == {first_batch.track.slug: 2, second_batch.track.slug: 1}
