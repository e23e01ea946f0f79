"""Named queries over a pinned snapshot, and readers racing publishers."""

import threading

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from zwzx_dash.query.queries import QUERIES, Catalog
from zwzx_dash.store import reading, snapshots

ORG, YEAR = "中卫市政协", 2023


@pytest.fixture
def view(published):
    return Catalog(published).pin()


def test_headline_figures_as_written(view):
    frame = view.headline(ORG, YEAR)
    assert frame["text"].tolist() == ["342件", "155篇", "50余次", "24篇", "12项", "90多次"]
    assert frame.loc[frame.text == "50余次", "qualifier"].item() == "over"


def test_a_pillar_has_figures_highlights_and_captions(view):
    figures = view.pillar_metrics(ORG, YEAR, "vibrant")
    assert figures["text"].tolist() == ["两期", "36次"]
    highlights = view.pillar_highlights(ORG, YEAR, "loyal")
    assert highlights["title"].tolist()[0] == "坚持党对政协工作的全面领导"
    assert len(view.pillar_captions(ORG, YEAR, "effective")) == 3
    assert view.pillar_metrics(ORG, YEAR, "people").empty
    assert view.section(ORG, YEAR, "people")["source_status"].item() == "missing"
    assert view.section(ORG, YEAR, "loyal")["heading"].item() == "坚持党的领导"
    assert view.section("测试甲县政协", YEAR, "loyal")["source_status"].item() == "none"


def test_years_orgs_topics_and_a_figure_across_years(view):
    assert view.orgs() == [ORG]
    assert view.years(ORG) == [YEAR]
    assert view.years("不存在的政协") == []
    suggestions = view.topic_metrics(ORG, YEAR, "建言")
    assert suggestions["unit"].unique().tolist() == ["条"]
    assert len(suggestions) == 5
    across = view.metric_across_years(ORG, "consultations")
    assert across[["year", "text"]].values.tolist() == [[2023, "50余次"]]
    all_metrics = view.metrics(ORG, YEAR)
    assert "source_title" in all_metrics and all_metrics["source_title"].notna().all()
    assert len(view.captions(ORG, YEAR)) == 7
    assert view.sources()["source_id"].tolist() == ["zw-cppcc-2023-review"]


def test_values_are_bound_not_spliced(view):
    hostile = "中卫市政协' OR '1'='1"
    assert view.headline(hostile, YEAR).empty
    for sql in QUERIES.values():
        assert "'" not in sql  # no literals: every value is a $parameter


def test_a_view_stays_on_its_snapshot_after_a_publish(published, default_input):
    catalog = Catalog(published)
    old = catalog.pin()
    tables = dict(default_input.tables)
    tables["metrics"] = tables["metrics"].filter(pc.field("headline"))
    snapshots.publish(published, tables, input_name="x", input_sha256="0" * 64)
    assert len(old.metrics(ORG, YEAR)) == default_input.tables["metrics"].num_rows
    assert len(catalog.pin().metrics(ORG, YEAR)) == 6


def generation_tables(default_input, generation: int) -> dict[str, pa.Table]:
    """The default data with every figure set to `generation`, to tell snapshots apart."""
    tables = dict(default_input.tables)
    metrics = tables["metrics"]
    values = pa.array([float(generation)] * metrics.num_rows, pa.float64())
    index = metrics.schema.get_field_index("value")
    tables["metrics"] = metrics.set_column(index, metrics.schema.field(index), values)
    return tables


def test_readers_racing_publishers_always_see_one_whole_snapshot(data_root, default_input):
    def publish(generation: int) -> None:
        snapshots.publish(
            data_root,
            generation_tables(default_input, generation),
            input_name="gen",
            input_sha256="0" * 64,
            note=str(generation),
        )

    publish(0)
    catalog = Catalog(data_root)
    errors: list[BaseException] = []
    seen: set[int] = set()
    done = threading.Event()

    def reader() -> None:
        try:
            for i in range(200):
                view = catalog.pin()  # resolves CURRENT, as a page run does
                frame = view.headline(ORG, YEAR) if i % 2 else view.metrics(ORG, YEAR)
                generation = int(view.manifest.note)
                assert set(frame["value"]) == {float(generation)}
                assert len(frame) in (6, default_input.tables["metrics"].num_rows)
                seen.add(generation)
        except BaseException as err:  # report every failure from the threads
            errors.append(err)

    def publisher() -> None:
        try:
            for generation in range(1, 21):
                publish(generation)
        except BaseException as err:
            errors.append(err)
        finally:
            done.set()

    threads = [threading.Thread(target=reader) for _ in range(8)]
    writer = threading.Thread(target=publisher)
    for t in [writer, *threads]:
        t.start()
    for t in [writer, *threads]:
        t.join(timeout=300)
    assert not errors, errors[:3]
    assert done.is_set()
    assert len(snapshots.list_snapshots(data_root)) == 21
    assert len(seen) > 1, "readers should have seen more than one snapshot"


def test_quotes_and_documents_are_those_of_the_chosen_org_and_year(two_orgs):
    view = Catalog(two_orgs).pin()
    ours = view.quotes(ORG, YEAR, "zw-cppcc-2023-review")
    (their_source,) = view.year_sources("测试甲县政协", YEAR)["source_id"].tolist()
    assert their_source != "zw-cppcc-2023-review", "a county cites its own document"
    theirs = view.quotes("测试甲县政协", YEAR, their_source)
    assert any("342件" in q for q in ours) and not any("测试用" in q for q in ours)
    assert any("337件" in q for q in theirs)
    assert view.year_sources(ORG, YEAR)["source_id"].tolist() == ["zw-cppcc-2023-review"]
    assert view.year_sources(ORG, 1999).empty


def test_one_figure_ranked_across_orgs_and_followed_across_years(two_orgs):
    view = Catalog(two_orgs).pin()
    assert view.span() == (3, 1)
    ranked = view.metric_ranking(YEAR, "proposals", "件", n=10)
    assert ranked["org"].tolist() == ["测试乙县政协", ORG, "测试甲县政协"]
    assert ranked["text"].tolist() == ["347件", "342件", "337件"]
    assert ranked["rank"].tolist() == [1, 2, 3] and set(ranked["total"]) == {3}
    first_and_last = view.metric_ranking(YEAR, "proposals", "件", n=1)
    assert first_and_last["rank"].tolist() == [1, 3]
    with_own = view.metric_ranking(YEAR, "proposals", "件", n=1, org=ORG)
    assert with_own["org"].tolist() == ["测试乙县政协", ORG, "测试甲县政协"], "its own row"
    assert view.metric_ranking(YEAR, "proposals", "篇")["other_units"].tolist() == []
    bounds = view.metric_ranking(YEAR, "consultations", "次")
    assert set(bounds["qualifier"]) == {"over"} and "50余次" in bounds["text"].tolist()
    across = view.metric_across_orgs_years(["测试乙县政协", ORG], "proposals", "件")
    assert across[["org", "year", "text"]].values.tolist() == [
        ["测试乙县政协", YEAR, "347件"],
        [ORG, YEAR, "342件"],
    ]
    assert view.metric_across_orgs_years([ORG], "proposals", "篇").empty


def damage(root, snapshot_id: str, table: str = "metrics") -> None:
    path = snapshots.table_path(root, snapshot_id, table)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_current_snapshot_gives_way_to_the_last_good_one(published, default_input):
    good = snapshots.current_id(published)
    bad = snapshots.publish(
        published, default_input.tables, input_name="x", input_sha256="0" * 64
    ).id
    damage(published, bad)
    view = Catalog(published).pin()
    assert view.snapshot_id == good
    assert view.stands_in_for is not None and view.stands_in_for[0] == bad
    assert "无法读取" in view.stands_in_for[1] or "与清单不符" in view.stands_in_for[1]
    assert "342件" in view.headline("中卫市政协", 2023)["text"].tolist()
    with pytest.raises(snapshots.SnapshotError):
        Catalog(published).pin(bad)


def test_with_no_good_snapshot_left_pinning_says_why(published):
    only = snapshots.current_id(published)
    damage(published, only, "sources")
    with pytest.raises(snapshots.SnapshotError, match=only):
        Catalog(published).pin()


def test_a_ranking_counts_the_orgs_whose_year_lacks_the_figure(two_orgs):
    tables = reading.read_tables(two_orgs, snapshots.current_id(two_orgs))
    metrics = tables["metrics"]
    lacks = (pc.field("org") == "测试甲县政协") & (pc.field("metric_id") == "proposals")
    tables["metrics"] = metrics.filter(~lacks)
    snapshots.publish(two_orgs, tables, input_name="x", input_sha256="0" * 64)
    ranked = Catalog(two_orgs).pin().metric_ranking(YEAR, "proposals", "件", n=10)
    assert ranked["org"].tolist() == ["测试乙县政协", ORG]
    assert set(ranked["lacking"]) == {1} and set(ranked["total"]) == {2}
