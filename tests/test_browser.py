"""Every page in a real Chromium at desktop and phone width."""

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pyarrow as pa
import pytest
from PIL import Image

from zwzx_dash.access import passcodes
from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.ingest.load import load_input
from zwzx_dash.store import reading, snapshots
from zwzx_dash.store.merge import merge
from zwzx_dash.web import page_shell, site
from zwzx_dash.web.text import WORD_JOINER

from .bad_inputs import CASES
from .browser import (
    ARTIFACTS,
    CARD,
    DESKTOP,
    PHONE,
    TABLET,
    fonts_used,
    open_page,
    open_sign_in,
    require_chromium,
    screenshot_whole_page,
    serve_app,
    sidebar_link,
    sidebar_links,
    sign_in,
    wait_ready,
)
from .conftest import SOURCE_DIR, add_earlier_year, add_other_org, corrected_copy, run_cli
from .test_merge import as_year, years_in
from .test_review import under_org

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect  # noqa: E402

PAGES = {
    "": ["342件", "155篇", "50余次", "24篇", "12项", "90多次"],
    "loyal": ["24篇", "12项", "3个", "7个", "9项"],
    "effective": ["155篇", "12条", "15条", "47条", "14条"],
    "people": ["155篇", "12项", "3个"],
    "cohesive": ["90余次", "4期", "86期", "30余次", "60余次", "6批次", "43批次"],
    "vibrant": ["两期", "36次"],
    "sources": ["全部数字", "快照历史"],
}
HOSTILE_HTML = "<img src=x onerror=alert(1)>"
HOSTILE_MARKDOWN = "**粗体**[链接](javascript:alert(1))"


@pytest.fixture(scope="module")
def default_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-data")  # empty: the app builds the default snapshot
    with serve_app(root) as url:
        yield url, root


DEVICES = {"desktop": DESKTOP, "tablet": TABLET, "phone": PHONE}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("path", PAGES)
def test_page_is_ready_shows_its_figures_and_fits(browser, default_app, path, device):
    """Every page at a desktop's, a tablet's and a phone's width, a screenshot of each."""
    url, _ = default_app
    viewport = DEVICES[device]
    page = open_page(browser, f"{url}/{path}", viewport)
    assert page.locator('[data-testid="stException"]').count() == 0
    for text in PAGES[path]:
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    snapshot_shown = page.get_by_text(re.compile(r"快照 \d{8}T")).count() > 0
    assert snapshot_shown == (path == "sources"), "snapshot ids only on the sources page"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page must not scroll sideways"
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1
    cards = page.locator(CARD)
    if device == "phone" and cards.count() >= 3:
        first, second, third = (cards.nth(i).bounding_box() for i in range(3))
        assert abs(second["y"] - first["y"]) < 2, "two cards to a row on a phone"
        assert third["y"] > first["y"] + first["height"] - 1, "the third starts a new row"
    screenshot_whole_page(page, ARTIFACTS / f"{path or 'overview'}-{device}.png")
    page.context.close()


def test_lower_bounds_are_marked_in_charts(browser, county_app):
    # 2023's charted topic (建言) is all exact: the ranking of 开展协商活动 across three
    # orgs is all lower bounds (50余次, 45余次, 55余次).
    page = open_page(browser, county_app + "/compare", DESKTOP)
    metric = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    metric.click()
    page.keyboard.type("开展协商活动")
    page.get_by_role("option").first.click()
    wait_ready(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.get_by_text("50余次")).to_be_visible()
    expect(chart.get_by_text(re.compile("斜线柱为下限"))).to_be_visible()
    assert chart.locator("pattern").count() > 0, "lower-bound bars carry a hatch pattern"
    page.context.close()


def test_a_figure_opens_its_sentence(browser, default_app):
    url, _ = default_app
    page = open_page(browser, url + "/", DESKTOP)
    card = page.locator(CARD).filter(has_text="50余次")
    card.locator('[data-testid="stTooltipHoverTarget"]').hover()
    tooltip = page.locator('[data-testid="stTooltipContent"]')
    expect(tooltip).to_contain_text("原文：一年来，中卫市政协收到提案342件")
    expect(tooltip).to_contain_text("出处：《围绕中心大局议政建言")
    page.context.close()


def test_chinese_glyphs_are_drawn_with_a_cjk_font(browser, default_app):
    url, _ = default_app
    page = open_page(browser, url + "/", DESKTOP)
    fonts = fonts_used(page, "h1")
    cjk = {name: n for name, n in fonts.items() if re.search(r"CJK|Hei|Song|Noto Sans SC", name)}
    assert cjk and sum(cjk.values()) >= 4, fonts
    page.context.close()


def test_a_page_connects_at_once_and_says_it_is_chinese(browser, default_app):
    url, _ = default_app
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlparse(r.url).path))
    page.goto(url + "/loyal")
    wait_ready(page)
    expect(page.get_by_role("heading", name="忠诚政协")).to_be_visible()
    assert "/_stcore/health" in asked and "/loyal/_stcore/health" not in asked
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # The base URL the shell's script works out, under a proxy's prefix too.
    html = page_shell.rewrite_shell("<head>", site.url_paths(), site.APP_TITLE)
    body = html[html.index("<script>") + len("<script>") : html.index("</script>")]
    for path, base in {
        "/": "http://h/",
        "/loyal": "http://h/",
        "/loyal/": "http://h/",
        "/zwzx/sources": "http://h/zwzx/",
        "/zwzx/": None,  # Streamlit's own first guess is right there
        "/zwzx/no-such-page": None,
    }.items():
        found = page.evaluate(
            """([body, path]) => {
                const win = {};
                new Function("location", "window", body)({pathname: path, origin: "http://h"}, win);
                return win.__streamlit ? win.__streamlit.BACKEND_BASE_URL : null;
            }""",
            [body, path],
        )
        assert found == base, path
    context.close()


def test_a_fresh_server_opened_at_a_page_shows_the_dashboards_navigation(browser, published):
    # Streamlit lists a `pages/` folder beside the main script as pages of their own until
    # st.navigation first runs: the first leader on a bookmark saw 'app', 'pillar', 'staff'.
    with serve_app(published) as url:
        page = open_page(browser, url + "/loyal", DESKTOP)
        expect(page.get_by_role("heading", name="忠诚政协")).to_be_visible()
        nav = sidebar_links(page).all_inner_texts()
        assert nav == ["总览", *(spec.title for spec in site.PILLARS), "数据来源"]
        page.context.close()


def test_a_publish_shows_on_the_next_rerun_without_restart(browser, default_app, tmp_path):
    url, root = default_app
    page = open_page(browser, url + "/", DESKTOP)
    expect(page.get_by_text("342件", exact=True)).to_be_visible()
    before = snapshots.current_id(root)

    changed = corrected_copy(tmp_path, "342", "343", "件", "提案")
    done = run_cli("refresh", str(changed), "--note", "浏览器测试", root=root)
    assert done.returncode == 0, done.stderr
    after = done.stdout.strip()

    page.reload()
    wait_ready(page)
    expect(page.get_by_text("343件", exact=True)).to_be_visible()
    page.goto(url + "/sources")  # the snapshot's id is machinery: the sources page names it
    wait_ready(page)
    expect(page.get_by_text(re.compile(after)).last).to_be_visible()
    page.goto(url + "/")
    wait_ready(page)
    assert run_cli("rollback", before, root=root).returncode == 0
    page.reload()
    wait_ready(page)
    expect(page.get_by_text("342件", exact=True)).to_be_visible()
    page.context.close()


def test_an_open_page_follows_a_publish_without_a_reload(browser, tmp_path):
    root = tmp_path / "data"
    with serve_app(root, env={"ZWZX_FOLLOW_SECONDS": "2"}) as url:
        page = open_page(browser, url + "/", DESKTOP)
        before = snapshots.current_id(root)
        changed = corrected_copy(tmp_path, "155", "156", "篇", "社情民意信息")
        assert run_cli("refresh", str(changed), root=root).returncode == 0
        # No reload: the page notices the new CURRENT within ZWZX_FOLLOW_SECONDS.
        expect(page.get_by_text("156篇", exact=True).first).to_be_visible(timeout=20_000)
        assert run_cli("rollback", before, root=root).returncode == 0
        expect(page.get_by_text("155篇", exact=True).first).to_be_visible(timeout=20_000)
        page.context.close()


@pytest.fixture(scope="module")
def county_app(tmp_path_factory):
    """中卫市政协 over two years and two made-up county CPPCCs (tests only)."""
    folder = tmp_path_factory.mktemp("orgs") / "input"
    shutil.copytree(SOURCE_DIR, folder)
    add_earlier_year(folder)
    add_other_org(folder, "测试甲县政协", change=-5)
    add_other_org(folder, "测试乙县政协", change=+5)
    root = folder.parent / "data"
    data = load_input(folder)
    snapshots.publish(root, data.tables, input_name=data.name, input_sha256=data.sha256)
    with serve_app(root) as url:
        yield url


def test_org_selector_searches_and_drives_the_page(browser, county_app):
    page = open_page(browser, county_app + "/", DESKTOP)
    org = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    org.click()
    page.keyboard.type("乙县")
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    options.first.click()
    expect(page.get_by_role("heading", name=re.compile("测试乙县政协 2023年"))).to_be_visible()
    wait_ready(page)
    expect(page.get_by_text("347件", exact=True)).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_compare_page_ranks_orgs_and_draws_years(browser, county_app, device):
    viewport = DESKTOP if device == "desktop" else PHONE
    page = open_page(browser, county_app + "/compare", viewport)
    assert page.locator('[data-testid="stException"]').count() == 0
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(2)
    expect(charts.first.get_by_text(re.compile("第1名"))).to_be_visible()
    expect(charts.nth(1).get_by_text("332件")).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page must not scroll sideways"
    screenshot_whole_page(page, ARTIFACTS / f"compare-{device}.png")
    page.context.close()


def test_the_year_choice_follows_the_leader_across_pages(browser, tmp_path):
    folder = tmp_path / "two-years"
    shutil.copytree(SOURCE_DIR, folder)
    add_earlier_year(folder)
    root = tmp_path / "data"
    data = load_input(folder)
    snapshots.publish(root, data.tables, input_name=data.name, input_sha256=data.sha256)
    with serve_app(root) as url:
        page = open_page(browser, url + "/", DESKTOP)
        expect(page.get_by_text("+10件")).to_be_visible()
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
        option = page.get_by_role("option", name="2022年")
        expect(option).to_be_visible()
        option.click()
        expect(page.get_by_role("heading", name=re.compile("2022年履职总览"))).to_be_visible()
        wait_ready(page)
        expect(page.get_by_text("332件", exact=True)).to_be_visible()
        sidebar_link(page, "聚力政协").click()
        wait_ready(page)
        expect(page.get_by_role("heading", name="聚力政协")).to_be_visible()
        expect(page.get_by_text("80余次", exact=True).first).to_be_visible()
        assert page.get_by_text("90余次", exact=True).count() == 0
        # The link on the overview's pillar card keeps the choice too.
        sidebar_link(page, "总览").click()
        wait_ready(page)
        page.locator('[data-testid="stPageLink"]').filter(has_text="查看有为政协").click()
        page.wait_for_url(re.compile(r"/effective$"))
        wait_ready(page)
        expect(page.get_by_role("heading", name="有为政协")).to_be_visible()
        expect(page.get_by_text(re.compile("数据截至：2022年"))).to_be_visible()
        page.context.close()


def test_text_from_data_is_shown_literally(browser, tmp_path, default_input):
    tables = dict(default_input.tables)
    hostile = (("captions", "caption"), ("highlights", "title"), ("highlights", "body"))
    for name, column in (*hostile, ("metrics", "name")):
        table = tables[name]
        values = table.column(column).to_pylist()
        values[0] = HOSTILE_HTML if column != "body" else HOSTILE_MARKDOWN
        if name in ("captions", "metrics"):  # the first headline figure and the one after
            values[1] = HOSTILE_MARKDOWN
        index = table.schema.get_field_index(column)
        tables[name] = table.set_column(index, table.schema.field(index), pa.array(values))
    # The second caption has its photo: an image's caption is Markdown to Streamlit too.
    captions = tables["captions"]
    photos = captions.column("photo").to_pylist()
    photos[1] = "hostile.png"
    index = captions.schema.get_field_index("photo")
    tables["captions"] = captions.set_column(index, captions.schema.field(index), pa.array(photos))
    root = tmp_path / "data"
    snapshots.publish(root, tables, input_name="hostile", input_sha256="0" * 64)
    (root / "photos").mkdir()
    Image.new("RGB", (320, 200), "#A4161A").save(root / "photos" / "hostile.png")
    with serve_app(root) as url:
        dialogs: list[str] = []
        for path in ("", "loyal", "effective"):
            page = open_page(browser, f"{url}/{path}", DESKTOP)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.wait_for_timeout(500)
            assert page.locator('a[href^="javascript"]').count() == 0
            assert page.locator("img[src=x]").count() == 0
            assert page.locator('[data-testid="stMain"] strong', has_text="粗体").count() == 0
            screenshot_whole_page(page, ARTIFACTS / f"hostile-{path or 'overview'}.png")
            if path == "":  # captions carry their pillar's name on the overview
                cards = page.locator(CARD)
                label = cards.filter(has_text="342件").get_by_text(HOSTILE_HTML, exact=True)
                expect(label).to_be_visible()
                label = cards.filter(has_text="155篇").get_by_text(HOSTILE_MARKDOWN, exact=True)
                expect(label).to_be_visible()
                expect(page.get_by_text(HOSTILE_HTML).first).to_be_visible()
                expect(page.get_by_text(HOSTILE_MARKDOWN).first).to_be_visible()
                expect(page.locator('[data-testid="stImage"]')).to_have_count(1)
                caption = page.locator('[data-testid="stImageCaption"]')
                expect(caption).to_have_text(f"{HOSTILE_MARKDOWN} · 聚力政协")
            if path == "loyal":
                expect(page.get_by_text(HOSTILE_HTML, exact=True).first).to_be_visible()
                expect(page.get_by_text(HOSTILE_MARKDOWN, exact=True).first).to_be_visible()
            page.context.close()
        assert dialogs == []


HOSTILE_HOST = "127.0.0.9"  # nothing listens there; a request to it means data became markup


def test_org_and_pillar_names_from_data_are_text_not_markup(browser, tmp_path, default_input):
    """Names reach titles, links and notices: shown literally, never fetched or linked."""
    org = f"![x](http://{HOSTILE_HOST}/x.png)**粗体**政协"
    pillar = f"[链接](http://{HOSTILE_HOST}/)忠诚政协"
    tables = dict(default_input.tables)
    for name in ("metrics", "highlights", "captions"):
        t = tables[name]
        i = t.schema.get_field_index("org")
        tables[name] = t.set_column(i, t.schema.field(i), pa.array([org] * t.num_rows))
    pillars = tables["pillars"]
    names = [pillar if p == "loyal" else n for p, n in zip(
        pillars.column("pillar_id").to_pylist(), pillars.column("name").to_pylist(), strict=True
    )]  # fmt: skip
    i = pillars.schema.get_field_index("name")
    tables["pillars"] = pillars.set_column(i, pillars.schema.field(i), pa.array(names))
    root = tmp_path / "data"
    snapshots.publish(root, tables, input_name="hostile", input_sha256="0" * 64)
    with serve_app(root) as url:
        for path in ("", "loyal"):
            page = open_page(browser, f"{url}/{path}", DESKTOP)
            requests: list[str] = []
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.reload()
            wait_ready(page)
            main = page.locator('[data-testid="stMain"]')
            assert main.locator(f'img[src*="{HOSTILE_HOST}"]').count() == 0
            links = page.locator(f'a[href*="{HOSTILE_HOST}"]')
            where = "a => a.closest('[data-testid]').dataset.testid"
            assert links.count() == 0, [links.nth(k).evaluate(where) for k in range(links.count())]
            assert main.locator("strong", has_text="粗体").count() == 0
            title = page.locator("h1").first.inner_text().replace(WORD_JOINER, "")
            assert (org if path == "" else pillar) in title
            if path == "":
                links = page.locator('[data-testid="stPageLink"]').filter(has_text="查看")
                link = links.filter(has_text="忠诚政协")
                assert f"查看{pillar}" in link.inner_text().replace(WORD_JOINER, "")
            assert not [u for u in requests if HOSTILE_HOST in u], requests
            screenshot_whole_page(page, ARTIFACTS / f"hostile-names-{path or 'overview'}.png")
            page.context.close()


WORKBOOK_UPLOAD = '.st-key-upload [data-testid="stFileUploaderDropzoneInput"]'


def open_staff_page(browser, url: str, passcode: str):
    """Sign in from the overview and open 数据管理; the page, ready."""
    page = open_page(browser, url + "/", DESKTOP)
    assert page.get_by_text("数据管理").count() == 0
    sign_in(page, passcode)
    link = sidebar_link(page, "数据管理")
    expect(link).to_be_visible(timeout=30_000)  # the sign-in hashes the passcode first
    link.click()
    wait_ready(page)
    expect(page.get_by_role("heading", name="数据管理")).to_be_visible()
    return page


WARNINGS_TICK = "我已核对这些提醒，仍要发布"


def upload_and_fill_note(page, workbook: Path, note: str, *, warned: bool = False) -> None:
    """Upload, fill the note and, for a workbook that repeats another year (`warned`),
    tick that the warnings were read; then wait for the 发布 button to turn on."""
    page.locator(WORKBOOK_UPLOAD).set_input_files(str(workbook))
    expect(page.get_by_text("校验通过")).to_be_visible(timeout=30_000)
    page.get_by_label("发布备注（必填）").fill(note)
    page.get_by_label("发布备注（必填）").press("Enter")
    if warned:
        accept_warnings(page)
    # The button turns on only in the run that saw the note: that run has finished, and
    # no rerun is still on its way to read the live data again.
    expect(page.get_by_role("button", name="发布", exact=True)).to_be_enabled(timeout=30_000)
    wait_ready(page)


def accept_warnings(page) -> None:
    wait_ready(page)
    expect(page.get_by_role("button", name="发布", exact=True)).to_be_disabled()
    page.get_by_text(WARNINGS_TICK).click()


def test_staff_sign_in_upload_validate_and_publish(browser, published, tmp_path, default_input):
    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    good = tmp_path / "2024年数据.xlsx"
    write_workbook(good, as_year(default_input.tables, 2024))
    bad_case = next(c for c in CASES if c.name == "xlsx-text-in-number")
    (tmp_path / "bad").mkdir()
    bad = bad_case.build(tmp_path / "bad")
    before = snapshots.current_id(published)

    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_staff_page(browser, url, passcode)

        page.locator(WORKBOOK_UPLOAD).set_input_files(str(bad))
        expect(page.get_by_text("未通过校验：没有发布任何内容")).to_be_visible(timeout=30_000)
        expect(page.get_by_text(re.compile("共 1 处问题"))).to_be_visible()
        wait_ready(page)
        screenshot_whole_page(page, ARTIFACTS / "staff-refused-desktop.png")
        assert snapshots.current_id(published) == before

        upload_and_fill_note(page, good, "补充2024年数据", warned=True)
        expect(page.get_by_text("数字：新增 23，删除 0，修改 0", exact=True)).to_be_visible()
        expect(
            page.get_by_text(re.compile("中卫市政协 2024年有 23/23 个数字与2023年完全相同"))
        ).to_be_visible()
        page.get_by_role("button", name="发布", exact=True).click()
        expect(page.get_by_text(re.compile("已发布快照"))).to_be_visible(timeout=30_000)
        wait_ready(page)
        screenshot_whole_page(page, ARTIFACTS / "staff-published-desktop.png")

    after = snapshots.current_id(published)
    assert after != before
    manifest = snapshots.load_manifest(published, after)
    assert (manifest.note, manifest.input_name, manifest.publisher) == (
        "补充2024年数据",
        "2024年数据.xlsx",
        "工作人员",
    )
    assert manifest.input_sha256 == hashlib.sha256(good.read_bytes()).hexdigest()
    page.context.close()


def test_a_workbook_for_an_org_year_its_sources_do_not_report_on_asks_in_red(
    browser, published, tmp_path, default_input
):
    """A county's year filed with 中卫市政协's 来源 row: the page lists the scope, says in
    red what to confirm, and publishes only once it is ticked."""
    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    tables = under_org(default_input.tables, "测试甲县政协")
    book = tmp_path / "县政协.xlsx"
    write_workbook(book, tables)
    before = snapshots.current_id(published)
    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_staff_page(browser, url, passcode)
        page.locator(WORKBOOK_UPLOAD).set_input_files(str(book))
        expect(page.get_by_text("校验通过")).to_be_visible(timeout=30_000)
        page.get_by_label("发布备注（必填）").fill("县政协2023年")
        page.get_by_label("发布备注（必填）").press("Enter")
        wait_ready(page)
        expect(
            page.get_by_text("测试甲县政协 2023年：新的单位年度，删除 0、新增 23、修改 0")
        ).to_be_visible()
        alert = page.locator('[data-testid="stAlertContentError"]')
        expect(alert).to_contain_text("来源表中没有报道测试甲县政协 2023年的原文")
        publish = page.get_by_role("button", name="发布", exact=True)
        expect(publish).to_be_disabled()
        screenshot_whole_page(page, ARTIFACTS / "staff-confirm-scope-desktop.png")
        page.get_by_text("我已核对单位和年度，确认发布").click()
        expect(publish).to_be_enabled(timeout=30_000)
        wait_ready(page)
        publish.click()
        expect(page.get_by_text(re.compile("已发布快照"))).to_be_visible(timeout=30_000)
    assert snapshots.current_id(published) != before
    page.context.close()


def test_a_staff_publish_after_someone_else_published_is_refused_then_lands_on_top(
    browser, published, tmp_path, default_input
):
    """The staff member saw the changes against the 2023 snapshot; meanwhile another
    publisher added 2022. Publishing what was seen would drop 2022: the page refuses,
    compares again with the new live data, and the second click keeps every year."""
    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    book = tmp_path / "2024年数据.xlsx"
    write_workbook(book, as_year(default_input.tables, 2024))
    env = {passcodes.ENV_VAR: encoded, "ZWZX_FOLLOW_SECONDS": "0"}
    with serve_app(published, env=env) as url:
        page = open_staff_page(browser, url, passcode)
        upload_and_fill_note(page, book, "补充2024年数据", warned=True)
        live = reading.read_tables(published, snapshots.current_id(published))
        other = snapshots.publish(
            published,
            merge(live, as_year(default_input.tables, 2022)),
            input_name="2022.xlsx",
            input_sha256="0" * 64,
            note="另一位工作人员补充2022年",
        )
        page.get_by_role("button", name="发布", exact=True).click()
        expect(
            page.get_by_text(re.compile("未发布：你查看改动之后，看板数据已被他人更新"))
        ).to_be_visible(timeout=30_000)
        wait_ready(page)
        assert snapshots.current_id(published) == other.id
        screenshot_whole_page(page, ARTIFACTS / "staff-current-moved-desktop.png")

        accept_warnings(page)  # the ticks belong to the live data they were given on
        expect(page.get_by_role("button", name="发布", exact=True)).to_be_enabled()
        wait_ready(page)
        page.get_by_role("button", name="发布", exact=True).click()
        expect(page.get_by_text(re.compile("已发布快照"))).to_be_visible(timeout=30_000)
    assert snapshots.current_id(published) != other.id
    assert years_in(published) == [2022, 2023, 2024]
    page.context.close()


def test_five_wrong_passcodes_stay_throttled_after_a_reload_and_in_a_new_browser(
    browser, published
):
    encoded = passcodes.hash_passcode("zhongwei-staff-2024", iterations=passcodes.MIN_ITERATIONS)
    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_page(browser, url + "/", DESKTOP)
        open_sign_in(page)
        for _ in range(5):
            page.get_by_label("口令").fill("wrong-passcode")
            page.get_by_role("button", name="登录").click()
            wait_ready(page)
        expect(page.get_by_text(re.compile("已锁定：请 .*后再试"))).to_be_visible()
        page.reload()
        wait_ready(page)
        open_sign_in(page)
        expect(page.get_by_text(re.compile("已锁定：请 .*后再试"))).to_be_visible()
        assert page.get_by_label("口令").count() == 0
        page.context.close()
        fresh = open_page(browser, url + "/", DESKTOP)  # a new context: no cookies, no session
        open_sign_in(fresh)
        expect(fresh.get_by_text(re.compile("已锁定：请 .*后再试"))).to_be_visible()
        assert fresh.get_by_label("口令").count() == 0
        fresh.context.close()


def test_pages_a_session_may_not_open_answer_at_their_address_in_chinese(browser, published):
    passcode = "zhongwei-staff-2024"
    encoded = passcodes.hash_passcode(passcode, iterations=passcodes.MIN_ITERATIONS)
    with serve_app(published, env={passcodes.ENV_VAR: encoded}) as url:
        page = open_page(browser, url + "/compare", DESKTOP)  # one org, one year
        expect(page.get_by_text(re.compile("暂无可对比的内容"))).to_be_visible()
        page.goto(url + "/staff")
        wait_ready(page)
        expect(page.get_by_text(re.compile("数据管理需要工作人员账号"))).to_be_visible()
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        sign_in(page, passcode)
        expect(page.get_by_text("1. 准备工作簿")).to_be_visible()
        page.context.close()


CHROME = ["stSidebar", "stToolbar", "stHeader", "stDecoration", "stSidebarCollapsedControl"]
CONTROLS = "button, input, select, textarea, a[href], [role=button], [role=switch]"


def visible(page, selector: str) -> list:
    return [e for e in page.locator(selector).all() if e.is_visible()]


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["", "effective"])
def test_the_briefing_view_shows_no_streamlit_chrome_and_no_controls(
    browser, default_app, path, device
):
    url, _ = default_app
    viewport = DESKTOP if device == "desktop" else PHONE
    page = open_page(browser, f"{url}/{path}?briefing=1", viewport)
    page.mouse.move(viewport["width"] / 2, 300)  # hovering a chart shows no toolbar either
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    for testid in CHROME:
        assert visible(page, f'[data-testid="{testid}"]') == [], testid
    controls = [e.inner_text() for e in visible(page, CONTROLS)]
    assert controls == ["退出简报视图"], "no button, input or switch; one way out"
    page.emulate_media(media="print")
    assert visible(page, CONTROLS) == [], "the way out is never printed"
    page.emulate_media(media="screen")
    assert page.locator(".modebar").count() == 0
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() >= 1
    for chart in charts.all():
        assert chart.locator(".main-svg").count() > 0
        box = chart.bounding_box()
        assert box["width"] <= 960 + 1 and box["x"] >= 0
        if device == "desktop":
            assert box["width"] >= 900, "fixed width on a desktop"
    for text in PAGES[path][:3]:
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot_whole_page(page, ARTIFACTS / f"briefing-{path or 'overview'}-{device}.png")
    page.context.close()


def test_the_sidebar_switch_opens_the_briefing_view(browser, default_app):
    url, _ = default_app
    page = open_page(browser, url + "/cohesive", DESKTOP)
    page.locator('[data-testid="stSidebar"]').get_by_text("简报视图").click()
    page.wait_for_url(re.compile(r"briefing=1"))
    wait_ready(page)
    expect(page.get_by_role("heading", name="聚力政协")).to_be_visible()
    # The open page keeps the sidebar's element from before; it is no longer shown.
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    assert [e.inner_text() for e in visible(page, CONTROLS)] == ["退出简报视图"]
    assert "year=2023" in page.url
    page.get_by_text("退出简报视图").click()
    page.wait_for_url(re.compile(r"/cohesive$"))
    wait_ready(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    page.context.close()


def test_the_offline_html_draws_every_chart_without_the_network(browser, published, tmp_path):
    done = run_cli("export", "--format", "html", "--out", str(tmp_path), root=published)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    requests: list[str] = []
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()))
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(p => p.querySelector('.main-svg')).length === 1",  # 2023 has one chart
        timeout=30_000,
    )
    expect(page.get_by_text("中卫市政协2023年履职情况简报").first).to_be_visible()
    expect(page.get_by_text("50余次", exact=True).first).to_be_visible()
    page.locator(".js-plotly-plot").first.hover()
    tip = page.locator(".modebar-btn").first.evaluate("b => getComputedStyle(b, '::after').content")
    assert tip == '"下载图片（PNG）"', tip
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    page.screenshot(path=ARTIFACTS / "offline-html-desktop.png", full_page=True)
    context.close()
