"""A figure against the year before: 持平, the signed difference with its percentage, or
nothing computed when either side is approximate."""

from __future__ import annotations

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from zwzx_dash.present.changes import change
from zwzx_dash.store import snapshots

from .cards import figure_cards, shown
from .conftest import PROJECT
from .test_merge import as_year


def test_an_equal_exact_figure_is_level_not_growth():
    found = change(342, "exact", "件", 2022, 342, "exact", "342件")
    assert (found.text, found.direction, found.computed) == ("持平", 0, True)
    assert found.description == "与2022年 342件相同"


def test_a_change_shows_its_sign_and_percentage():
    up = change(365, "exact", "件", 2023, 342, "exact", "342件")
    assert (up.text, up.direction, up.description) == ("+23件（+6.7%）", 1, "较2023年 342件")
    down = change(12, "exact", "项", 2023, 16, "exact", "16项")
    assert (down.text, down.direction) == ("-4项（-25.0%）", -1)
    from_zero = change(3, "exact", "个", 2023, 0, "exact", "0个")
    assert from_zero.text == "+3个", "no percentage of nothing"


def test_nothing_is_computed_when_either_side_is_approximate():
    for qualifiers in (("lower_bound", "exact"), ("exact", "approx")):
        found = change(50, qualifiers[0], "次", 2022, 40, qualifiers[1], "40余次")
        assert (found.text, found.direction, found.computed) == ("2022年 40余次", 0, False)


def test_a_year_equal_to_the_last_shows_level_cards(data_root, default_input):
    earlier = as_year(default_input.tables, 2022)
    both = dict(default_input.tables)
    for name in ("metrics", "highlights", "captions"):
        both[name] = pa.concat_tables([both[name], earlier[name]])
    snapshots.publish(data_root, both, input_name="two", input_sha256="0" * 64)
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
    assert not app.exception, app.exception
    deltas = [shown(c.below[0]) for c in figure_cards(app) if c.below]
    assert "持平" in deltas, deltas
    assert not [d for d in deltas if d.startswith(("+0", "-0"))], deltas
