"""Figure cards: what each card says, and that the card grid only ever writes text."""

import re

import pandas as pd
import pytest

from zwzx_dash import cards


def figures(**extra) -> pd.DataFrame:
    row = {
        "name": "开展协商活动",
        "text": "50余次",
        "value": 50.0,
        "unit": "次",
        "qualifier": "lower_bound",
        "quote": "开展协商活动50余次。",
        "pillar_name": "有为政协",
        "source_title": None,
    }
    return pd.DataFrame([{**row, **extra}])


def test_a_card_says_the_figure_as_written_with_its_sentence_and_document():
    grid = cards.card_grid(figures(), "年度回眸")
    assert grid["cards"] == [
        {
            "name": "开展协商活动",
            "text": "50余次",
            "quote": "开展协商活动50余次。",
            "source": "年度回眸",
        }
    ]


def test_a_figure_from_another_document_names_that_document():
    grid = cards.card_grid(figures(source_title="另一篇报道"), "年度回眸")
    assert grid["cards"][0]["source"] == "另一篇报道"


def test_the_briefing_view_leaves_out_the_sentence_and_a_gathered_figure_names_its_section():
    card = cards.card_grid(figures(), "年度回眸", show_pillar=True, quotes=False)["cards"][0]
    assert "quote" not in card and "source" not in card
    assert card["pillar"] == "出自有为政协"


def earlier(text: str, value: float, qualifier: str) -> dict:
    return {"prev_year": 2022, "prev_text": text, "prev_value": value, "prev_qualifier": qualifier}


def test_a_change_is_computed_only_when_both_figures_are_exact():
    exact = figures(text="342件", value=342.0, unit="件", qualifier="exact")
    up = exact.assign(**earlier("332件", 332.0, "exact"))
    assert cards.card_grid(up, "t")["cards"][0]["change"] == {
        "direction": "up",
        "text": "+10件",
        "note": "较2022年 332件",
    }
    down = exact.assign(**earlier("350件", 350.0, "exact"))
    assert cards.card_grid(down, "t")["cards"][0]["change"]["text"] == "-8件"
    assert cards.card_grid(down, "t")["cards"][0]["change"]["direction"] == "down"
    same = exact.assign(**earlier("342件", 342.0, "exact"))
    assert cards.card_grid(same, "t")["cards"][0]["change"]["direction"] == "same"
    vague = exact.assign(**earlier("300余件", 300.0, "lower_bound"))
    assert cards.card_grid(vague, "t")["cards"][0]["change"] == {
        "direction": "inexact",
        "text": "2022年 300余件",
        "note": "含约数或下限，不计算增减",
    }
    assert "change" not in cards.card_grid(exact, "t")["cards"][0], "no earlier year"


def test_the_overview_pillar_cards_show_three_figures_and_link_their_page():
    pillars = pd.DataFrame(
        [
            {"pillar_id": "loyal", "name": "忠诚政协", "slogan": "勠力打造", "heading": "坚持",
             "source_status": "present"},
            {"pillar_id": "people", "name": "为民政协", "slogan": None, "heading": None,
             "source_status": "missing"},
        ]
    )  # fmt: skip
    loyal = pd.DataFrame({"name": list("甲乙丙丁"), "text": ["1件", "2件", "3件", "4件"]})
    grid = cards.pillar_grid(pillars, {"loyal": loyal})["pillars"]
    assert grid[0] == {
        "name": "忠诚政协",
        "line": "勠力打造 · 坚持",
        "figures": [{"name": "甲", "text": "1件"}, {"name": "乙", "text": "2件"},
                    {"name": "丙", "text": "3件"}],
        "link": {"path": "loyal", "label": "查看忠诚政协 →"},
    }  # fmt: skip
    assert grid[1]["line"] == "原文缺少此部分" and grid[1]["figures"] == []
    assert all("link" not in c for c in cards.pillar_grid(pillars, {}, links=False)["pillars"])


@pytest.mark.parametrize("script", [cards.FIGURE_JS, cards.PILLAR_JS])
def test_the_card_grids_write_data_as_text_only(script):
    source = script.read_text(encoding="utf-8")
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
    assert "textContent" in code
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", code)
