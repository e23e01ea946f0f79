"""Chart builders and other pure helpers, without Streamlit."""

import io

import pandas as pd
import pytest

from zwzx_dash.export.tables import csv_bytes
from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.present import charts
from zwzx_dash.query.document import paragraphs, split_marked


def figures(*rows):
    return pd.DataFrame(
        [
            {"name": n, "value": v, "unit": u, "qualifier": q, "text": t, "quote": f"原文{t}。"}
            for n, v, u, q, t in rows
        ]
    )


def test_lower_bounds_are_hatched_labelled_as_written_and_explained():
    frame = figures(
        ("专题讲座", 90, "次", "over", "90余次"),
        ("委员宣传", 30, "次", "over", "30余次"),
        ("培训", 36, "次", "exact", "36次"),
    )
    fig = charts.bar_by_name(frame, title="2023年聚力政协工作量", source_title="回眸")
    bar = fig.data[0]
    by_text = dict(zip(bar.text, bar.marker.pattern.shape, strict=True))
    assert by_text == {"90余次": "/", "30余次": "/", "36次": ""}
    assert "（单位：次）" in fig.layout.title.text and "2023年" in fig.layout.title.text
    note = fig.layout.annotations[0].text
    assert "来源：《回眸》" in note and charts.LOWER_BOUND_NOTE in note
    assert list(bar.x) == [36, 30, 90]  # drawn bottom-up, so the first row is on top


def test_exact_only_chart_has_no_lower_bound_note():
    fig = charts.bar_by_name(figures(("a", 4, "期", "exact", "4期")), title="t", source_title="s")
    assert charts.LOWER_BOUND_NOTE not in fig.layout.annotations[0].text


def test_a_bar_chart_never_mixes_units():
    with pytest.raises(ValueError, match="mixes units"):
        charts.bar_by_name(
            figures(("a", 4, "期", "exact", "4期"), ("b", 36, "次", "exact", "36次")),
            title="t",
            source_title="s",
        )


def test_text_from_data_is_escaped_for_plotly():
    frame = figures(("<b>x</b>", 1, "件", "exact", "1件"))
    fig = charts.bar_by_name(frame, title="<img src=x>", source_title="<script>")
    assert "<img" not in fig.layout.title.text
    assert "&lt;b&gt;x&lt;/b&gt;" in fig.data[0].y[0]
    assert "<script>" not in fig.layout.annotations[0].text


def test_a_page_charts_the_unit_most_of_its_figures_share():
    frame = figures(
        ("a", 1, "期", "exact", "1期"),
        ("b", 2, "次", "exact", "2次"),
        ("c", 3, "次", "exact", "3次"),
    )
    assert charts.largest_unit_group(frame)["name"].tolist() == ["b", "c"]
    tie = figures(("a", 1, "项", "exact", "1项"), ("b", 2, "个", "exact", "2个"))
    assert charts.largest_unit_group(tie)["name"].tolist() == ["a"]
    assert charts.largest_unit_group(tie.iloc[0:0]) is None


def test_quoted_sentences_are_marked_in_their_paragraph():
    text = "\n\n第一句。第二句有342件。第三句。\n\n另一段。"
    assert paragraphs(text) == ["第一句。第二句有342件。第三句。", "另一段。"]
    pieces = split_marked(paragraphs(text)[0], ["第二句有342件。", "不存在"])
    assert pieces == [("第一句。", False), ("第二句有342件。", True), ("第三句。", False)]


def test_csv_download_opens_in_excel_and_neutralises_formulas():
    frame = pd.DataFrame({"指标": ["=HYPERLINK(1)", "收到提案"], "原文写法": ["@x", "342件"]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["指标"].tolist() == ["'=HYPERLINK(1)", "收到提案"]
    assert back["原文写法"].tolist() == ["'@x", "342件"]


def test_a_long_source_title_wraps_to_fit_a_phone_and_drops_its_subtitle():
    title = "围绕中心大局议政建言 把握民心民意履职尽责——中卫市政协2023年履职亮点回眸"
    fig = charts.bar_by_name(figures(("a", 4, "期", "exact", "4期")), title="t", source_title=title)
    lines = fig.layout.annotations[0].text.split("<br>")
    assert all(charts.display_width(line) <= 2 * charts.FOOTER_WIDTH for line in lines)
    assert "".join(lines) == "来源：《围绕中心大局议政建言 把握民心民意履职尽责》"


def test_a_printed_charts_footer_is_one_line_of_source_date_and_update():
    title = "围绕中心大局议政建言 把握民心民意履职尽责——中卫市政协2023年履职亮点回眸"
    fig = charts.bar_by_name(
        figures(("a", 4, "期", "exact", "4期")),
        title="t",
        source_title=title,
        as_of="2023年",
        updated="2026-12-07",
        footer_width=charts.PRINT_FOOTER_WIDTH,
    )
    assert fig.layout.annotations[0].text == (
        "来源：《围绕中心大局议政建言 把握民心民意履职尽责》 · 数据截至2023年 · 更新 2026-12-07"
    )


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        (
            "生态、交通、用水权、乡村旅游等对策建议",
            9,
            ["生态、交通、", "用水权、", "乡村旅游等对策建议"],
        ),
        ("编发《中卫政协简报》", 9, ["编发", "《中卫政协简报》"]),
        ("编发《中卫政协简报》等", 9, ["编发", "《中卫政协简报》等"]),
        ("收到提案", 9, ["收到提案"]),
        ("第2名 中卫市政协（本单位）", 10, ["第2名 中卫市政协", "（本单位）"]),
        ("医药卫生体制改革意见建议", 9, ["医药卫生体制", "改革意见建议"]),
        ("共计12345678件提案材料", 6, ["共计", "12345678", "件提案材料"]),  # never split
        ("一二三四五六七八、九", 8, ["一二三四五", "六七八、九"]),
        ("一二三、四五六", 3, ["一二三、", "四五六"]),  # 、 stays, one over
    ],
)
def test_labels_break_at_punctuation_never_before_a_closing_mark(text, width, lines):
    assert charts.break_lines(text, width) == lines
    for line in lines:
        assert line[0] not in "、，。；：！？）》"
        assert line[-1] not in "（《“"


def test_a_chart_only_for_three_figures_of_one_topic_and_unit():
    frame = figures(
        ("为民办实事", 12, "项", "exact", "12项"),
        ("建章立制", 9, "项", "exact", "9项"),
        ("a", 12, "条", "exact", "12条"),
        ("b", 15, "条", "exact", "15条"),
        ("c", 47, "条", "exact", "47条"),
    )
    frame["topic"] = ["为民", "整改", "建言", "建言", "建言"]
    groups = charts.chart_groups(frame)
    assert [g["name"].tolist() for g in groups] == [["a", "b", "c"]]
    assert charts.chart_groups(frame.iloc[:4]) == [] or all(
        len(g) >= charts.MIN_BARS for g in charts.chart_groups(frame.iloc[:4])
    )
    assert charts.chart_groups(frame.iloc[2:4]) == []


def test_the_modebar_keeps_only_download_at_3x_named_after_the_title():
    config = charts.chart_config("2023年聚力政协工作量（单位：次）")
    assert config["modeBarButtons"] == [["toImage"]]
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "scale": 3,
        "filename": "2023年聚力政协工作量（单位：次）",
    }
    assert safe_file_name('a/b:c*"d') == "a_b_c_d"
    assert charts.chart_config("t", interactive=False)["displayModeBar"] is False


def test_the_footer_names_source_date_and_update_not_the_snapshot_and_the_watermark_is_text():
    fig = charts.bar_by_name(
        figures(("a", 4, "期", "exact", "4期")),
        title="2023年t",
        source_title="回眸",
        as_of="2023年",
        updated="2026-12-07",
        watermark="<b>内部资料</b>",
    )
    footer, mark = (a.text for a in fig.layout.annotations)
    assert footer == "来源：《回眸》 · 数据截至2023年 · 更新 2026-12-07"
    assert "快照" not in footer
    assert mark == "&lt;b&gt;内部资料&lt;/b&gt;"
    assert charts.print_size(fig) == (640, 360)


def test_every_text_of_a_chart_is_readable_when_placed_16_cm_wide():
    fig = charts.bar_by_name(
        figures(("a", 4, "期", "exact", "4期"), ("b", 5, "期", "exact", "5期")),
        title="t",
        source_title="s",
    )
    points_per_px = 16 / 2.54 * 72 / charts.print_size(fig)[0]
    sizes = [fig.layout.font.size, fig.layout.title.font.size, fig.layout.annotations[0].font.size]
    assert min(sizes) * points_per_px >= 8.5, sizes


def test_footer_lines_fit_their_width():
    lines = charts.footer_lines(["来源：《" + "长" * 40 + "》", "数据截至2023年", "更新 x"])
    assert all(charts.display_width(line) <= 2 * charts.FOOTER_WIDTH for line in lines)
    assert lines[-1].endswith("数据截至2023年 · 更新 x")


def test_a_ranking_without_sentences_says_where_they_are():
    frame = pd.DataFrame(
        {
            "name": ["第1名 甲", "第2名 乙"],
            "value": [60.0, 50.0],
            "unit": ["次", "次"],
            "qualifier": ["exact", "over"],
            "text": ["60次", "50余次"],
        }
    )
    figure = charts.bar_by_name(frame, title="2023年各单位协商活动", source_title="某报道")
    (bar,) = figure.data
    assert [row[1] for row in bar.customdata] == [charts.NO_QUOTE] * 2
    assert list(bar.marker.pattern.shape) == ["/", ""]
