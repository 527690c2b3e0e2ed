"""The programme in figures: charts drawn on the server, and the same figures as tables."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.page_cache import cache_public_page
from officers.countries import Country
from public.charts import Row, Series, bar_chart
from public.figures import most_recent_per_track, programme_statistics, quoted_statements, reported_beside_records

GRADUATES = Series(key="all", label="")
# After fifty years a bar for every batch would be a chart no one can read (or download quickly):
# the chart shows each track's latest batches, and the table beside it lists them all.
BATCHES_CHARTED_PER_TRACK = 10


@method_decorator(cache_public_page, name="dispatch")
class StatisticsView(TemplateView):
    """Public: the figures sources reported beside the records' counts, then graduates per batch (by
    country), per track, per country and per year. Counts include officers without public-profile
    consent, who are never named."""

    template_name = "public/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = programme_statistics()
        # Every CLMV country, in the programme's order, for the legend and the table's columns.
        countries = [Series(key=code, label=str(label)) for code, label in Country.choices]
        charted_batches = most_recent_per_track(stats.per_batch, BATCHES_CHARTED_PER_TRACK)
        batches_not_charted = len(stats.per_batch) - len(charted_batches)
        reported = reported_beside_records(stats)
        context.update(
            stats=stats,
            reported=reported,
            statements=quoted_statements(reported),
            batches_not_charted=batches_not_charted,
            countries=countries,
            batch_chart=bar_chart(
                slug="batches",
                title=batch_chart_title(batches_not_charted=batches_not_charted),
                rows=[Row(label=batch.label, values=batch.by_country) for batch in charted_batches],
                series=countries,
            ),
            track_chart=bar_chart(
                slug="tracks",
                title=_("Graduates per programme track"),
                rows=[Row(label=figure.label, values={GRADUATES.key: figure.graduates}) for figure in stats.per_track],
                series=[GRADUATES],
            ),
            country_chart=bar_chart(
                slug="countries",
                title=_("Graduates per country"),
                rows=[Row(label=f.label, values={f.key: f.graduates}) for f in stats.per_country],
                series=countries,
            ),
            year_chart=bar_chart(
                slug="years",
                title=_("Graduates per year their batch ended"),
                rows=[Row(label=figure.label, values={GRADUATES.key: figure.graduates}) for figure in stats.per_year],
                series=[GRADUATES],
            ),
        )
        return context


def batch_chart_title(*, batches_not_charted: int) -> str:
    if not batches_not_charted:
        return _("Graduates per batch, by country")
    return _("Graduates in each track's %(count)d most recent batches, by country") % {
        "count": BATCHES_CHARTED_PER_TRACK
    }
