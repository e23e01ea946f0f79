"""`zwzx-dash extract`: from a yearly review article to a draft workbook staff check."""

import csv

import pytest
from openpyxl import load_workbook

from zwzx_dash.ingest import extract
from zwzx_dash.ingest.article import MAX_ARTICLE_BYTES, article_text, heading_of
from zwzx_dash.ingest.article_figures import figures_in
from zwzx_dash.ingest.catalog import default_catalog
from zwzx_dash.ingest.load import load_input
from zwzx_dash.ingest.raw import REVIEW_FILE, REVIEW_SHEET, InputRefused
from zwzx_dash.store import snapshots

from .conftest import SOURCE_DOC, open_staff_app, run_cli, snapshot_state

# An article written for these tests: the three heading styles, a pillar named by
# 打造“X政协”, one named only by its heading, one not named at all; every kind of figure
# and of number-like text that is not a figure.
ARTICLE = """凝心聚力谋发展 履职尽责显担当

——沙坡头区政协2024年履职回眸

本报记者 张三 李四

2024年，沙坡头区政协收到提案120件、开展视察调研30余次，编发简报两期，委员参与率达到82.9%……

一、坚持党的领导 打造“忠诚政协”

这一年，区政协坚持党的领导，全年工作稳步推进。

加强理论学习。组织集中学习三十六次，覆盖委员约300人，举办读书班超过10场。严格落实中央八项规定，弘扬“四下基层”优良传统，执行“七可七不可”要求，学习自治区第十三次党代会和中共二十大精神，助推“1+37+8”文件落实，千家万户受益，一份份答卷数十次得到肯定。

委员集中学习现场。

二、服务中心大局 打造“有为政协”

（一）精准建言

围绕产业发展建言。提出建议12条，帮助销售砂瓜达2.83万，惠及群众2.83万人次，走访企业100家以上，召开座谈会20场左右，培训近200人次。

（二）民主监督

开展专项监督。提出监督意见15条，覆盖全区“五个示范市”建设。

三、加强自身建设

加强委员管理。组织委员述职45人次，委员提交提案120件。

开展委员述职活动。

四、其他工作

做好其他工作。全年接待来访群众3批次。

加强机关建设。严格落实各项工作制度。
""".replace("建议12条", "建议12 条")  # a space between number and unit


@pytest.fixture(scope="module")
def draft(default_input):
    return extract.extract(
        ARTICLE,
        file_name="沙坡头区 2024 回眸.txt",
        known_sections=default_input.tables["sections"],
        known_metrics=default_input.tables["metrics"],
    )


def rows(draft, table: str) -> list[dict]:
    return draft.tables[table].to_pylist()


def figure_texts(sentence: str) -> list[str]:
    return [found.figure.text for _, _, found in figures_in(sentence)]


# ---------------------------------------------------------------- figures


@pytest.mark.parametrize(
    ("sentence", "text", "value", "qualifier", "unit"),
    [
        ("先后举办两期委员专题培训班。", "两期", 2, "exact", "期"),
        ("开展各类学习培训三十六次。", "三十六次", 36, "exact", "次"),
        ("惠及群众2.83万人次。", "2.83万人次", 28300, "exact", "人次"),
        ("委员参与率达到82.9%。", "82.9%", 82.9, "exact", "%"),
        ("开展协商活动50余次。", "50余次", 50, "over", "次"),
        ("得到领导批示90多次。", "90多次", 90, "over", "次"),
        ("走访企业100家以上。", "100家以上", 100, "over", "家"),
        ("举办读书班超过10场。", "超过10场", 10, "over", "场"),
        ("覆盖委员约300人。", "约300人", 300, "about", "人"),
        ("培训近200人次。", "近200人次", 200, "about", "人次"),
        ("召开座谈会20场左右。", "20场左右", 20, "about", "场"),
        ("提出建议12 条。", "12 条", 12, "exact", "条"),
        ("提出建议12\u3000条。", "12\u3000条", 12, "exact", "条"),
        ("外出学习考察6批次。", "6批次", 6, "exact", "批次"),
        ("收到提案３４２件。", "３４２件", 342, "exact", "件"),
    ],
)
def test_each_kind_of_figure_is_read_as_written(sentence, text, value, qualifier, unit):
    ((quote, _, found),) = figures_in(sentence)
    assert (found.figure.text, found.figure.qualifier, found.figure.unit) == (
        text,
        qualifier,
        unit,
    )
    assert found.figure.value == pytest.approx(value)
    assert quote == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年是中卫市政协担当作为的一年。",  # a year
        "学习自治区第十三次党代会精神。",  # an ordinal
        "深入学习贯彻中共二十大精神。",  # 二十大 is an ordinal
        "弘扬“四下基层”优良传统。",  # a slogan
        "严格执行“七可七不可”工作要求。",  # a slogan
        "助推自治区“1+37+8”“1+4”系列文件落实。",  # codes
        "严格落实中央八项规定。",  # a set phrase
        "聚焦“五个示范市”建设。",  # a quoted name
        "千家万户受益，一份份答卷。",  # ordinary words
        "数十次得到肯定。",  # not a count
        "制定《文史资料征编工作五年规划》。",  # a title
    ],
)
def test_what_only_looks_like_a_figure_is_never_output(sentence):
    assert figure_texts(sentence) == []


def test_a_hotline_number_is_not_a_figure():
    assert figure_texts("与12345政务服务便民热线建立转办机制，办理诉求20件。") == ["20件"]


def test_a_figure_that_opens_a_line_is_a_figure():
    assert figure_texts("86件提案经审查立案80件。") == ["86件", "80件"]
    assert figure_texts("1+37+8") == []


def test_next_years_plans_are_kept_out_of_the_years_figures():
    text = (
        "固海县政协2024年工作综述\n\n2024年，固海县政协收到提案86件，开展协商活动12次。\n\n"
        "新的一年，县政协将重点抓好三件大事，提出建议50条以上，新建委员联络站5个。\n"
    )
    draft = extract.extract(text, file_name="plans.txt")
    assert [m["text"] for m in rows(draft, "metrics")] == ["86件", "12次"]
    assert [f.found.figure.text for f in draft.term_figures] == ["三件", "50条以上", "5个"]
    assert any("来年打算" in m.note for m in draft.to_check)


def test_next_years_figures_are_plans_not_results():
    text = (
        "固海县政协2024年工作综述\n\n一年来，固海县政协收到提案86件。\n\n"
        "2025年，县政协将计划开展专题协商6次左右，形成调研报告40篇以上。\n"
    )
    draft = extract.extract(text, file_name="plans.txt")
    assert [m["text"] for m in rows(draft, "metrics")] == ["86件"]
    assert [f.found.figure.text for f in draft.term_figures] == ["6次左右", "40篇以上"]


def test_a_wechat_title_account_line_and_unpunctuated_captions():
    text = (
        "银川市政协2024年履职答卷，请查收！\n银川市政协 2025-01-15 18:30 宁夏\n\n"
        "2024年，银川市政协收到提案412件，开展协商活动70余次，形成调研报告38篇。\n\n"
        "01 政治引领 铸魂固本\n\n思想根基不断筑牢。集中学习15次。\n\n"
        "市政协委员在西夏区开展义诊活动\n\n"
        "02 协商议政 建言献策\n\n围绕412件提案建立督办机制，确定重点提案22件。\n"
    )
    draft = extract.extract(text, file_name="wechat.txt")
    assert rows(draft, "sources")[0]["title"] == "银川市政协2024年履职答卷，请查收！"
    assert [c["caption"] for c in rows(draft, "captions")] == ["市政协委员在西夏区开展义诊活动"]
    metrics = rows(draft, "metrics")
    assert [m["text"] for m in metrics if m["headline"]] == ["412件", "70余次", "38篇"]
    assert metrics[0]["pillar_id"] == "effective", "restated under 协商议政"
    assert [m["pillar_id"] for m in metrics if m["text"] == "22件"] == ["effective"]


def test_a_restatement_that_opens_its_clause_folds_into_the_headline_figure():
    text = (
        "固海县政协2024年工作综述\n\n2024年，固海县政协收到提案86件，开展协商活动12次。\n\n"
        "一、协商议政 服务大局\n\n86件提案经审查立案80件，办复率100%。\n"
    )
    metrics = rows(extract.extract(text, file_name="fold.txt"), "metrics")
    assert [m["text"] for m in metrics] == ["86件", "12次", "80件", "100%"]
    assert metrics[0]["pillar_id"] == "effective", "the restatement under 协商议政"
    assert metrics[2]["metric_id"] == "proposals_filed"


@pytest.mark.parametrize(
    ("heading", "pillar"),
    [
        ("【政治引领】", "loyal"),
        ("（二）聚焦中心任务，协商议政提质增效", "effective"),
        ("（三）践行为民宗旨，助力保障改善民生", "people"),
        ("（三）坚持凝心聚力，画好最大同心圆", "cohesive"),
        ("（四）加强自身建设，激发履职活力", "vibrant"),
        ("二、建言献策 服务发展大局", None),  # names no pillar
        ("履职为民显担当 凝心聚力促发展", None),  # words of two pillars name neither
    ],
)
def test_a_heading_names_its_pillar_by_the_pillars_words(heading, pillar):
    from zwzx_dash.model.pillars import pillar_named_in

    assert pillar_named_in(heading) == pillar


@pytest.mark.parametrize(
    ("opening", "org", "year"),
    [
        (
            "政协吴忠市第五届委员会常务委员会工作报告\n——2025年1月10日在政协吴忠市第五届委员会第五次会议上"
            "\n\n各位委员：\n\n一、过去一年工作回顾\n\n2024年，市政协收到提案86件。",
            "吴忠市政协",
            2024,  # the report's date is not the year it reviews
        ),
        (
            "凝心聚力谋发展\n\n2025年是中宁县政协奋进的一年，也是中宁县政协履职的一年。"
            "中宁县政协收到提案86件。",
            "中宁县政协",  # not 也是中宁县政协
            2025,
        ),
    ],
)
def test_the_org_and_year_are_read_from_any_opening(opening, org, year):
    layout = extract.read_layout(opening)
    assert (extract.detect_org(layout), extract.detect_year(layout)) == (org, year)


def test_every_figure_of_the_test_article_and_nothing_else(draft):
    assert [m["text"] for m in rows(draft, "metrics")] == [
        "120件", "30余次", "两期", "82.9%",
        "三十六次", "约300人", "超过10场",
        "12 条", "2.83万", "2.83万人次", "100家以上", "20场左右", "近200人次",
        "15条",
        "45人次",
        "3批次",
    ]  # fmt: skip


def test_quotes_are_verbatim_sentences_of_the_article(draft):
    for m in rows(draft, "metrics"):
        assert m["quote"] in ARTICLE and m["text"] in m["quote"]
        assert m["quote"].endswith(("。", "……")), m["quote"]
    first = rows(draft, "metrics")[0]
    assert first["quote"].startswith("2024年，沙坡头区政协收到提案120件")


def test_headline_is_the_opening_summary_and_restatements_fold_into_it(draft):
    metrics = rows(draft, "metrics")
    assert [m["text"] for m in metrics if m["headline"]] == ["120件", "30余次", "两期", "82.9%"]
    proposals = metrics[0]
    assert proposals["metric_id"] == "proposals" and proposals["name"] == "收到提案"
    assert proposals["pillar_id"] == "vibrant", "委员提交提案120件 restates it in section 三"
    assert sum(m["text"] == "120件" for m in metrics) == 1


def test_names_and_codes_come_from_the_catalog_or_are_suggested(draft):
    by_text = {m["text"]: m for m in rows(draft, "metrics")}
    catalog = default_catalog()
    # The catalog names the standard figures, in its words, so that orgs compare.
    standard = [
        ("三十六次", "study_sessions"),
        ("两期", "bulletin_issues"),
        ("45人次", "member_performance"),
        ("3批次", "hosted_delegations"),
    ]
    for text, metric_id in standard:
        assert by_text[text]["metric_id"] == metric_id
        assert by_text[text]["name"] == catalog.get(metric_id).name
        assert by_text[text]["topic"] == catalog.get(metric_id).topic
    # What the catalog lacks keeps a suggested name, a whole phrase, and a code to replace.
    assert by_text["82.9%"]["name"] == "委员参与率"
    assert by_text["2.83万"]["name"] == "帮助销售砂瓜"
    ids = [m["metric_id"] for m in rows(draft, "metrics")]
    assert len(set(ids)) == len(ids)
    # A second figure of one catalog entry (12 条 and 15条 建议) is not given its code.
    assert by_text["12 条"]["metric_id"] == "suggestions"
    assert by_text["15条"]["metric_id"] == "suggestions_02"


# ---------------------------------------------------------------- sections, highlights, captions


@pytest.mark.parametrize(
    ("line", "level", "title"),
    [
        ("1 坚持党的领导 勠力打造“忠诚政协”", 1, "坚持党的领导 勠力打造“忠诚政协”"),
        ("一、坚持党的领导", 1, "坚持党的领导"),
        ("（一）精准建言", 2, "精准建言"),
        ("(二)民主监督", 2, "民主监督"),
    ],
)
def test_the_three_heading_styles(line, level, title):
    assert heading_of(line) == (level, title)


@pytest.mark.parametrize(
    "line",
    [
        "2023年是中卫市政协求真务实的一年。",
        "一年来，中卫市政协收到提案342件",
        "（本版图片由中卫市政协提供）",
    ],
)
def test_text_is_not_a_heading(line):
    assert heading_of(line) is None


def test_pillars_come_from_the_phrase_the_heading_or_are_left_empty(draft):
    sections = {s.title: s.pillar_id for s in draft.layout.sections if s.heading}
    assert sections == {
        "坚持党的领导 打造“忠诚政协”": "loyal",
        "服务中心大局 打造“有为政协”": "effective",
        "精准建言": "effective",  # （一） inherits from 二、
        "民主监督": "effective",
        "加强自身建设": "vibrant",  # the heading of a known pillar
        "其他工作": None,
    }
    by_text = {m["text"]: m["pillar_id"] for m in rows(draft, "metrics")}
    assert by_text["三十六次"] == "loyal" and by_text["15条"] == "effective"
    assert by_text["3批次"] == "cohesive", "no heading says: the catalog's pillar, to check"
    assert by_text["82.9%"] is None, "a headline figure only in the opening has no pillar"


def test_highlights_are_lead_in_clauses_with_their_paragraphs(draft):
    found = [(h["pillar_id"], h["seq"], h["title"]) for h in rows(draft, "highlights")]
    assert found == [
        ("loyal", 1, "加强理论学习"),
        ("effective", 2, "围绕产业发展建言"),
        ("effective", 3, "开展专项监督"),
        ("vibrant", 4, "加强委员管理"),
        ("cohesive", 5, "做好其他工作"),  # no heading says: its figure's pillar, to check
        (None, 6, "加强机关建设"),  # numbered across the table: any pillar can be chosen
    ]
    assert rows(draft, "highlights")[0]["body"].startswith("组织集中学习三十六次")


def test_captions_are_short_standalone_lines(draft):
    found = [(c["pillar_id"], c["caption"]) for c in rows(draft, "captions")]
    assert found == [("loyal", "委员集中学习现场。"), ("vibrant", "开展委员述职活动。")]


def test_the_source_row_is_the_article(draft):
    (source,) = rows(draft, "sources")
    assert source["source_id"] == "沙坡头区-2024-回眸"
    assert source["title"] == "凝心聚力谋发展 履职尽责显担当——沙坡头区政协2024年履职回眸"
    assert source["authors"] == "张三 李四"
    assert source["text"] == ARTICLE.strip()
    assert {m["year"] for m in rows(draft, "metrics")} == {2024}


def test_what_a_person_must_do_is_marked(draft):
    to_fill = {(m.table, m.column, m.index) for m in draft.to_fill}
    by_text = {m["text"]: i for i, m in enumerate(rows(draft, "metrics"))}
    # 四、其他工作 names no pillar: its figure takes the catalog's and its first work item
    # the figure's (to check); the second, without figures, has none (to fill), and the
    # note says what to type.
    assert to_fill == {("highlights", "pillar_id", 5), ("metrics", "unit", by_text["2.83万"])}
    (note,) = [m.note for m in draft.to_fill if m.column == "pillar_id"]
    assert "请在“板块”列填写 忠诚政协、有为政协、为民政协、聚力政协、活力政协 之一" in note
    checks = {(m.table, m.column, m.index) for m in draft.to_check}
    assert ("metrics", "pillar_id", by_text["3批次"]) in checks
    assert ("highlights", "pillar_id", 4) in checks
    assert ("captions", "pillar_id", 0) in checks and ("metrics", "metric_id", 3) in checks
    assert ("sources", "title", 0) in checks


def test_the_sections_are_drafted_from_the_numbered_headings(draft):
    sections = {s["pillar_id"]: s for s in rows(draft, "sections")}
    assert [sections[p][k] for p in ("loyal", "effective") for k in ("section_no", "heading")] == [
        1,
        "坚持党的领导",
        2,
        "服务中心大局",
    ]
    assert sections["loyal"]["slogan"] == "打造“忠诚政协”"
    assert sections["loyal"]["summary"] == "这一年，区政协坚持党的领导，全年工作稳步推进。"
    assert sections["effective"]["summary"] is None  # its first line is a sub-heading
    assert sections["vibrant"]["heading"] == "加强自身建设"  # a 2023 heading, known
    assert [sections[p]["source_status"] for p in ("people", "cohesive")] == ["none", "none"]
    assert {s["org"] for s in sections.values()} == {"沙坡头区政协"}
    checks = {(m.index, m.column) for m in draft.to_check if m.table == "sections"}
    assert (2, "source_status") in checks and (1, "heading") in checks


@pytest.mark.parametrize(
    ("heading", "number"), [("1 坚持党的领导", 1), ("三、加强自身建设", 3), ("十一、其他", 11)]
)
def test_a_sections_number_is_read_from_its_heading(heading, number):
    from zwzx_dash.ingest.draft_sections import section_number

    assert section_number(heading, ordinal=99) == number
    assert section_number(None, ordinal=4) == 4


# ---------------------------------------------------------------- the real article


def test_the_source_document_gives_the_curated_highlights_captions_and_pillars(default_input):
    curated = {name: t.to_pylist() for name, t in default_input.tables.items()}
    draft = extract.extract(
        SOURCE_DOC.read_text(encoding="utf-8"),
        file_name=SOURCE_DOC.name,
        known_sections=default_input.tables["sections"],
    )

    def in_pillar_order(highlights):
        """(pillar, place within it, title, body): the draft numbers across the table."""
        ordered = sorted(highlights, key=lambda h: (h["pillar_id"], h["seq"]))
        place: dict[str, int] = {}
        out = []
        for h in ordered:
            place[h["pillar_id"]] = place.get(h["pillar_id"], 0) + 1
            out.append((h["pillar_id"], place[h["pillar_id"]], h["title"], h["body"]))
        return out

    assert in_pillar_order(rows(draft, "highlights")) == in_pillar_order(curated["highlights"])
    assert [c["caption"] for c in rows(draft, "captions")] == [
        c["caption"] for c in curated["captions"]
    ]
    assert rows(draft, "sources") == curated["sources"]
    pillar_of = {(m["text"], m["quote"]): m["pillar_id"] for m in rows(draft, "metrics")}
    for m in curated["metrics"]:
        assert pillar_of[(m["text"], m["quote"])] == m["pillar_id"], m["metric_id"]
    assert [m["headline"] for m in rows(draft, "metrics")] == [
        m["headline"] for m in curated["metrics"]
    ]


# ---------------------------------------------------------------- the CLI


def write_article(tmp_path, text: str = ARTICLE, name: str = "2024年回眸.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def row_named(ws, where: str) -> int:
    """The row a 待核 entry names by its key (顺序：12): where the key column holds it."""
    label, value = where.split("：")
    column = [c.value for c in ws[1]].index(label) + 1
    return next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, column).value) == value)


def test_cli_writes_a_workbook_that_validates_and_says_what_to_fill(published, tmp_path):
    article = write_article(tmp_path)
    out = tmp_path / "草稿.xlsx"
    before = snapshot_state(published)
    done = run_cli("extract", str(article), "-o", str(out), root=published)
    assert done.returncode == 0, done.stderr
    assert "指标 16 个" in done.stderr and "待填写 2 处" in done.stderr
    assert snapshot_state(published) == before, "extract publishes nothing"

    wb = load_workbook(out)
    assert wb.sheetnames == ["说明", REVIEW_SHEET, "指标", "板块", "亮点", "图片", "来源"]
    review = [[c.value for c in row] for row in wb[REVIEW_SHEET].iter_rows()]
    assert review[0] == ["工作表", "所在行", "列", "说明"]
    unit_entry = next(r for r in review if r[2] == "计量单位")
    assert "2.83万" in unit_entry[3] and "没有计量单位" in unit_entry[3]
    assert unit_entry[1].startswith("顺序：")
    unit_row = row_named(wb["指标"], unit_entry[1])
    cell = wb["指标"].cell(unit_row, 7)
    assert cell.value is None and cell.fill.fgColor.rgb.endswith("FFE699")

    data = load_input(out, draft=True)
    assert data.tables["metrics"].num_rows == 16
    checked = run_cli("validate", str(out), root=published)
    assert checked.returncode == 0, checked.stderr
    assert "校验通过" not in checked.stdout, "a draft with cells to fill cannot publish"
    assert "草稿尚未完成" in checked.stdout and "还有 2 处待填写" in checked.stdout
    assert f"第 {unit_row} 行，「计量单位」列：待填写" in checked.stdout
    refused = run_cli("refresh", str(out), root=published)
    assert refused.returncode == 2 and "待填写" in refused.stderr
    assert snapshot_state(published) == before

    # A person deletes the first figure: the 待核 list still finds each row by its 顺序.
    wb["指标"].delete_rows(2)
    wb.save(out)
    checked = run_cli("validate", str(out), root=published)
    assert f"第 {unit_row - 1} 行，「计量单位」列：待填写" in checked.stdout, checked.stdout
    assert "还有 2 处待填写" in checked.stdout

    # A person fills the two cells; the draft then publishes.
    wb["指标"].cell(row_named(wb["指标"], unit_entry[1]), 7, "斤")
    for sheet, where, column, _ in review[1:]:
        pillar_column = 4 if sheet == "指标" else 3
        if column == "板块编码" and sheet in ("指标", "亮点", "图片"):
            row = row_named(wb[sheet], where)
            if wb[sheet].cell(row, pillar_column).value is None:
                wb[sheet].cell(row, pillar_column, "活力政协")
    wb.save(out)
    checked = run_cli("validate", str(out), root=published)
    assert "待填写" not in checked.stdout and "请核对" in checked.stdout
    done = run_cli("refresh", str(out), "--note", "2024年草稿", root=published)
    assert done.returncode == 0, done.stderr
    assert snapshots.current_id(published) == done.stdout.strip()


def test_cli_writes_a_csv_folder_with_its_review_list(published, tmp_path):
    article = write_article(tmp_path)
    out = tmp_path / "draft"
    done = run_cli("extract", str(article), "-o", str(out), "--org", "沙坡头区政协", root=published)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            REVIEW_FILE,
            "metrics.csv",
            "sections.csv",
            "highlights.csv",
            "captions.csv",
            "sources.csv",
        ]
    )
    with open(out / REVIEW_FILE, encoding="utf-8-sig", newline="") as fh:
        marks = list(csv.DictReader(fh))
    assert {"table", "row", "column", "note"} == set(marks[0])
    assert marks[0]["row"].split("=")[0] in ("seq", "pillar_id", "source_id")
    data = load_input(out, draft=True)
    assert set(data.tables["metrics"].column("org").to_pylist()) == {"沙坡头区政协"}
    assert sum(n.message.startswith("待填写") for n in data.notes) == 2
    checked = run_cli("validate", str(out), root=published)
    assert checked.returncode == 0 and "还有 2 处待填写" in checked.stdout
    with pytest.raises(InputRefused):
        load_input(out)


def test_cli_takes_the_year_from_the_title_or_the_option(published, tmp_path):
    article = write_article(tmp_path, ARTICLE.replace("2024年", "本年"), "无年份.txt")
    out = tmp_path / "draft.xlsx"
    done = run_cli("extract", str(article), "-o", str(out), root=published)
    assert done.returncode == 2 and "年度" in done.stderr and not out.exists()
    done = run_cli("extract", str(article), "-o", str(out), "--year", "2025", root=published)
    assert done.returncode == 0, done.stderr
    assert set(load_input(out, draft=True).tables["metrics"]["year"].to_pylist()) == {2025}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到这个文件"),
        (ARTICLE.encode("gb18030"), "不是 UTF-8"),
        (b"", "文件是空的"),
        (b"  \n\n \n", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
        (b"PK\x03\x04" + bytes(range(1, 32)) * 4, "控制字符"),
        ("没有数字的一段话。".encode(), "没有找到任何数字"),
    ],
    ids=["missing", "gb18030", "empty", "blank", "binary", "zip-like", "no-figures"],
)
def test_wrong_input_exits_2_in_chinese_and_writes_nothing(published, tmp_path, content, message):
    work = tmp_path / "work"
    work.mkdir()
    article = work / "报道.txt"
    if content is not None:
        article.write_bytes(content)
    out = work / "draft.xlsx"
    done = run_cli("extract", str(article), "-o", str(out), root=published)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert list(work.iterdir()) == ([article] if content is not None else [])


def test_too_large_an_article_is_refused(tmp_path):
    with pytest.raises(InputRefused, match="上限"):
        article_text(b"a" * (MAX_ARTICLE_BYTES + 1), "big.txt")


# ---------------------------------------------------------------- the staff page


def test_staff_page_drafts_a_workbook_from_an_article(published, monkeypatch, app_browser):
    app = open_staff_app(monkeypatch)
    assert not app.exception, app.exception

    app.file_uploader(key="article").set_value(("坏.txt", b"\xff\xfe\x00bad", "text/plain"))
    app.run()
    assert any("无法生成草稿" in e.value for e in app.error)

    app.file_uploader(key="article").set_value(("2024.txt", ARTICLE.encode(), "text/plain"))
    app.run()
    assert not app.exception, app.exception
    (message,) = [s.value for s in app.success]
    assert "指标 16 个" in message and "亮点 6 条" in message and "图片说明 2 条" in message
    preview = app.dataframe[0].value  # the first table on the page, above the history
    assert list(preview["原文写法"])[:4] == ["120件", "30余次", "两期", "82.9%"]
    assert "或下载草稿工作簿，在 Excel/WPS 中填写" in [b.label for b in app.get("download_button")]


def test_an_article_with_more_figures_than_a_draft_can_hold_is_refused(tmp_path):
    article = tmp_path / "many.txt"
    body = "".join(f"开展活动{i}次，" for i in range(33_000))
    article.write_text(f"中卫市政协2023年履职亮点回眸\n{body}", encoding="utf-8")
    done = run_cli("extract", str(article), "--out", str(tmp_path / "draft.xlsx"), root=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "超过一份草稿的上限 32,767 个" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "draft.xlsx").exists()


def test_extract_states_the_org_and_year_it_took_from_the_title(tmp_path):
    article = tmp_path / "county.txt"
    article.write_text(
        "凝心聚力促发展——沙坡头区政协2024年工作回眸\n全年共收到提案128件，开展协商活动20余次。\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.xlsx"
    done = run_cli("extract", str(article), "--out", str(out), root=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert first == "草稿的单位：沙坡头区政协（取自原文标题）；年度：2024年（取自原文标题）"
    from zwzx_dash.ingest.load import load_input

    orgs = set(load_input(out, draft=True).tables["metrics"].column("org").to_pylist())
    assert orgs == {"沙坡头区政协"}, "not filed under 中卫市政协 by default"


def test_extract_refuses_an_article_that_names_no_org_unless_told(tmp_path):
    article = tmp_path / "anon.txt"
    article.write_text(
        "2024年工作回眸\n全年共收到提案128件，开展协商活动20余次。\n", encoding="utf-8"
    )
    out = tmp_path / "draft.xlsx"
    done = run_cli("extract", str(article), "--out", str(out), root=tmp_path / "data")
    assert done.returncode == 2 and "看不出是哪个政协组织" in done.stderr
    assert not out.exists()
    done = run_cli(
        "extract", str(article), "--out", str(out), "--org", "海原县政协", root=tmp_path / "data"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0].startswith("草稿的单位：海原县政协（指定）")
