"""Figures a source reported: one record per number, refused with a message when it cannot be right,
the latest of each kind per track shown to the public, kept by editors in the admin, read by viewers
and Communications."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from batches.tests.factories import ProgrammeTrackFactory
from officers.models import FigureKind, ReportedFigure
from officers.models.figures import numbers_stated
from officers.tests.admin_reading import has_save_button, heading, object_tools
from officers.tests.factories import ReportedFigureFactory
from tests.reading import text_of

pytestmark = pytest.mark.django_db

STATEMENT = (
    "To-date, it has a total of 88 graduates from 15 Batches for Junior Diplomats (APSC Involvement) "
    "since 2001 and 4 Batches for AEC and ASCC Involvement since 2013."
)


@pytest.fixture
def junior():
    return ProgrammeTrackFactory(short_name="Junior Diplomats", slug="junior-diplomats", first_year=2001)


def errors_of(figure: ReportedFigure) -> dict:
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    return refused.value.message_dict


# --- One record


class TestReadingAFigure:
    def test_it_says_what_it_counts_with_its_source_and_day(self, junior):
        overall = ReportedFigureFactory(value=88, statement=STATEMENT)
        batches = ReportedFigureFactory(kind=FigureKind.BATCHES_RUN, track=junior, value=15, statement=STATEMENT)
        assert str(overall) == "88 graduates (JAIF Management Team, 29 September 2019)"
        assert (batches.subject, batches.counted) == (
            "Junior Diplomats batches run",
            "15 Junior Diplomats batches run",
        )
        assert ReportedFigureFactory.build(kind=FigureKind.BATCHES_RUN, value=1).counted == "1 batch run"

    def test_numbers_are_read_as_the_source_writes_them(self):
        assert numbers_stated(STATEMENT) == {88, 15, 2001, 4, 2013}
        assert numbers_stated("a total of 1,200 graduates in 2019, 4 batches") == {1200, 2019, 4}


class TestRefusedFigures:
    def test_a_number_the_quoted_words_do_not_give_is_refused(self):
        figure = ReportedFigureFactory.build(value=86, statement=STATEMENT)
        assert errors_of(figure) == {
            "value": [
                "The source's words give 4, 15, 88, 2001, 2013, not 86: check the number, or quote the sentence "
                "that states it."
            ]
        }

    def test_words_that_write_their_numbers_in_letters_are_taken_as_quoted(self):
        ReportedFigureFactory.build(value=4, statement="Four batches have graduated.").full_clean()

    def test_a_day_still_ahead_is_refused(self):
        figure = ReportedFigureFactory.build(as_of=timezone.localdate() + timedelta(days=1))
        assert errors_of(figure) == {"as_of": ["A figure can only be reported as of today or an earlier day."]}

    def test_a_track_figure_from_before_the_track_began_is_refused(self, junior):
        figure = ReportedFigureFactory.build(track=junior, as_of=date(1999, 12, 31))
        assert errors_of(figure) == {
            "as_of": ["Junior Diplomats began in 2001: a figure about it cannot be as of an earlier day."]
        }

    def test_the_source_and_its_words_are_required(self):
        figure = ReportedFigureFactory.build(source_name="", statement="")
        assert set(errors_of(figure)) >= {"source_name", "statement"}

    def test_an_address_that_is_not_a_web_page_is_refused(self):
        figure = ReportedFigureFactory.build(source_url="ftp://example.org/article")
        assert errors_of(figure) == {"source_url": ["Give a web address starting https://."]}

    def test_a_quote_longer_than_a_paragraph_is_refused(self):
        figure = ReportedFigureFactory.build(statement="88 " + "graduates " * 120)
        assert "Quote at most 1000 characters" in errors_of(figure)["statement"][0]

    def test_the_same_figure_from_the_same_source_on_the_same_day_is_refused(self, junior):
        ReportedFigureFactory()
        assert errors_of(ReportedFigureFactory.build()) == {
            "__all__": [
                "This source already has this figure for the whole programme on that day: change that record instead."
            ]
        }
        ReportedFigureFactory(track=junior)
        assert errors_of(ReportedFigureFactory.build(track=junior)) == {
            "__all__": ["This source already has this figure for this track on that day: change that record instead."]
        }
        # Another day, another source or another kind is another figure.
        ReportedFigureFactory.build(as_of=date(2020, 1, 1)).full_clean()
        ReportedFigureFactory.build(source_name="ASEAN Secretariat").full_clean()

    def test_the_database_refuses_a_duplicate_and_an_empty_source_too(self, junior):
        ReportedFigureFactory(track=junior)
        with pytest.raises(IntegrityError):
            ReportedFigureFactory(track=junior)

    def test_the_database_refuses_a_figure_without_its_source(self):
        with pytest.raises(IntegrityError):
            ReportedFigure.objects.create(kind="graduates", value=1, as_of=date(2019, 1, 1), source_name="")


# --- What the public sees


class TestCurrentFigures:
    def test_the_latest_of_each_kind_per_track_is_shown(self, junior):
        aec = ProgrammeTrackFactory(short_name="AEC and ASCC", first_year=2013)
        old_total = ReportedFigureFactory(value=70, as_of=date(2017, 6, 1))
        total = ReportedFigureFactory(value=88)
        old_junior = ReportedFigureFactory(kind="batches_run", track=junior, value=14, as_of=date(2018, 1, 1))
        junior_batches = ReportedFigureFactory(kind="batches_run", track=junior, value=15)
        aec_batches = ReportedFigureFactory(kind="batches_run", track=aec, value=4)
        current = list(ReportedFigure.objects.current())
        assert current == [total, junior_batches, aec_batches]
        assert old_total not in current and old_junior not in current

    def test_of_two_figures_for_the_same_day_the_one_added_last_is_shown(self):
        ReportedFigureFactory(value=87, source_name="JAIF")
        later = ReportedFigureFactory(value=88, source_name="ASEAN Secretariat")
        assert list(ReportedFigure.objects.current()) == [later]

    def test_a_figure_for_the_whole_programme_and_one_for_a_track_do_not_hide_each_other(self, junior):
        total = ReportedFigureFactory(value=88, as_of=date(2019, 1, 1))
        junior_graduates = ReportedFigureFactory(track=junior, value=60, as_of=date(2020, 1, 1))
        assert list(ReportedFigure.objects.current()) == [total, junior_graduates]


# --- In the admin


def url_of(page: str, *args) -> str:
    return reverse(f"admin:officers_reportedfigure_{page}", args=args)


def test_an_editor_adds_a_figure_with_its_source(editor_client, admin_form_data, junior):
    form = editor_client.get(url_of("add"))
    assert "Leave empty for a figure about the whole programme." in text_of(form)
    data = admin_form_data(form) | {
        "kind": "batches_run",
        "track": junior.pk,
        "value": "15",
        "as_of": "2019-09-29",
        "source_name": "JAIF Management Team",
        "source_title": "ASEAN Deepens Integration Through the Attachment Programme",
        "source_url": "www.jaif.asean.org/",
        "statement": STATEMENT,
        "_save": "1",
    }
    response = editor_client.post(url_of("add"), data, follow=True)
    assert response.status_code == 200
    figure = ReportedFigure.objects.get()
    assert (figure.kind, figure.track, figure.value, figure.source_url) == (
        "batches_run",
        junior,
        15,
        "https://www.jaif.asean.org/",
    )
    assert figure.history.get().history_user.username == "editor@example.org"
    listing = text_of(editor_client.get(url_of("changelist")))
    assert "15 Junior Diplomats batches run" in listing


def test_a_wrong_number_is_refused_with_the_message_and_nothing_saved(editor_client, admin_form_data):
    form = editor_client.get(url_of("add"))
    data = admin_form_data(form) | {
        "kind": "graduates",
        "value": "86",
        "as_of": "2019-09-29",
        "source_name": "JAIF Management Team",
        "statement": STATEMENT,
    }
    response = editor_client.post(url_of("add"), data)
    assert response.status_code == 200
    assert "The source's words give 4, 15, 88, 2001, 2013, not 86" in text_of(response)
    assert not ReportedFigure.objects.exists()


def test_an_editor_corrects_a_figure_and_the_history_keeps_the_old_one(editor_client, admin_form_data):
    figure = ReportedFigureFactory(value=87, statement="A total of 87 graduates.")
    data = admin_form_data(editor_client.get(url_of("change", figure.pk))) | {
        "value": "88",
        "statement": "A total of 88 graduates.",
    }
    assert editor_client.post(url_of("change", figure.pk), data).status_code == 302
    figure.refresh_from_db()
    assert figure.value == 88
    assert list(figure.history.order_by("history_date").values_list("value", flat=True)) == [87, 88]


def test_the_list_marks_the_figures_the_public_sees(editor_client):
    ReportedFigureFactory(value=70, as_of=date(2017, 6, 1), statement="70 graduates.")
    ReportedFigureFactory(value=88)
    listing = editor_client.get(url_of("changelist"))
    shown = {row.value: row.is_shown for row in listing.context["cl"].result_list}
    assert shown == {70: False, 88: True}
    assert "shown to the public" in text_of(listing).lower()


@pytest.mark.parametrize("client_fixture", ["viewer_client", "communications_client"])
def test_viewers_and_communications_read_figures_and_change_nothing(
    request, client_fixture, editor_client, admin_form_data
):
    client = request.getfixturevalue(client_fixture)
    figure = ReportedFigureFactory()
    listing = client.get(url_of("changelist"))
    assert heading(listing) == "Select reported figure to view"
    assert "Add reported figure" not in object_tools(listing)
    assert "88 graduates" in text_of(listing)
    page = client.get(url_of("change", figure.pk))
    assert page.status_code == 200 and not has_save_button(page)
    assert client.get(url_of("history", figure.pk)).status_code == 200
    assert client.get(url_of("add")).status_code == 403
    data = admin_form_data(editor_client.get(url_of("change", figure.pk))) | {"value": "1"}
    assert client.post(url_of("change", figure.pk), data).status_code == 403
    assert client.post(url_of("delete", figure.pk), {"post": "yes"}).status_code == 403
    figure.refresh_from_db()
    assert figure.value == 88
    assert url_of("changelist") in client.get(reverse("admin:index")).content.decode()


def test_the_public_cannot_open_the_admin_of_figures(client):
    figure = ReportedFigureFactory()
    for page in (url_of("changelist"), url_of("change", figure.pk)):
        assert client.get(page).status_code == 302
