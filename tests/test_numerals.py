import pytest

from zwzx_dash.model.numerals import FigureError, chinese_to_number, number_like_runs, parse_figure


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("342件", 342, "exact", "件"),
        ("50余次", 50, "over", "次"),
        ("90多次", 90, "over", "次"),
        ("两期", 2, "exact", "期"),
        ("三十六次", 36, "exact", "次"),
        ("6批次", 6, "exact", "批次"),
        ("约30人", 30, "about", "人"),
        ("近200人次", 200, "about", "人次"),
        ("超过100场", 100, "over", "场"),
        ("100场以上", 100, "over", "场"),
        ("30人左右", 30, "about", "人"),
        ("2.83万", 28300, "exact", ""),
        ("2.83万元", 28300, "exact", "元"),
        ("82.9%", 82.9, "exact", "%"),
        ("３４２件", 342, "exact", "件"),
        ("1,234件", 1234, "exact", "件"),
        (" 12项 ", 12, "exact", "项"),
        ("一百零五户", 105, "exact", "户"),
        ("十二条", 12, "exact", "条"),
        ("12 条", 12, "exact", "条"),  # a space between number and unit
        ("50余　次", 50, "over", "次"),
    ],
)
def test_parse_figure_reads_value_qualifier_and_unit(text, value, qualifier, unit):
    figure = parse_figure(text)
    assert figure.value == pytest.approx(value)
    assert (figure.qualifier, figure.unit) == (qualifier, unit)
    assert figure.text == text.strip()


@pytest.mark.parametrize("text", ["", "件", "很多次", "50余次多", "约50余次", "12项目标"])
def test_parse_figure_refuses_what_is_not_one_figure(text):
    with pytest.raises(FigureError):
        parse_figure(text)


def test_chinese_numerals():
    assert chinese_to_number("三万五千") == 35000
    assert chinese_to_number("十") == 10
    assert chinese_to_number("二十") == 20
    with pytest.raises(FigureError):
        chinese_to_number("三四")


def test_number_like_runs_skip_lone_one_in_words_but_keep_ordinals():
    text = "统一领导，第一议题，一年来，办实事12项，四下基层"
    runs = [text[s:e] for s, e in number_like_runs(text)]
    assert runs == ["一", "一", "12", "四"]


def test_a_decimal_with_yi_or_wan_is_exact():
    assert parse_figure("2.3亿元").value == 230_000_000
    assert parse_figure("2.83万人次").value == 28_300
