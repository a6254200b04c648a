"""The dashboard chart of open nonconformities by age."""

from casys.charts.certification import MAJOR, MINOR, nc_age_chart

BUCKETS = [
    {"label": "0–30", "major": 1, "minor": 2},
    {"label": "31–60", "major": 0, "minor": 0},
    {"label": "> 90", "major": 0, "minor": 4},
]


def test_it_draws_one_stack_per_bucket_with_escaped_labels() -> None:
    svg = nc_age_chart(BUCKETS, title="Open <NCs>", major="Major", minor="Minor", days="days")
    assert svg.startswith("<svg") and "<title>Open &lt;NCs&gt;</title>" in svg
    assert svg.count(f'fill="{MAJOR}"') == 4  # three bars and the legend
    assert svg.count(f'fill="{MINOR}"') == 4
    assert "&gt; 90" in svg and ">0–30<" in svg


def test_the_tallest_stack_reaches_the_top_of_the_plot() -> None:
    svg = nc_age_chart(BUCKETS, title="t", major="M", minor="m", days="d")
    # the 4 minor NCs of the last bucket fill the plot from y=24 (top) to y=160 (axis)
    assert 'y="24.00" width="106.00" height="136.00" fill="#a86a00"' in svg


def test_no_nonconformity_draws_empty_bars() -> None:
    svg = nc_age_chart([{"label": "0–30", "major": 0, "minor": 0}], title="t", major="M", minor="m", days="d")
    assert 'height="0.00" fill="#b3261e"' in svg
