"""Snapshots in S3-compatible object storage, against a real S3 API (moto's server on
loopback): the CLI publishes, every named query reads, rollback and prune, two publishers
at once, a publisher killed mid-way, hostile objects, and no credentials in what is said."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pandas as pd
import pytest

from zwzx_dash.ingest.load import load_input
from zwzx_dash.query.queries import Catalog
from zwzx_dash.store import location, reading, snapshots
from zwzx_dash.store.s3 import S3Objects

from . import s3_server
from .conftest import PROJECT, SOURCE_DIR, add_earlier_year, run_cli

ORG = "中卫市政协"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with s3_server.moto_server() as url:
        yield url


@pytest.fixture
def store_url(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty s3:// data location in a bucket of its own, set as ZWZX_DATA_DIR."""
    for name, value in s3_server.aws_env(endpoint).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ZWZX_PRUNE_GRACE_MINUTES", raising=False)
    url = f"s3://{s3_server.new_bucket(endpoint)}/zwzx"
    monkeypatch.setenv("ZWZX_DATA_DIR", url)
    return url


def store(url: str) -> S3Objects:
    found = location.location_of(url)
    assert isinstance(found, S3Objects)
    return found


def publish(where, data, note: str = "", onto=None) -> snapshots.Manifest:
    return snapshots.publish(
        where, data.tables, input_name=data.name, input_sha256=data.sha256, note=note, onto=onto
    )


def keys(url: str) -> list[str]:
    s3 = store(url)
    listed = s3_server.client(s3.settings.endpoint_url).list_objects_v2(Bucket=s3.bucket)
    return sorted(o["Key"] for o in listed.get("Contents", []))


def every_query(view) -> dict[str, pd.DataFrame | list | tuple]:
    """What each page asks of a snapshot: every named query, for the default org-year."""
    return {
        "headline": view.headline(ORG, 2023),
        "metrics": view.metrics(ORG, 2023),
        "pillar_metrics": view.pillar_metrics(ORG, 2023, "effective"),
        "topic_metrics": view.topic_metrics(ORG, 2023, "建言"),
        "topics_metrics": view.topics_metrics(ORG, 2023, ["建言", "协商"]),
        "highlights_mentioning": view.highlights_mentioning(ORG, 2023, ["群众", "民生"]),
        "find_figures": view.find_figures(ORG, 2023, "提案"),
        "quotes": view.quotes(ORG, 2023, view.year_sources(ORG, 2023)["source_id"].iloc[0]),
        "pillars": view.pillars(),
        "sections": view.sections(ORG, 2023),
        "section": view.section(ORG, 2023, "people"),
        "pillar_highlights": view.pillar_highlights(ORG, 2023, "loyal"),
        "pillar_captions": view.pillar_captions(ORG, 2023, "vibrant"),
        "captions": view.captions(ORG, 2023),
        "orgs": view.orgs(),
        "span": view.span(),
        "metric_ranking": view.metric_ranking(2023, "proposals", "件", org=ORG),
        "metric_across_orgs_years": view.metric_across_orgs_years([ORG], "proposals", "件"),
        "years": view.years(ORG),
        "metric_across_years": view.metric_across_years(ORG, "proposals"),
        "sources": view.sources(),
        "year_sources": view.year_sources(ORG, 2023),
        "source_title": view.source_title(ORG, 2023),
        "source": view.source(view.sources()["source_id"].iloc[0]),
    }


def test_the_cli_publishes_and_every_query_reads_as_from_disk(
    store_url, tmp_path, source_copy, default_input
):
    made = run_cli("init")
    assert made.returncode == 0, made.stderr
    add_earlier_year(source_copy)
    refreshed = run_cli("refresh", str(source_copy), "--note", "补 2022 年", "--accept-warnings")
    assert refreshed.returncode == 0, refreshed.stderr
    second = refreshed.stdout.strip()
    s3 = store(store_url)
    assert snapshots.current_id(s3) == second
    assert "zwzx/CURRENT" in keys(store_url)
    assert f"zwzx/snapshots/{second}/manifest.json" in keys(store_url)

    disk = tmp_path / "disk"
    on_disk = snapshots.publish(
        disk, reading.read_tables(s3, second), input_name="same", input_sha256=""
    )
    remote, local = every_query(Catalog(s3).pin()), every_query(Catalog(disk).pin(on_disk.id))
    assert remote.keys() == local.keys()
    for name, found in remote.items():
        if isinstance(found, pd.DataFrame):
            pd.testing.assert_frame_equal(found, local[name], obj=name)
            assert name in ("section", "pillar_captions") or len(found), name
        else:
            assert found == local[name], name
    assert remote["years"] == [2023, 2022]

    shown = run_cli("show")
    assert shown.returncode == 0 and "342件" in shown.stdout, shown.stderr
    listed = run_cli("snapshots")
    assert second in listed.stdout and "补 2022 年" in listed.stdout

    rolled = run_cli("rollback")
    assert rolled.returncode == 0, rolled.stderr
    assert snapshots.current_id(s3) == made.stdout.strip()
    refused = run_cli("rollback")
    assert refused.returncode == 2 and "最早" in refused.stderr


def test_prune_keeps_current_and_what_is_within_the_grace_period(
    store_url, default_input, monkeypatch
):
    s3 = store(store_url)
    a, b, c = (publish(s3, default_input, note=n).id for n in "abc")
    snapshots.rollback(s3, a)
    pruned = run_cli("prune", "--keep", "1")  # every snapshot is younger than 60 minutes
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.split() == []

    monkeypatch.setenv("ZWZX_PRUNE_GRACE_MINUTES", "0.02")  # 1.2 s
    time.sleep(1.5)
    snapshots.rollback(s3, b)  # CURRENT named a until just now: readers may still be on it
    assert snapshots.prune(s3, keep=1) == []  # c newest, b current, a replaced just now
    time.sleep(1.5)
    pruned = run_cli("prune", "--keep", "1")
    assert pruned.stdout.split() == [a]
    assert [m.id for m in snapshots.list_snapshots(s3)] == [b, c]
    assert snapshots.current_id(s3) == b
    assert not [k for k in keys(store_url) if a in k]


RACER = textwrap.dedent(
    """
    import pathlib, sys, time
    from zwzx_dash.ingest.load import load_input
    from zwzx_dash.store import location, reading, snapshots
    from zwzx_dash.store.s3 import S3Objects

    gate, me = pathlib.Path(sys.argv[1]), sys.argv[2]
    store = location.data_dir()
    real_swap = S3Objects.swap_current

    def swap_together(self, snapshot_id, expected):
        (gate / me).touch()  # uploaded: wait for the other publisher to get here too
        while len(list(gate.iterdir())) < 2:
            time.sleep(0.01)
        return real_swap(self, snapshot_id, expected)

    S3Objects.swap_current = swap_together
    data = load_input(pathlib.Path(sys.argv[3]))
    base = snapshots.current(store)
    try:
        m = snapshots.publish(store, data.tables, input_name=me, input_sha256="", onto=base)
        print("won", m.id)
    except snapshots.CurrentMoved as refused:
        print("refused", refused)
    """
)


def test_two_publishers_onto_the_same_snapshot_never_both_win(store_url, default_input, tmp_path):
    s3 = store(store_url)
    base = publish(s3, default_input).id
    gate = tmp_path / "gate"
    gate.mkdir()
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(gate), name, str(SOURCE_DIR)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )
        for name in ("甲", "乙")
    ]
    outcomes = [r.communicate(timeout=120) for r in racers]
    said = [out.strip() for out, _ in outcomes]
    assert sorted(s.split()[0] for s in said) == ["refused", "won"], outcomes
    refusal = next(s for s in said if s.startswith("refused"))
    assert "发布前数据已被他人更新" in refusal and "请在最新数据上重新发布" in refusal
    winner = next(s for s in said if s.startswith("won")).split()[1]
    assert snapshots.current_id(s3) == winner
    assert [m.id for m in snapshots.list_snapshots(s3)] == [base, winner]  # loser withdrew


KILLED = textwrap.dedent(
    """
    import os, pathlib, signal, sys
    from zwzx_dash.ingest.load import load_input
    from zwzx_dash.store import location, reading, snapshots
    from zwzx_dash.store.s3 import S3Objects

    when = sys.argv[1]
    if when == "before-manifest":
        real_upload = S3Objects._upload
        def upload(self, path, key):
            if path.name == "manifest.json":
                os.kill(os.getpid(), signal.SIGKILL)
            real_upload(self, path, key)
        S3Objects._upload = upload
    else:
        S3Objects.swap_current = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
    data = load_input(pathlib.Path(sys.argv[2]))
    snapshots.publish(location.data_dir(), data.tables, input_name="x", input_sha256="")
    """
)


def test_a_publisher_killed_before_the_swap_leaves_current_and_readers_as_they_were(
    store_url, default_input, monkeypatch
):
    s3 = store(store_url)
    live = publish(s3, default_input).id
    for when in ("before-manifest", "before-swap"):
        killed = subprocess.run(
            [sys.executable, "-c", KILLED, when, str(SOURCE_DIR)], cwd=PROJECT, timeout=120
        )
        assert killed.returncode == -9
        assert snapshots.current_id(s3) == live
        assert Catalog(s3).pin().headline(ORG, 2023)["text"].tolist()[:2] == ["342件", "155篇"]
    prefixes = [i for i in s3.snapshot_ids() if i != live]
    assert len(prefixes) == 2
    listed = [m.id for m in snapshots.list_snapshots(s3)]
    # The upload that never finished has no manifest: it is not a snapshot. The complete
    # one that was never made current is listed, as a folder renamed in place is on disk.
    unfinished = next(i for i in prefixes if i not in listed)
    assert not [k for k in keys(store_url) if unfinished in k and k.endswith("manifest.json")]
    assert snapshots.prune(s3, keep=5) == []  # younger than the grace period: kept
    monkeypatch.setenv("ZWZX_PRUNE_GRACE_MINUTES", "0")
    assert unfinished in snapshots.prune(s3, keep=5)
    assert unfinished not in s3.snapshot_ids()
    assert snapshots.current_id(s3) == live


def test_current_naming_a_path_outside_the_snapshots_is_refused(store_url, default_input):
    s3 = store(store_url)
    publish(s3, default_input)
    client = s3_server.client(s3.settings.endpoint_url)
    client.put_object(Bucket=s3.bucket, Key="zwzx/CURRENT", Body=b"../../other/CURRENT\n")
    shown = run_cli("show")
    assert shown.returncode == 2
    assert "快照编号格式不对" in shown.stderr and "Traceback" not in shown.stderr


def test_a_manifest_that_lies_about_a_hash_is_caught(store_url, default_input):
    s3 = store(store_url)
    good = publish(s3, default_input).id
    client = s3_server.client(s3.settings.endpoint_url)
    forged = "20230101T000000000000Z-0badf00d"
    for key in keys(store_url):
        if f"/{good}/" in key and not key.endswith("manifest.json"):
            body = client.get_object(Bucket=s3.bucket, Key=key)["Body"].read()
            client.put_object(Bucket=s3.bucket, Key=key.replace(good, forged), Body=body)
    manifest = json.loads(s3.read(good, "manifest.json"))
    manifest["id"] = forged
    manifest["files"]["metrics.parquet"] = "0" * 64
    body = json.dumps(manifest).encode()
    client.put_object(Bucket=s3.bucket, Key=f"zwzx/snapshots/{forged}/manifest.json", Body=body)
    with pytest.raises(snapshots.SnapshotError, match=r"metrics\.parquet 与清单不符"):
        snapshots.verify(s3, forged)
    refused = run_cli("rollback", forged)
    assert refused.returncode == 2 and "与清单不符" in refused.stderr
    assert snapshots.current_id(s3) == good


@pytest.mark.parametrize("where", ["missing-bucket", "closed-port"])
def test_credentials_never_appear_in_what_is_said(store_url, endpoint, where, monkeypatch):
    if where == "missing-bucket":
        monkeypatch.setenv("ZWZX_DATA_DIR", "s3://zwzx-no-such-bucket/zwzx")
    else:
        with __import__("socket").socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    said = [run_cli(*args) for args in (["snapshots"], ["init"], ["refresh", str(SOURCE_DIR)])]
    for done in said:
        assert done.returncode != 0
        assert "对象存储" in done.stderr, done.stderr
        for secret in (s3_server.KEY_ID, s3_server.SECRET):
            assert secret not in done.stderr + done.stdout
    assert s3_server.SECRET not in repr(store(store_url)) + str(store(store_url))


def test_the_environment_wins_and_secrets_toml_fills_in(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    given = {"access_key_id": "from-toml", "secret_access_key": "toml-secret", "region": "r"}
    found = location.location_of("s3://bucket/a/b/", s3=given)
    assert isinstance(found, S3Objects)
    assert (found.bucket, found.prefix, str(found)) == ("bucket", "a/b", "s3://bucket/a/b")
    settings = found.settings
    assert settings.access_key_id == "from-toml" and settings.endpoint_url == "http://127.0.0.1:9"
    assert "toml-secret" not in repr(found)


def test_a_snapshot_with_a_photo_publishes_verifies_and_prunes_on_s3(
    store_url, tmp_path, monkeypatch
):
    s3 = store(store_url)
    from .photo_files import folder_with_photos, image_bytes

    shared, gone = image_bytes("PNG", color="#111111"), image_bytes("JPEG", color="#EEEEEE")
    data = load_input(folder_with_photos(tmp_path / "a", {"s.png": shared, "g.jpg": gone}))
    first = snapshots.publish(
        s3, data.tables, input_name="a", input_sha256=data.sha256, new_photos=data.photos
    )
    assert sorted(first.photos) == ["g.jpg", "s.png"]
    photo_keys = [k for k in keys(store_url) if k.startswith("zwzx/photos/")]
    assert photo_keys == sorted(f"zwzx/photos/{n}" for n in first.photos.values())
    assert snapshots.verify(s3, first.id) == first
    again = load_input(folder_with_photos(tmp_path / "b", {"s.png": shared}))
    second = snapshots.publish(
        s3, again.tables, input_name="b", input_sha256="0", new_photos=again.photos
    )
    assert second.photos == {"s.png": first.photos["s.png"]}  # stored once, shared
    monkeypatch.setenv("ZWZX_PRUNE_GRACE_MINUTES", "0")
    assert snapshots.prune(s3, keep=1) == [first.id]
    assert [k for k in keys(store_url) if k.startswith("zwzx/photos/")] == [
        f"zwzx/photos/{first.photos['s.png']}"
    ]
    s3_server.client(s3.settings.endpoint_url).delete_object(
        Bucket=s3.bucket, Key=f"zwzx/photos/{first.photos['s.png']}"
    )
    with pytest.raises(snapshots.SnapshotError, match="缺失"):
        snapshots.verify(s3, second.id)
