"""Server-drawn bar charts: geometry in percentages, a description in words."""

import pytest

from public.charts import PLOT_PERCENT, Row, Series, bar_chart, nice_step

KH = Series(key="KH", label="Cambodia")
VN = Series(key="VN", label="Viet Nam")


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (1, 1), (4, 1), (5, 2), (9, 5), (12, 5), (40, 10), (88, 50), (200, 50)]
)
def test_tick_steps_are_round_numbers(largest, step):
    assert nice_step(largest) == step


def test_stacked_bars_are_placed_side_by_side_and_scaled_to_the_axis():
    chart = bar_chart(
        slug="t",
        title="Graduates",
        rows=[Row(label="13th", values={"KH": 1, "VN": 3}), Row(label="14th", values={"VN": 2})],
        series=[KH, VN],
    )
    first, second = chart.bars
    assert [(s.series.key, s.value) for s in first.segments] == [("KH", 1), ("VN", 3)]
    assert first.segments[0].x == "0.000%"
    assert first.segments[1].x == first.segments[0].width
    assert first.total == 4
    assert first.total_x == f"{PLOT_PERCENT:.3f}%"
    assert [s.series.key for s in second.segments] == ["VN"]
    assert second.bar_y > first.bar_y
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3, 4]
    assert chart.height > second.bar_y


def test_the_description_says_every_figure_in_words():
    chart = bar_chart(
        slug="t",
        title="Graduates per batch",
        rows=[Row(label="13th", values={"KH": 1, "VN": 3})],
        series=[KH, VN],
    )
    assert chart.description == "Bar chart, Graduates per batch. 13th: 4 graduates (Cambodia 1, Viet Nam 3)."
    assert chart.title_id == "chart-t-title"
    assert chart.description_id == "chart-t-desc"


def test_an_empty_chart_says_there_is_nothing_to_draw():
    chart = bar_chart(slug="t", title="Graduates", rows=[], series=[KH])
    assert chart.bars == []
    assert chart.description == "Graduates: no graduates on record."
