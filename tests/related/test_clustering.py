"""Story assignment: thresholds calibrated for text length, time-aware merging."""

from __future__ import annotations

import dataclasses

from dateline.conf import REGISTRY
from dateline.related.clustering import ClusterParams, choose_story, threshold_for
from dateline.related.features import text_features
from dateline.related.index import RelatedIndex
from dateline.related.ranking import DAY

QUAKE = (
    "Earthquake of magnitude 6.1 shakes Napa Valley wineries",
    "A strong earthquake struck the Napa Valley before dawn, damaging wineries, "
    "historic buildings and water mains; firefighters in Napa rescued residents.",
)
OTHER = (
    "City council approves the new library budget",
    "The council voted to fund longer opening hours at the central library from spring.",
)


def _stream(days_apart: float, params: ClusterParams) -> tuple[int, float]:
    """Index a quake report, some unrelated filler, and a second quake report
    ``days_apart`` later; return the story chosen for the second report."""
    index = RelatedIndex()
    first = text_features(*QUAKE, published=0.0, story_id=1)
    index.add(1, first)
    for n in range(2, 8):
        index.add(n, text_features(*OTHER, published=n * 3600.0, story_id=n))
    second = text_features(*QUAKE, published=days_apart * DAY)
    index.add(100, second)
    return choose_story(index, second, pk=100, params=params)


def test_the_defaults_are_what_a_new_install_runs():
    # The evaluation measures ClusterParams(); the site reads the settings.
    params = ClusterParams()
    assert REGISTRY["DATELINE_STORY_THRESHOLD"].default == params.threshold
    assert REGISTRY["DATELINE_STORY_SHORT_THRESHOLD"].default == params.short_threshold
    assert REGISTRY["DATELINE_STORY_TIME_SCALE_DAYS"].default == params.time_scale_days


def test_short_texts_get_a_lower_threshold_long_ones_the_full_one():
    params = ClusterParams(threshold=0.2, short_threshold=0.1, short_length=40, long_length=200)
    assert threshold_for(10, params) == 0.1
    assert threshold_for(40, params) == 0.1
    assert 0.1 < threshold_for(90, params) < 0.2
    assert threshold_for(200, params) == 0.2
    assert threshold_for(5000, params) == 0.2


def test_the_same_event_a_day_later_joins_its_story():
    story, score = _stream(1.0, ClusterParams())
    assert story == 1
    assert score > 0.2


def test_time_weakens_a_match_weeks_later():
    timeless = dataclasses.replace(ClusterParams(), time_scale_days=0.0)
    _, same_day = _stream(0.0, ClusterParams())
    _, later = _stream(20.0, ClusterParams())
    _, later_timeless = _stream(20.0, timeless)
    assert later < same_day / 5
    # Without the time factor, the text alone still matches as strongly.
    assert abs(later_timeless - same_day) < 1e-6
